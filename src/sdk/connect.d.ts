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

export interface ConnectOptions {
  /** Asks your backend for a session; returns its `connect_url` (or the whole JSON answer). */
  getConnectUrl: () => Promise<string | { connect_url: string }> | string | { connect_url: string };
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

export type ConnectOutcome = { status: 'connected'; result: ConnectResult } | { status: 'abandoned' };

export interface WhatsPortalSdk {
  /** Call from a click handler: the tab opens at once. */
  connect(options: ConnectOptions): Promise<ConnectOutcome>;
  version: '1';
}

declare global {
  interface Window {
    WhatsPortal: WhatsPortalSdk;
  }
}
