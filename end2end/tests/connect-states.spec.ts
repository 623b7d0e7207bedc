import { expect, test } from '@playwright/test';
import { createSession, expireSession } from './support/sessions';
import { createVendor } from './support/vendor';

const ORIGIN = 'https://app.example.com';
let apiKey: string;

test.beforeAll(() => {
  apiKey = createVendor([ORIGIN]).apiKey;
});

test('a valid token renders the branding and the Connect button', async ({ page, request, javaScriptEnabled }) => {
  const session = await createSession(request, apiKey, ORIGIN);
  await page.goto(session.connect_url);
  await expect(page.locator('.brand-name')).toHaveText('Acme CRM');
  await expect(page.getByRole('heading', { name: 'Connect your WhatsApp Business account' })).toBeVisible();
  await expect(page.getByText('Simulated Meta')).toBeVisible();
  const button = page.getByRole('button', { name: 'Connect WhatsApp' });
  if (javaScriptEnabled) {
    await expect(button).toBeEnabled();
    await expect(page.getByText('Connecting needs JavaScript turned on')).toBeHidden();
  } else {
    await expect(button).toBeDisabled();
    await expect(page.getByText('Connecting needs JavaScript turned on')).toBeVisible();
  }
});

test('an expired token shows "Session has expired"', async ({ page, request }) => {
  const session = await createSession(request, apiKey, ORIGIN);
  expireSession(session.session_token);
  const response = await page.goto(session.connect_url);
  expect(response?.status()).toBe(410);
  await expect(page.getByRole('heading', { name: 'Session has expired' })).toBeVisible();
  await expect(page.locator('.brand-name')).toHaveText('Acme CRM');
});

test('an unknown token shows that the link is not valid', async ({ page }) => {
  const response = await page.goto(`/vendor/connect/whatsapp?session_token=${'0'.repeat(64)}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'This connection link is not valid' })).toBeVisible();
});

test('a page opened by its token takes its address by id at once, without a redirect', async ({ page, request, javaScriptEnabled }) => {
  const session = await createSession(request, apiKey, ORIGIN);
  const response = await page.goto(session.connect_url);
  expect(response?.status()).toBe(200);
  expect(response?.request().redirectedFrom()).toBeNull();
  // The page replaces its address with a script: without JavaScript it keeps the link's.
  test.skip(!javaScriptEnabled, 'the address is replaced by a script');
  expect(page.url()).toMatch(/\/vendor\/connect\/whatsapp\?session=ses_[0-9a-f]{24}$/);
  expect(page.url()).not.toContain(session.session_token);
  // The address by id serves the same page to this browser.
  expect((await page.reload())?.status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Connect your WhatsApp Business account' })).toBeVisible();
});

test('the page\'s code and Meta\'s SDK, preloaded and loaded, are each fetched once', async ({ page, request, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'nothing is loaded without JavaScript');
  const session = await createSession(request, apiKey, ORIGIN);
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(session.connect_url);
  await expect(page.getByRole('button', { name: 'Connect WhatsApp' })).toBeEnabled();
  await page.waitForLoadState('networkidle');
  for (const file of [/\.wasm$/, /whatsportal-whatsapp\.[^/]+\.js$/, /\/sdk\.js$/]) {
    expect(fetched.filter((path) => file.test(path)), String(file)).toHaveLength(1);
  }
});

test('Connect is enabled when Meta\'s SDK arrives after the page\'s code too', async ({ page, request, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'nothing is loaded without JavaScript');
  let wasmDone!: () => void;
  const wasmLoaded = new Promise<void>((resolve) => (wasmDone = resolve));
  page.on('requestfinished', (r) => { if (r.url().endsWith('.wasm')) wasmDone(); });
  await page.route('**/sdk.js', async (route) => {
    await wasmLoaded;
    await new Promise((resolve) => setTimeout(resolve, 500));
    await route.continue();
  });
  const session = await createSession(request, apiKey, ORIGIN);
  await page.goto(session.connect_url, { waitUntil: 'commit' });
  const button = page.getByRole('button', { name: 'Connect WhatsApp' });
  await expect(button).toBeDisabled();
  await expect(button).toBeEnabled({ timeout: 10_000 });
});
