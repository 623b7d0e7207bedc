// LIVE mode against a Meta double at Meta's own hostnames: the server runs with
// META_MODE=live, its Graph URL on the double, and the default META_SDK_URL and
// META_WEB_ORIGIN. Chromium resolves connect.facebook.net, www.facebook.com and
// web.facebook.com to the double (a certificate made at test time), so the page loads
// "Meta's" SDK and takes Embedded Signup's events from Meta's real origins.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { APP_ID, APP_SECRET, CONFIG_ID, PAGES_CONFIG_ID, startMetaDouble, type MetaDouble, type SignupScenario } from './support/meta-double';
import { expectAccessible } from './support/accessibility';
import { texts } from './support/texts';
import { createVendor, startVendorSite, type VendorSite } from './support/vendor';

const root = path.resolve(__dirname, '../..');
let double: MetaDouble;
let server: ChildProcess;
let browser: Browser;
let site: VendorSite;
let returnUrl: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'Meta\'s flows are JavaScript');
  double = await startMetaDouble();
  const port = await freePort();
  const app = `http://127.0.0.1:${port}`;
  returnUrl = `${app}/vendor/connect/return`;
  server = spawn(path.join(root, 'target/release/whatsportal'), ['serve', '--addr', `127.0.0.1:${port}`], {
    cwd: root,
    env: {
      ...process.env,
      WHATSPORTAL_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'whatsportal-live-')),
      META_MODE: 'live',
      META_APP_ID: APP_ID,
      META_APP_SECRET: APP_SECRET,
      META_CONFIG_ID: CONFIG_ID,
      META_PAGES_CONFIG_ID: PAGES_CONFIG_ID,
      META_GRAPH_URL: double.graphUrl,
      META_RETURN_URL: `${app}/vendor/connect/return`,
      RUST_LOG: 'warn',
    },
    stdio: 'ignore',
  });
  await expect.poll(async () => (await fetch(`${app}/readyz`).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
  const rules = ['connect.facebook.net', 'www.facebook.com', 'web.facebook.com']
    .map((host) => `MAP ${host} 127.0.0.1:${double.httpsPort}`)
    .join(', ');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', `--host-resolver-rules=${rules}`, '--ignore-certificate-errors'],
  });
  site = await startVendorSite(app);
  site.apiKey = createVendor([site.origin]).apiKey;
});

test.afterAll(async () => {
  await browser?.close();
  server?.kill();
  await site?.close();
  await double?.close();
});

/** The vendor's page and the connect tab it opened, with Meta's SDK loaded. */
async function openTab(button: string, externalId: string, ready: string, query = ''): Promise<{ vendor: Page; tab: Page }> {
  const vendor = await (await browser.newContext()).newPage();
  await vendor.goto(`${site.origin}/?externalId=${externalId}${query}`);
  const [tab] = await Promise.all([vendor.waitForEvent('popup'), vendor.getByRole('button', { name: button }).click()]);
  await expect(tab.getByRole('button', { name: ready })).toBeEnabled();
  return { vendor, tab };
}

/** Clicks a button that opens Meta's dialog and waits for the dialog to finish. */
/** Opens Meta's dialog (the double answers and closes it by itself) and waits until it is gone. */
async function runMeta(tab: Page, button: string) {
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: button }).click()]);
  await untilClosed(dialog);
}

/** A dialog that closes itself may be gone before a listener is registered. */
async function untilClosed(dialog: Page) {
  if (!dialog.isClosed()) await dialog.waitForEvent('close');
}

function scenario(n: number, overrides: Partial<SignupScenario> = {}): SignupScenario {
  const waba = { id: `52412698079${1000 + n}`, name: `Double ${n}`, numbers: [{ id: `10654035224${1000 + n}`, display: `+1 555-020-${1000 + n}` }] };
  return { host: 'www', waba, phone: waba.numbers[0].id, sendEvent: true, sendCode: true, ...overrides };
}

async function delivered(vendor: Page): Promise<Record<string, unknown>> {
  await expect(vendor.locator('#messages li')).toHaveCount(1);
  return JSON.parse((await vendor.locator('#messages li').textContent())!);
}

test('FINISH from www.facebook.com with the 2026 token shape connects, launched as v4', async () => {
  const s = scenario(1);
  double.nextSignup(s);
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-www', 'Connect WhatsApp');
  await runMeta(tab, 'Connect WhatsApp');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(await delivered(vendor)).toMatchObject({ type: 'whatsportal:connect:success', waba_id: s.waba.id, phone_number_id: s.phone, livemode: true });
  const launch = double.logins[double.logins.length - 1];
  expect(launch).toEqual({ config_id: CONFIG_ID, response_type: 'code', override_default_response_type: true, extras: { setup: {}, version: 'v4' } });
});

test('what the vendor pre-filled reaches Meta\'s launch exactly, and a reconnection offers the same account', async () => {
  const prefill = {
    business: { name: 'Harbour Bakery', email: 'owner@harbour.example', website: 'https://harbour.example',
      phone: { code: 44, number: '2079460000' }, address: { city: 'Hull', country: 'GB' }, timezone: 'UTC+01:00' },
    phone: { displayName: 'Harbour Bakery', category: 'RESTAURANT' },
  };
  const query = `&prefill=${encodeURIComponent(JSON.stringify(prefill))}`;
  const s = scenario(10);
  double.nextSignup(s);
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-prefill', 'Connect WhatsApp', query);
  await runMeta(tab, 'Connect WhatsApp');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  await delivered(vendor);
  expect(double.logins[double.logins.length - 1]).toEqual({ config_id: CONFIG_ID, response_type: 'code', override_default_response_type: true,
    extras: { setup: prefill, version: 'v4' } });
  // The same workspace again: Meta is asked to offer the account it already shared.
  double.nextSignup(s);
  const again = await openTab('Connect WhatsApp Business', 'live-prefill', 'Connect WhatsApp', query);
  await runMeta(again.tab, 'Connect WhatsApp');
  await expect(again.tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(double.logins[double.logins.length - 1]).toEqual({ config_id: CONFIG_ID, response_type: 'code', override_default_response_type: true,
    extras: { setup: { ...prefill, whatsAppBusinessAccount: { ids: [s.waba.id] } }, version: 'v4' } });
});

test('FINISH from web.facebook.com (Meta\'s regional redirect) connects', async () => {
  const s = scenario(2, { host: 'web' });
  double.nextSignup(s);
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-web', 'Connect WhatsApp');
  await runMeta(tab, 'Connect WhatsApp');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(await delivered(vendor)).toMatchObject({ waba_id: s.waba.id });
});

test('FINISH_ONLY_WABA keeps the account, then adding a number finishes in the same tab', async () => {
  const s = scenario(3);
  double.nextSignup({ ...s, phone: undefined });
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-only-waba', 'Connect WhatsApp');
  await runMeta(tab, 'Connect WhatsApp');
  await expect(tab.getByRole('heading', { name: 'Add a phone number' })).toBeVisible();
  await expect(vendor.locator('#all-messages li')).toHaveCount(0);
  double.nextSignup(s);
  await runMeta(tab, 'Add a phone number');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(await delivered(vendor)).toMatchObject({ waba_id: s.waba.id, phone_number_id: s.phone });
});

test('only the account, launched so on request: the number is added on our page with the code Meta sends', async () => {
  const s = scenario(11);
  const waba = { ...s.waba, numbers: [] };
  double.nextSignup({ ...s, waba, phone: undefined });
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-number-on-page', 'Connect WhatsApp', '&addNumberOnPage=1');
  await runMeta(tab, 'Connect WhatsApp');
  expect((double.logins[double.logins.length - 1].extras as Record<string, unknown>).featureType).toBe('only_waba_sharing');
  await tab.getByRole('link', { name: 'Add a phone number' }).click();
  await tab.getByLabel('Country code', { exact: true }).fill('+351');
  await tab.getByLabel('Phone number (without the country code)').fill('912 345 678');
  await tab.getByLabel('Display name').fill('Double Nine');
  await tab.getByRole('button', { name: 'Send the code' }).click();
  await expect(tab.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  expect(double.added[double.added.length - 1]).toEqual({ cc: '351', phone_number: '912345678', verified_name: 'Double Nine' });
  expect(double.codeRequests[double.codeRequests.length - 1]).toEqual({ code_method: 'SMS', language: 'en' });
  const added = waba.numbers[0] as { id: string };
  await tab.getByLabel('Code (6 digits)').fill(double.sentCodes.get(added.id)!);
  await tab.getByRole('button', { name: 'Verify and connect' }).click();
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(await delivered(vendor)).toMatchObject({ waba_id: s.waba.id, phone_number_id: added.id, livemode: true });
});

test('a code without its event ends in a state the customer can retry from', async () => {
  const s = scenario(4);
  double.nextSignup({ ...s, sendEvent: false });
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-no-event', 'Connect WhatsApp');
  await runMeta(tab, 'Connect WhatsApp');
  await expect(tab.getByRole('alert')).toContainText('Meta finished without telling us which WhatsApp Business account', { timeout: 20_000 });
  double.nextSignup(s);
  await runMeta(tab, 'Connect WhatsApp');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(await delivered(vendor)).toMatchObject({ waba_id: s.waba.id });
});

test('a signup event forged by another origin is ignored', async () => {
  const s = scenario(7);
  double.nextSignup({ ...s, sendEvent: false });
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-forged', 'Connect WhatsApp');
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  // While Meta's dialog runs, a window of another origin (here: the page's own, which
  // the simulator would use) posts a finish naming the account.
  const forged = JSON.stringify({ type: 'WA_EMBEDDED_SIGNUP', event: 'FINISH', data: { waba_id: s.waba.id, phone_number_id: s.phone } });
  await tab.evaluate((message) => window.postMessage(message, '*'), forged);
  await untilClosed(dialog);
  await expect(tab.getByRole('alert')).toContainText('Meta finished without telling us which WhatsApp Business account', { timeout: 20_000 });
  await expect(vendor.locator('#messages li')).toHaveCount(0);
});

test('an event without its code ends in a state the customer can retry from', async () => {
  const s = scenario(5);
  double.nextSignup({ ...s, sendCode: false });
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-no-code', 'Connect WhatsApp');
  await runMeta(tab, 'Connect WhatsApp');
  await expect(tab.getByRole('alert')).toContainText('Meta did not confirm the sign-in');
  double.nextSignup(s);
  await runMeta(tab, 'Connect WhatsApp');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(await delivered(vendor)).toMatchObject({ waba_id: s.waba.id });
});

test('a number with two-step verification (133005) asks for the customer\'s PIN', async () => {
  const s = scenario(6);
  s.waba.numbers[0].pin = '246813';
  double.nextSignup(s);
  const registersBefore = double.calls.register ?? 0;
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-pin', 'Connect WhatsApp');
  await runMeta(tab, 'Connect WhatsApp');
  await expect(tab.getByRole('heading', { name: 'Enter your two-step verification PIN' })).toBeVisible();
  await tab.getByLabel('PIN (6 digits)').fill('111111');
  await tab.getByRole('button', { name: 'Finish with this PIN' }).click();
  await expect(tab.getByRole('alert')).toContainText('That PIN did not match');
  await tab.getByLabel('PIN (6 digits)').fill('246813');
  await tab.getByRole('button', { name: 'Finish with this PIN' }).click();
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(await delivered(vendor)).toMatchObject({ phone_number_id: s.phone });
  // Our PIN (refused), the wrong PIN, the right one: never an automatic retry.
  expect(double.calls.register - registersBefore).toBe(3);
});

test('a Page without a token is listed as not connectable and the others connect', async () => {
  double.nextPagesLogin([
    { id: '611000000001001', name: 'Harbour Cafe', token: true },
    { id: '611000000001002', name: 'Harbour Cafe Events', token: false },
  ]);
  const { vendor, tab } = await openTab('Connect Facebook Pages', 'live-pages', 'Connect Facebook Pages');
  await runMeta(tab, 'Connect Facebook Pages');
  await expect(tab.getByRole('heading', { name: 'Choose the Pages to connect' })).toBeVisible();
  await expect(tab.getByLabel(/Harbour Cafe Events/)).toBeDisabled();
  await expect(tab.getByText('Facebook did not give access to this Page')).toBeVisible();
  await tab.getByLabel(/^Harbour Cafe\s*Shop/).check();
  await tab.getByRole('button', { name: 'Connect 1 Page' }).click();
  expect(await delivered(vendor)).toMatchObject({ pages: [{ id: '611000000001001', name: 'Harbour Cafe', category: 'Shop' }] });
  expect(double.logins[double.logins.length - 1]).toEqual({ config_id: PAGES_CONFIG_ID });
});

test('where Meta\'s window cannot open, the Pages login runs as a full page and still reaches the vendor', async () => {
  double.nextPagesLogin([
    { id: '611000000002001', name: 'Corner Bakery', token: true },
    { id: '611000000002002', name: 'Corner Bakery Deliveries', token: true },
  ]);
  const { vendor, tab } = await openTab('Connect Facebook Pages', 'live-full-page', 'Connect Facebook Pages');
  const oauthBefore = double.calls['oauth/access_token'] ?? 0;
  await tab.getByRole('button', { name: /Continue on Facebook in this tab/ }).click();
  // Meta's dialog, then the registered return page, then the session's own page.
  await expect(tab.getByRole('heading', { name: 'Choose the Pages to connect' })).toBeVisible();
  expect(new URL(tab.url()).searchParams.get('dialog')).toBe('listed');
  expect(tab.url()).not.toContain('code=');
  const asked = double.logins[double.logins.length - 1] as Record<string, string>;
  expect(asked).toMatchObject({ full_page: true, client_id: APP_ID, redirect_uri: returnUrl, response_type: 'code', config_id: PAGES_CONFIG_ID });
  expect(asked.state).toMatch(/^[0-9a-f]{64}$/);
  expect(tab.url()).not.toContain('session_token');
  expect(JSON.stringify(asked)).not.toContain(new URL(tab.url()).searchParams.get('session')!);
  expect((double.calls['oauth/access_token'] ?? 0) - oauthBefore).toBe(2);
  await tab.getByLabel(/^Corner Bakery\s*Shop/).check();
  await tab.getByRole('button', { name: 'Connect 1 Page' }).click();
  await expect(tab.getByRole('heading', { name: 'Your Page is connected' })).toBeVisible();
  // The tab went to Meta and back, and is still the vendor's window's child.
  expect(await delivered(vendor)).toMatchObject({ pages: [{ id: '611000000002001', name: 'Corner Bakery', category: 'Shop' }] });
});

test('a Business app number joins with only its WABA, is never registered, and each sync is asked once', async () => {
  const s = scenario(8, { businessApp: 'joined' });
  s.waba.numbers[0].onApp = true;
  double.nextSignup({ ...s, phone: undefined });
  const registersBefore = double.calls.register ?? 0;
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-coex', 'Connect my WhatsApp Business app', '&coexistence=1');
  await expect(tab.getByRole('button', { name: 'Use a number that is not on the app' })).toBeEnabled();
  await runMeta(tab, 'Connect my WhatsApp Business app');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected, and your WhatsApp Business app keeps working' })).toBeVisible();
  const message = await delivered(vendor);
  expect(message).toMatchObject({ type: 'whatsportal:connect:success', waba_id: s.waba.id, phone_number_id: s.phone, livemode: true, coexistence: true });
  expect(double.logins[double.logins.length - 1]).toEqual({ config_id: CONFIG_ID, response_type: 'code', override_default_response_type: true,
    extras: { setup: {}, featureType: 'whatsapp_business_app_onboarding', version: 'v4' } });
  await expect.poll(() => [double.calls['smb_app_data/smb_app_state_sync'], double.calls['smb_app_data/history']]).toEqual([1, 1]);
  expect((double.calls.register ?? 0) - registersBefore).toBe(0);
  expect(double.takenOffApp).toEqual([]);
});

test('in Arabic, Meta refusing a Business app number leaves the page ready for another number', async () => {
  const t = texts('ar');
  const s = scenario(9);
  double.nextSignup({ ...s, businessApp: 'refused' });
  const { vendor, tab } = await openTab('Connect WhatsApp Business', 'live-coex-ar', t.wa_connect_app, '&coexistence=1&locale=ar');
  await expect(tab.locator('main')).toHaveCSS('direction', 'rtl');
  await runMeta(tab, t.wa_connect_app);
  await expect(tab.getByRole('alert')).toContainText('This phone number is not eligible to onboard from the WhatsApp Business app');
  await expect(tab.getByRole('alert')).toContainText(t.wa_app_not_kept.split('{reason}')[0].trim());
  await expectAccessible(tab, 'the Arabic page after Meta refused the Business app number');
  await expect(vendor.locator('#messages li')).toHaveCount(0);
  double.nextSignup(s);
  await runMeta(tab, t.wa_connect_other);
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText(t.wa_connected);
  const message = await delivered(vendor);
  expect(message).toMatchObject({ waba_id: s.waba.id, phone_number_id: s.phone });
  expect(message).not.toHaveProperty('coexistence');
});
