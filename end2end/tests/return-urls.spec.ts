// Launching anywhere: a page with no vendor window to post to (a setup link opened in a
// fresh browser, the phone's browser after an app's built-in one) sends the customer to
// the session's return URL with the outcome; a page that can no longer be used offers
// the way back too. The return URL's host does not exist here: the tests read the address
// the browser is sent to, and nothing leaves the machine.
import { expect, test, type Page } from '@playwright/test';
import { expireSession } from './support/sessions';
import { addReturnUrl, createTestKey, createVendor, startVendorSite } from './support/vendor';

const ORIGIN = 'https://app.example.com';
const RETURN_URL = `${ORIGIN}/whatsapp/connected`;
const INSTAGRAM_ANDROID =
  'Mozilla/5.0 (Linux; Android 13; SM-A145M Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Instagram 312.1.0.34.111 Android';

/**
 * Watches where `page` is sent on the vendor's origin. The vendor's return page itself is
 * not played: the outcome is all in the address the browser is sent to.
 */
function watchReturn(page: Page): () => string | undefined {
  let landed: string | undefined;
  page.on('request', (request) => {
    if (landed === undefined && request.isNavigationRequest() && request.url().startsWith(`${RETURN_URL}?`)) {
      landed = request.url();
    }
  });
  return () => landed;
}

/** Connects WhatsApp on a ready page with the simulated account `account`. */
async function connectWhatsApp(page: Page, account: RegExp) {
  await expect(page.getByRole('button', { name: 'Connect WhatsApp' })).toBeEnabled();
  const [dialog] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  const labels = await dialog.locator('#account option').allTextContents();
  const label = labels.find((l) => account.test(l));
  if (!label) throw new Error(`no simulated account ${account}`);
  await dialog.getByLabel('Business, WhatsApp Business account and phone number').selectOption({ label });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
}

/** The outcome the return URL was given. */
async function landedOutcome(landed: () => string | undefined): Promise<Record<string, string>> {
  await expect.poll(landed).toBeDefined();
  const url = new URL(landed()!);
  expect(url.href, 'never a token in the return URL').not.toMatch(/[0-9a-f]{64}|EAA/);
  return Object.fromEntries(url.searchParams);
}

test('a setup link opened in a fresh browser connects in test mode and lands on the return URL', async ({
  browser,
  request,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'the connect flow needs JavaScript');
  const vendor = createVendor([ORIGIN]);
  addReturnUrl(vendor.vendorId, RETURN_URL);
  const testKey = createTestKey(vendor.vendorId);
  const made = await request.post('/api/vendor/setup-links', {
    headers: { Authorization: `Bearer ${testKey}` },
    data: { workspaceName: 'Acme Co', externalId: 'e2e-setup-link', origin: ORIGIN, returnUrl: RETURN_URL, state: 'from-a-link' },
  });
  expect(made.status()).toBe(201);
  const link = await made.json();

  // The customer's phone, days later: a browser that never saw the vendor's product.
  const context = await browser.newContext();
  const page = await context.newPage();
  const landed = watchReturn(page);
  await page.goto(link.url);
  await expect(page.getByText('Test mode: this connection runs')).toBeVisible();
  await connectWhatsApp(page, /Acme Retail/);
  const outcome = await landedOutcome(landed);
  expect(Object.keys(outcome)).toEqual(['status', 'session_id', 'account_id', 'state']);
  expect(outcome).toMatchObject({ status: 'connected', state: 'from-a-link' });
  expect(outcome.session_id).toMatch(/^ses_[0-9a-f]{24}$/);

  // The vendor's server confirms it, and the link opens no more sessions.
  const read = await request.get(`/api/vendor/setup-links/${link.setup_link_id}`, {
    headers: { Authorization: `Bearer ${testKey}` },
  });
  const stored = await read.json();
  expect(stored).toMatchObject({ status: 'completed', session_id: outcome.session_id, livemode: false });
  expect(stored.result.account_id).toBe(outcome.account_id);
  const again = await context.newPage();
  await again.goto(link.url);
  await expect(again.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
  await context.close();
});

test('the phone browser after an app browser lands on the return URL', async ({ browser, request, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the connect flow needs JavaScript');
  const vendor = createVendor([ORIGIN]);
  addReturnUrl(vendor.vendorId, RETURN_URL);
  const testKey = createTestKey(vendor.vendorId);
  const created = await request.post('/api/vendor/sessions', {
    headers: { Authorization: `Bearer ${testKey}` },
    data: { workspaceName: 'Acme Co', externalId: 'e2e-hand-off', origin: ORIGIN, returnUrl: RETURN_URL, state: 'in-app' },
  });
  const session = await created.json();

  const inApp = await browser.newContext({ userAgent: INSTAGRAM_ANDROID });
  const appPage = await inApp.newPage();
  await appPage.goto(session.connect_url);
  const href = await appPage.getByRole('link', { name: 'Open this page in my browser' }).getAttribute('href');
  const handOff = /^intent:\/\/[^/]+(\/vendor\/connect\/whatsapp\?[^#]+)#Intent/.exec(href ?? '');
  expect(handOff, `${href}`).not.toBeNull();

  const phone = await browser.newContext();
  const page = await phone.newPage();
  const landed = watchReturn(page);
  await page.goto(handOff![1]);
  await connectWhatsApp(page, /Globex/);
  expect(await landedOutcome(landed)).toMatchObject({ status: 'connected', state: 'in-app' });
  await inApp.close();
  await phone.close();
});

test('an expired page offers the way back, which says it expired', async ({ page, request }) => {
  const vendor = createVendor([ORIGIN]);
  addReturnUrl(vendor.vendorId, RETURN_URL);
  const created = await request.post('/api/vendor/sessions', {
    headers: { Authorization: `Bearer ${vendor.apiKey}` },
    data: { workspaceName: 'Acme Co', externalId: 'e2e-expired-back', origin: ORIGIN, returnUrl: RETURN_URL },
  });
  const session = await created.json();
  const landed = watchReturn(page);
  await page.goto(session.connect_url);
  expireSession(session.session_token);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Session has expired' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to Acme CRM' }).click();
  const outcome = await landedOutcome(landed);
  expect(outcome).toMatchObject({ status: 'expired', session_id: session.session_id });
});

for (const blocked of [false, true]) {
  const title = blocked
    ? "the SDK goes on in redirect mode when the browser blocks its tab"
    : "the SDK's redirect mode goes to the connect page and back to the return URL";
  test(title, async ({ page, baseURL, javaScriptEnabled }) => {
    test.skip(!javaScriptEnabled, 'the SDK needs JavaScript');
    const site = await startVendorSite(baseURL!);
    const vendor = createVendor([site.origin]);
    site.apiKey = vendor.apiKey;
    // The return page loads the SDK too, to read the outcome with it.
    const back = `${site.origin}/sdk.html?landing=1`;
    addReturnUrl(vendor.vendorId, back);
    // What a pop-up blocker answers, on the vendor's page only (Meta's window opens).
    if (blocked) {
      await page.addInitScript((vendorOrigin) => {
        if (location.origin === vendorOrigin) window.open = () => null;
      }, site.origin);
    }
    const query = new URLSearchParams({
      externalId: blocked ? 'sdk-fallback' : 'sdk-redirect',
      returnUrl: back,
      ...(blocked ? { fallback: 'redirect' } : { mode: 'redirect' }),
    });
    await page.goto(`${site.origin}/sdk.html?${query}`);
    await page.getByRole('button', { name: 'Connect WhatsApp Business' }).click();
    await page.waitForURL((url) => url.pathname === '/vendor/connect/whatsapp');
    await connectWhatsApp(page, blocked ? /Hooli/ : /Wayne/);
    await page.waitForURL((url) => url.href.startsWith(`${back}&status=`));
    const outcome = await page.evaluate(() => {
      const sdk = (window as unknown as { WhatsPortal: { readReturn(): Record<string, string> | null } }).WhatsPortal;
      return sdk.readReturn();
    });
    expect(outcome).toMatchObject({ status: 'connected', state: 'state-xyz' });
    expect(outcome?.session_id).toMatch(/^ses_[0-9a-f]{24}$/);
    expect(page.url()).not.toMatch(/[0-9a-f]{64}/);
    await site.close();
  });
}
