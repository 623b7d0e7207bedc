// A Meta double for the live-mode browser tests, written from docs/meta.md and
// sharing no code with the product's simulator. It answers at Meta's own hostnames
// (Chromium maps connect.facebook.net, www.facebook.com and web.facebook.com to it, and
// its certificate is made with openssl at test time): Meta's JS SDK, the Embedded Signup
// and Facebook Login dialogs, which post Meta's message events among messages of the
// SDK's own; Facebook Login's full-page dialog, which sends the customer back to the
// redirect_uri with a code bound to it and the unchanged state; and, on a second
// plain-HTTP port, the Graph API the server calls.
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const APP_ID = '515151515151';
export const APP_SECRET = 'browser-double-secret';
export const CONFIG_ID = '616161616161';
export const PAGES_CONFIG_ID = '626262626262';

/** `onApp`: on the WhatsApp Business app (coexistence): connected already, and a
 * register would take it off the app. */
export interface DoubleNumber { id: string; display: string; pin?: string; onApp?: boolean; unverified?: boolean }
export interface DoubleWaba { id: string; name: string; numbers: DoubleNumber[] }
export interface DoublePage { id: string; name: string; token: boolean }

/** What the next Embedded Signup dialog does. */
export interface SignupScenario {
  host: 'www' | 'web';
  waba: DoubleWaba;
  /** The number the customer picks; none: FINISH_ONLY_WABA. */
  phone?: string;
  sendEvent: boolean;
  sendCode: boolean;
  /** The Business app path (launched with featureType whatsapp_business_app_onboarding):
   * `joined` finishes with only the WABA, `refused` reports Meta's error instead. */
  businessApp?: 'joined' | 'refused';
}

export interface MetaDouble {
  /** Where Chromium's host rules send Meta's hostnames. */
  httpsPort: number;
  graphUrl: string;
  nextSignup: (scenario: SignupScenario) => void;
  nextPagesLogin: (pages: DoublePage[]) => void;
  /** FB.login's options, as the dialog received them. */
  logins: Record<string, unknown>[];
  /** How many times each Graph route was called (`smb_app_data/history`, ... per sync type). */
  calls: Record<string, number>;
  /** Business app numbers a register took off the app (docs/meta.md: never do it). */
  takenOffApp: string[];
  /** What `POST {waba}/phone_numbers` was asked to add, and the `request_code` bodies. */
  added: Record<string, unknown>[];
  codeRequests: Record<string, unknown>[];
  /** The last code "sent" to each added number, as the customer reads it. */
  sentCodes: Map<string, string>;
  close: () => Promise<void>;
}

function certificate(): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(path.join(tmpdir(), 'meta-double-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=facebook.com',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    '-addext', 'subjectAltName=DNS:connect.facebook.net,DNS:www.facebook.com,DNS:web.facebook.com,DNS:facebook.com',
  ], { stdio: 'ignore' });
  return { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) };
}

// Meta's JS SDK as the connect page uses it: FB.init, FB.login (a popup on a Facebook
// host; the dialog reports the login's result through the SDK's own messages), FB.logout.
const SDK = `(function () {
  var appId = '';
  function isFacebook(origin) {
    var m = /^https:\\/\\/([a-z0-9.-]+)$/.exec(origin);
    return !!m && (m[1] === 'facebook.com' || /\\.facebook\\.com$/.test(m[1]));
  }
  window.FB = {
    init: function (options) { appId = String(options.appId || ''); },
    logout: function (cb) { setTimeout(function () { if (cb) cb({ status: 'unknown' }); }, 0); },
    login: function (cb, options) {
      var params = new URLSearchParams({ app_id: appId, opener: location.origin, options: JSON.stringify(options || {}) });
      var popup = window.open('https://www.facebook.com/v23.0/dialog/oauth?' + params, 'fb_double', 'width=500,height=600');
      var done = false;
      function finish(response) {
        if (done) return;
        done = true;
        window.removeEventListener('message', onMessage);
        clearInterval(timer);
        cb(response);
      }
      function onMessage(event) {
        if (!isFacebook(event.origin) || !event.data || event.data.type !== 'fb-double:login') return;
        finish(event.data.response);
      }
      window.addEventListener('message', onMessage);
      var timer = setInterval(function () { if (popup && popup.closed) finish({ authResponse: null, status: 'unknown' }); }, 250);
    },
  };
  if (typeof window.fbAsyncInit === 'function') window.fbAsyncInit();
})();`;

function dialogPage(opener: string, script: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Facebook (double)</title></head>
<body><p>Meta double dialog</p><script>
var opener = window.opener, target = ${JSON.stringify(opener)};
function post(message) { if (opener) opener.postMessage(message, target); }
${script}
setTimeout(function () { window.close(); }, 150);
</script></body></html>`;
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  // Meta's CDN serves the SDK to pages that load it with crossorigin="anonymous".
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function metaError(res: ServerResponse, status: number, code: number, message: string, subcode?: number) {
  send(res, status, { error: { message, type: 'OAuthException', code, error_subcode: subcode, fbtrace_id: 'AbrowserDouble' } });
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

export async function startMetaDouble(): Promise<MetaDouble> {
  const signups: SignupScenario[] = [];
  const pagesLogins: DoublePage[][] = [];
  const logins: Record<string, unknown>[] = [];
  const calls: Record<string, number> = {};
  const codes = new Map<string, { waba: DoubleWaba; used: boolean }>();
  // Codes of the full-page dialog: exchanged once, with the dialog's redirect_uri only.
  const dialogCodes = new Map<string, { pages: DoublePage[]; redirectUri: string; used: boolean }>();
  const businessTokens = new Map<string, DoubleWaba>();
  const userTokens = new Map<string, DoublePage[]>();
  const pageTokens = new Map<string, string>();
  const registered = new Map<string, string>();
  const takenOffApp: string[] = [];
  const synced = new Set<string>();
  const added: Record<string, unknown>[] = [];
  const codeRequests: Record<string, unknown>[] = [];
  const sentCodes = new Map<string, string>();
  const mint = (prefix: string) => prefix + randomBytes(16).toString('hex');

  const https = createHttps(certificate(), async (req, res) => {
    const url = new URL(req.url ?? '/', `https://${req.headers.host}`);
    if (url.hostname === 'connect.facebook.net' && url.pathname.endsWith('/sdk.js')) {
      return send(res, 200, SDK, 'text/javascript');
    }
    if (!url.pathname.endsWith('/dialog/oauth')) return send(res, 404, 'not found', 'text/plain');
    const redirectUri = url.searchParams.get('redirect_uri');
    if (redirectUri) {
      // The full-page dialog: the customer logs in and Meta redirects back.
      const asked = Object.fromEntries(url.searchParams);
      logins.push({ full_page: true, ...asked });
      const code = mint('AQD');
      dialogCodes.set(code, { pages: pagesLogins.shift() ?? [], redirectUri, used: false });
      const back = new URL(redirectUri);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { Location: back.toString(), 'Cache-Control': 'no-store' });
      return res.end();
    }
    const options = JSON.parse(url.searchParams.get('options') ?? '{}');
    // Meta's regional redirect: the dialog, and its events, end up on web.facebook.com.
    if (options.config_id === CONFIG_ID && signups[0]?.host === 'web' && url.hostname === 'www.facebook.com') {
      res.writeHead(302, { Location: `https://web.facebook.com${url.pathname}${url.search}` });
      return res.end();
    }
    logins.push(options);
    const opener = url.searchParams.get('opener') ?? '*';
    const noise = `post('_fb_xd_ping'); post({ type: 'fb-double:noise' }); post(JSON.stringify({ type: 'XD_INTERNAL', event: 'FINISH' }));`;
    if (options.config_id !== CONFIG_ID) {
      const pages = pagesLogins.shift() ?? [];
      const token = mint('EAAU');
      userTokens.set(token, pages);
      const response = { authResponse: { accessToken: token, userID: '7001', expiresIn: 3600 }, status: 'connected' };
      return send(res, 200, dialogPage(opener, `${noise} post({ type: 'fb-double:login', response: ${JSON.stringify(response)} });`), 'text/html');
    }
    const scenario = signups.shift();
    if (!scenario) return send(res, 500, 'no signup scenario', 'text/plain');
    const code = mint('AQ');
    codes.set(code, { waba: scenario.waba, used: false });
    const data: Record<string, string> = { waba_id: scenario.waba.id, business_id: '2729063490586005' };
    if (scenario.phone) data.phone_number_id = scenario.phone;
    let event = JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event: scenario.phone ? 'FINISH' : 'FINISH_ONLY_WABA', data });
    if (scenario.businessApp === 'joined') {
      // docs/meta.md: the coexistence finish may carry only the WABA.
      event = JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event: 'FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING', data: { waba_id: scenario.waba.id } });
    } else if (scenario.businessApp === 'refused') {
      event = JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: {
        error_message: 'This phone number is not eligible to onboard from the WhatsApp Business app',
        error_code: '2388093', session_id: 'b41e5a0c7d2f4e1', timestamp: '1764800000' } });
    }
    const response = scenario.sendCode && scenario.businessApp !== 'refused'
      ? { authResponse: { code, userID: '', expiresIn: 0 }, status: 'connected' }
      : { authResponse: null, status: 'unknown' };
    const script = `${noise} ${scenario.sendEvent ? `post(${JSON.stringify(event)});` : ''} post({ type: 'fb-double:login', response: ${JSON.stringify(response)} });`;
    return send(res, 200, dialogPage(opener, script), 'text/html');
  });

  const graph: Server = createHttp(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://graph');
    const parts = url.pathname.split('/').filter(Boolean).slice(1);
    const route = parts.length === 2 && parts[0] !== 'oauth' && parts[0] !== 'me' ? parts[1] : parts.length === 1 && parts[0] !== 'debug_token' ? 'node' : parts.join('/');
    calls[route] = (calls[route] ?? 0) + 1;
    const text = req.method === 'POST' ? await body(req) : '';
    const p = url.searchParams;
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const proofOk = bearer !== '' && p.get('appsecret_proof') === createHmac('sha256', APP_SECRET).update(bearer).digest('hex');
    if (route === 'oauth/access_token') {
      if (p.get('client_id') !== APP_ID || p.get('client_secret') !== APP_SECRET) return metaError(res, 400, 101, 'Error validating application.');
      if (p.get('grant_type') === 'fb_exchange_token') {
        const pages = userTokens.get(p.get('fb_exchange_token') ?? '');
        if (!pages) return metaError(res, 400, 190, 'Invalid OAuth access token.', 463);
        const long = mint('EAAL');
        userTokens.set(long, pages);
        return send(res, 200, { access_token: long, token_type: 'bearer', expires_in: 5183944 });
      }
      // docs/meta.md: a full-page dialog's code needs the same redirect_uri; the SDK's, none.
      const redirectUri = p.get('redirect_uri') ?? '';
      const redirectDiffers = () => metaError(res, 400, 100, 'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request', 36008);
      const dialogCode = dialogCodes.get(p.get('code') ?? '');
      if (dialogCode) {
        if (dialogCode.used) return metaError(res, 400, 100, 'This authorization code has been used.', 36009);
        if (dialogCode.redirectUri !== redirectUri) return redirectDiffers();
        dialogCode.used = true;
        const user = mint('EAAU');
        userTokens.set(user, dialogCode.pages);
        return send(res, 200, { access_token: user, token_type: 'bearer', expires_in: 5183 });
      }
      if (redirectUri !== '') return redirectDiffers();
      const entry = codes.get(p.get('code') ?? '');
      if (!entry) return metaError(res, 400, 100, 'Invalid verification code format.', 36008);
      if (entry.used) return metaError(res, 400, 100, 'This authorization code has been used.', 36009);
      entry.used = true;
      const token = mint('EAAB');
      businessTokens.set(token, entry.waba);
      return send(res, 200, { access_token: token, token_type: 'bearer' });
    }
    if (!proofOk) return metaError(res, 400, 100, 'Invalid appsecret_proof provided in the API argument');
    if (route === 'debug_token') {
      const known = businessTokens.has(p.get('input_token') ?? '');
      return send(res, 200, { data: { app_id: APP_ID, type: 'SYSTEM_USER', application: 'Double', is_valid: known, expires_at: 0,
        scopes: ['business_management', 'whatsapp_business_manage_events'],
        granular_scopes: [{ scope: 'business_management' }, { scope: 'whatsapp_business_manage_events' }] } });
    }
    if (route === 'me/accounts') {
      const pages = userTokens.get(bearer);
      if (!pages) return metaError(res, 400, 190, 'Invalid OAuth access token.', 463);
      const data = pages.map((page) => {
        const listed: Record<string, unknown> = { id: page.id, name: page.name, category: 'Shop', tasks: ['MESSAGING', 'MANAGE'] };
        if (page.token) {
          const token = mint('EAAP');
          pageTokens.set(token, page.id);
          listed.access_token = token;
        }
        return listed;
      });
      return send(res, 200, { data, paging: { cursors: { before: 'B', after: 'A' } } });
    }
    if (route === 'node' && parts[0] === 'me') {
      // GET /me?fields=id: the app-scoped id of the Facebook Login user.
      if (!userTokens.has(bearer)) return metaError(res, 400, 190, 'Invalid OAuth access token.', 463);
      return send(res, 200, { id: '7001000000000001' });
    }
    const node = parts[0];
    if (route === 'subscribed_apps') {
      const page = pageTokens.get(bearer);
      const waba = businessTokens.get(bearer);
      if ((page && page === node) || (waba && waba.id === node)) return send(res, 200, { success: true });
      return metaError(res, 403, 200, '(#200) Permissions error');
    }
    const waba = businessTokens.get(bearer);
    if (!waba) return metaError(res, 400, 190, 'Invalid OAuth access token.', 463);
    const number = waba.numbers.find((n) => n.id === node);
    if (route === 'node') {
      if (node === waba.id) return send(res, 200, { id: waba.id, name: waba.name, currency: 'USD', timezone_id: '1', message_template_namespace: 'double' });
      if (!number) return metaError(res, 400, 100, `Unsupported get request. Object with ID '${node}' does not exist`, 33);
      const on = registered.has(number.id) || (number.onApp === true && !takenOffApp.includes(number.id));
      // Send readiness (health_status): a number not registered yet cannot send.
      const phone = on
        ? { entity_type: 'PHONE_NUMBER', id: number.id, can_send_message: 'AVAILABLE' }
        : { entity_type: 'PHONE_NUMBER', id: number.id, can_send_message: 'BLOCKED',
            errors: [{ error_code: 141001, error_description: 'The phone number is not registered.', possible_solution: 'Register it.' }] };
      const health = { can_send_message: on ? 'AVAILABLE' : 'BLOCKED',
        entities: [phone, { entity_type: 'WABA', id: waba.id, can_send_message: 'AVAILABLE' }] };
      return send(res, 200, { id: number.id, status: on ? 'CONNECTED' : 'PENDING', code_verification_status: number.unverified ? 'NOT_VERIFIED' : 'VERIFIED',
        platform_type: on ? 'CLOUD_API' : 'NOT_APPLICABLE', quality_rating: 'GREEN', name_status: 'APPROVED', health_status: health });
    }
    if (route === 'phone_numbers' && req.method === 'POST') {
      // docs/meta.md, "Only the account": the number joins the WABA, not verified yet.
      const asked = JSON.parse(text || '{}');
      if (node !== waba.id || !asked.cc || !asked.phone_number || !asked.verified_name) return metaError(res, 400, 100, '(#100) Invalid parameter');
      added.push(asked);
      const id = `8${String(added.length).padStart(14, '0')}`;
      waba.numbers.push({ id, display: `+${asked.cc} ${asked.phone_number}`, unverified: true });
      return send(res, 200, { id });
    }
    if (route === 'request_code' || route === 'verify_code') {
      if (!number) return metaError(res, 400, 100, 'Unsupported post request.', 33);
      const asked = JSON.parse(text || '{}');
      if (route === 'request_code') {
        if (!['SMS', 'VOICE'].includes(asked.code_method) || !asked.language) return metaError(res, 400, 100, '(#100) Invalid parameter');
        codeRequests.push(asked);
        sentCodes.set(number.id, String(200000 + codeRequests.length));
        return send(res, 200, { success: true });
      }
      if (!sentCodes.has(number.id) || sentCodes.get(number.id) !== asked.code) return metaError(res, 400, 100, '(#100) Invalid parameter');
      number.unverified = false;
      return send(res, 200, { success: true });
    }
    if (route === 'phone_numbers') {
      if (node !== waba.id) return metaError(res, 400, 100, 'Unsupported get request.', 33);
      return send(res, 200, { data: waba.numbers.map((n) => ({ id: n.id, display_phone_number: n.display, verified_name: waba.name })) });
    }
    if (route === 'register') {
      if (!number) return metaError(res, 400, 100, 'Unsupported post request.', 33);
      const pin = JSON.parse(text).pin;
      if (number.unverified) return metaError(res, 400, 133006, 'Phone number needs to be verified before registering');
      if (number.onApp) takenOffApp.push(number.id);
      const existing = number.pin ?? registered.get(number.id);
      if (existing && existing !== pin) return metaError(res, 400, 133005, 'Two step verification PIN Mismatch');
      registered.set(number.id, pin);
      return send(res, 200, { success: true });
    }
    if (route === 'smb_app_data') {
      // docs/meta.md: contacts (smb_app_state_sync) and history, each taken once per
      // onboarding of a Business app number. The answer's shape is not documented there:
      // the double answers { success: true }.
      const asked = JSON.parse(text || '{}');
      const kind = asked.sync_type;
      calls[`smb_app_data/${kind}`] = (calls[`smb_app_data/${kind}`] ?? 0) + 1;
      if (!number?.onApp || asked.messaging_product !== 'whatsapp' || !['smb_app_state_sync', 'history'].includes(kind)) {
        return metaError(res, 400, 100, '(#100) Invalid parameter');
      }
      if (synced.has(`${number.id}/${kind}`)) return metaError(res, 400, 100, '(#100) Invalid parameter');
      synced.add(`${number.id}/${kind}`);
      return send(res, 200, { success: true });
    }
    return metaError(res, 400, 100, 'Unknown path');
  });

  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
  const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    httpsPort: (https.address() as AddressInfo).port,
    graphUrl: `http://127.0.0.1:${(graph.address() as AddressInfo).port}`,
    nextSignup: (scenario) => { signups.push(scenario); },
    nextPagesLogin: (pages) => { pagesLogins.push(pages); },
    logins,
    calls,
    takenOffApp,
    added,
    codeRequests,
    sentCodes,
    close: async () => { https.closeAllConnections(); graph.closeAllConnections(); await close(https); await close(graph); },
  };
}
