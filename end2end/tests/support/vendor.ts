// A vendor's product for the browser tests: a page on its own origin (another port of
// 127.0.0.1) with a Connect button, and a backend that creates sessions with the
// vendor's API key. Every message the page receives is listed, whatever its origin.
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const binary = path.resolve(__dirname, '../../../target/release/whatsportal');

export interface Vendor {
  apiKey: string;
  vendorId: string;
}

/** Creates a vendor with the operations CLI, against the database the server uses. */
export function createVendor(origins: string[]): Vendor {
  const args = ['vendor', 'create', '--name', 'Acme CRM', '--logo-url', 'https://cdn.example.com/acme.png'];
  for (const origin of origins) args.push('--origin', origin);
  const out = JSON.parse(execFileSync(binary, args, { env: process.env }).toString());
  return { apiKey: out.api_key, vendorId: out.vendor_id };
}

/** A test-mode key of the vendor (its sessions run against the simulated Meta). */
export function createTestKey(vendorId: string): string {
  const out = JSON.parse(execFileSync(binary, ['key', 'create', vendorId, '--test'], { env: process.env }).toString());
  return out.api_key;
}

/** Registers one of the vendor's return URLs. */
export function addReturnUrl(vendorId: string, url: string) {
  execFileSync(binary, ['return-url', 'add', vendorId, url], { env: process.env });
}

export interface VendorSite {
  origin: string;
  /** The key its backend uses to create sessions. */
  apiKey: string;
  close: () => Promise<void>;
}

function page(appOrigin: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vendor product</title></head>
<body><h1>Vendor product</h1>
<button id="connect-whatsapp">Connect WhatsApp Business</button>
<button id="connect-meta-page">Connect Facebook Pages</button>
<p id="status">idle</p><ul id="messages"></ul><ul id="all-messages"></ul>
<script>
const APP = ${JSON.stringify(appOrigin)};
const params = new URLSearchParams(location.search);
function connect(type) {
  const tab = window.open('about:blank', '_blank');
  document.getElementById('status').textContent = 'connecting';
  const query = new URLSearchParams({ type, externalId: params.get('externalId') || 'customer_1', origin: params.get('sessionOrigin') || location.origin });
  if (params.get('locale')) query.set('locale', params.get('locale'));
  if (params.get('coexistence')) query.set('coexistence', params.get('coexistence'));
  if (params.get('prefill')) query.set('prefill', params.get('prefill'));
  if (params.get('addNumberOnPage')) query.set('addNumberOnPage', params.get('addNumberOnPage'));
  fetch('/session?' + query).then((r) => r.json()).then((data) => { tab.location.href = APP + data.connect_url; });
  const timer = setInterval(() => {
    if (tab.closed) { clearInterval(timer); document.getElementById('status').textContent = 'abandoned'; }
  }, 200);
  window.addEventListener('message', (event) => {
    if (event.origin !== APP || event.source !== tab) return;
    if (!event.data || event.data.type !== 'whatsportal:connect:success') return;
    clearInterval(timer);
    document.getElementById('status').textContent = 'connected';
    const li = document.createElement('li');
    li.textContent = JSON.stringify(event.data);
    document.getElementById('messages').appendChild(li);
  });
}
window.addEventListener('message', (event) => {
  const li = document.createElement('li');
  li.textContent = event.origin + ' ' + JSON.stringify(event.data);
  document.getElementById('all-messages').appendChild(li);
});
document.getElementById('connect-whatsapp').addEventListener('click', () => connect('whatsapp'));
document.getElementById('connect-meta-page').addEventListener('click', () => connect('meta_page'));
</script></body></html>`;
}

/** The vendor's page using the hosted SDK instead of hand-written code; `bundled`: a copy
 * of the SDK served from the vendor's own origin, told WhatsPortal's origin. */
function sdkPage(appOrigin: string, bundled: boolean): string {
  const script = bundled ? '/bundled/connect.js' : `${appOrigin}/sdk/v1/connect.js`;
  const origin = bundled ? `origin: '${appOrigin}',` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vendor product (SDK)</title></head>
<body><h1>Vendor product</h1>
<button id="sdk-whatsapp">Connect WhatsApp Business</button>
<button id="sdk-pages">Connect Facebook Pages</button>
<p id="status">idle</p><p id="outcome"></p><ul id="results"></ul>
<script src="${script}"></script>
<script>
const params = new URLSearchParams(location.search);
const show = (id, text) => { document.getElementById(id).textContent = text; };
function run(type) {
  show('status', 'connecting');
  WhatsPortal.connect({
    getConnectUrl: (context) => fetch('/session?' + new URLSearchParams({ type, externalId: params.get('externalId') || 'sdk_1', origin: location.origin, returnUrl: context.returnUrl || '' }))
      .then((r) => r.json()),
    state: 'state-xyz',
    mode: params.get('mode') || undefined,
    fallback: params.get('fallback') || undefined,
    returnUrl: params.get('returnUrl') || undefined,
    ${origin}
    onSuccess: (result) => {
      show('status', 'connected');
      const li = document.createElement('li');
      li.textContent = JSON.stringify(result);
      document.getElementById('results').appendChild(li);
    },
    onAbandon: () => show('status', 'abandoned'),
    onError: (error) => show('status', 'error ' + error.code),
  }).then((outcome) => show('outcome', outcome.status), () => show('outcome', 'rejected'));
}
document.getElementById('sdk-whatsapp').addEventListener('click', () => run('whatsapp'));
document.getElementById('sdk-pages').addEventListener('click', () => run('meta_page'));
</script></body></html>`;
}

/** Serves the vendor page on a free port; set `apiKey` before using it. */
export async function startVendorSite(appOrigin: string): Promise<VendorSite> {
  const site = { origin: '', apiKey: '', close: async () => {} } as VendorSite;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/session') {
      const response = await fetch(appOrigin + '/api/vendor/sessions', {
        method: 'POST',
        headers: { Authorization: `Bearer ${site.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          workspaceName: 'Acme Co',
          externalId: url.searchParams.get('externalId'),
          origin: url.searchParams.get('origin'),
          integrationType: url.searchParams.get('type'),
          state: 'state-xyz',
          locale: url.searchParams.get('locale') ?? undefined,
          coexistence: url.searchParams.has('coexistence') ? url.searchParams.get('coexistence') === '1' : undefined,
          returnUrl: url.searchParams.get('returnUrl') || undefined,
          prefill: url.searchParams.has('prefill') ? JSON.parse(url.searchParams.get('prefill')!) : undefined,
          addNumberOnPage: url.searchParams.has('addNumberOnPage') ? url.searchParams.get('addNumberOnPage') === '1' : undefined,
        }),
      });
      res.writeHead(response.status, { 'Content-Type': 'application/json' });
      res.end(await response.text());
      return;
    }
    if (url.pathname === '/bundled/connect.js') {
      const sdk = await fetch(appOrigin + '/sdk/v1/connect.js');
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(await sdk.text());
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    const sdk = url.pathname === '/sdk.html';
    res.end(sdk ? sdkPage(appOrigin, url.searchParams.has('bundled')) : page(appOrigin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  site.origin = `http://127.0.0.1:${port}`;
  site.close = () => new Promise((resolve) => server.close(() => resolve()));
  return site;
}

/** A vendor site on its own origin with a new vendor (allowing that origin) and its key. */
export async function startVendorWithKey(appOrigin: string): Promise<VendorSite> {
  const site = await startVendorSite(appOrigin);
  site.apiKey = createVendor([site.origin]).apiKey;
  return site;
}
