// Type declarations of the WhatsPortal Connect SDK v1 (`/sdk/v1/connect.js`).

export interface WhatsAppConnected {
  type: 'whatsportal:connect:success';
  account_id: string;
  waba_id: string;
  phone_number_id: string;
  /** `false` for a test key's session. */
  livemode: boolean;
  state?: string;
}

export interface PagesConnected {
  type: 'whatsportal:connect:success';
  pages: { id: string; name: string; category: string }[];
  /** `false` for a test key's session. */
  livemode: boolean;
  state?: string;
}

export type ConnectResult = WhatsAppConnected | PagesConnected;

export interface WhatsPortalError extends Error {
  name: 'WhatsPortalError';
  code: 'popup_blocked' | 'invalid_options' | 'no_connect_url' | 'foreign_connect_url' | 'get_connect_url_failed';
}

/** What `getConnectUrl` is told: how the page will open, and the return URL to name. */
export interface ConnectContext {
  mode: 'tab' | 'redirect';
  /** `options.returnUrl`: have your backend create the session with it as `returnUrl`. */
  returnUrl?: string;
}

export interface ConnectOptions {
  /** Asks your backend for a session; returns its `connect_url` (or the whole JSON answer). */
  getConnectUrl: (
    context: ConnectContext,
  ) => Promise<string | { connect_url: string }> | string | { connect_url: string };
  /**
   * `'tab'` (the default): a new tab, the result posted back to this page.
   * `'redirect'`: this page goes to the connect page, which sends the customer to the
   * session's return URL when done (read it there with `readReturn`).
   */
  mode?: 'tab' | 'redirect';
  /** `'redirect'`: when the browser blocks the tab, go on in redirect mode instead of failing. */
  fallback?: 'redirect';
  /** One of your registered return URLs, passed to `getConnectUrl` for the session. */
  returnUrl?: string;
  onSuccess?: (result: ConnectResult) => void;
  /** The customer closed the tab without connecting. */
  onAbandon?: () => void;
  onError?: (error: WhatsPortalError | Error) => void;
  /** When set, only a result carrying this `state` is accepted. */
  state?: string;
  /**
   * WhatsPortal's origin (`https://connect.example.com`). Only needed when this file is
   * bundled with your own code instead of loaded from WhatsPortal: by default the origin
   * it was loaded from. Results are accepted from this origin only.
   */
  origin?: string;
}

export type ConnectOutcome =
  | { status: 'connected'; result: ConnectResult }
  | { status: 'abandoned' }
  /** Redirect mode: this page is going to the connect page. */
  | { status: 'redirecting' };

/** What a return URL was given. Confirm it on your server before relying on it. */
export interface ReturnOutcome {
  status: 'connected' | 'cancelled' | 'expired' | 'failed';
  session_id: string;
  /** Only in the browser that opened the session. */
  account_id?: string;
  /** Only in the browser that opened the session, when the session had one. */
  state?: string;
}

export interface WhatsPortalSdk {
  /** Call from a click handler: the tab opens at once. */
  connect(options: ConnectOptions): Promise<ConnectOutcome>;
  /** The outcome in a return URL (default: this page's), or null when it carries none. */
  readReturn(href?: string): ReturnOutcome | null;
  version: '1';
}

declare global {
  interface Window {
    WhatsPortal: WhatsPortalSdk;
  }
}
