import { expect, test, type Page } from '@playwright/test';
import { startVendorWithKey, type VendorSite } from './support/vendor';
import { expectAccessible } from './support/accessibility';
import { texts } from './support/texts';

let site: VendorSite;

test.beforeAll(async ({ baseURL }) => {
  site = await startVendorWithKey(baseURL!);
});

test.afterAll(async () => {
  await site?.close();
});

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the SDK is JavaScript');
});

/** Lets the test see the intervals the page's scripts keep running. */
async function trackIntervals(vendorPage: Page) {
  await vendorPage.addInitScript(() => {
    const active = new Set<number>();
    const set = window.setInterval.bind(window);
    const clear = window.clearInterval.bind(window);
    (window as unknown as { activeIntervals: Set<number> }).activeIntervals = active;
    window.setInterval = ((handler: TimerHandler, timeout?: number, ...rest: unknown[]) => {
      const id = set(handler, timeout, ...rest);
      active.add(id);
      return id;
    }) as typeof window.setInterval;
    window.clearInterval = (id?: number) => {
      if (id !== undefined) active.delete(id);
      clear(id);
    };
  });
}

function activeIntervals(vendorPage: Page): Promise<number> {
  return vendorPage.evaluate(() => (window as unknown as { activeIntervals: Set<number> }).activeIntervals.size);
}

/** Counts the messages the vendor's page receives, after the SDK's own listener. */
async function countMessages(vendorPage: Page) {
  await vendorPage.evaluate(() => {
    const counter = window as unknown as { seen: number };
    counter.seen = 0;
    window.addEventListener('message', () => {
      counter.seen += 1;
    });
  });
}

function messagesSeen(vendorPage: Page): Promise<number> {
  return vendorPage.evaluate(() => (window as unknown as { seen: number }).seen);
}

/** Clicks a button of the vendor's SDK page; returns the tab the SDK opened. */
async function openTab(vendorPage: Page, button: string, externalId: string, bundled = false): Promise<Page> {
  await vendorPage.goto(`${site.origin}/sdk.html?externalId=${externalId}${bundled ? '&bundled' : ''}`);
  const [tab] = await Promise.all([vendorPage.waitForEvent('popup'), vendorPage.getByRole('button', { name: button }).click()]);
  await expect(vendorPage.locator('#status')).toHaveText('connecting');
  return tab;
}

async function results(vendorPage: Page): Promise<Record<string, unknown>[]> {
  return (await vendorPage.locator('#results li').allTextContents()).map((t) => JSON.parse(t));
}

test('the SDK runs the WhatsApp flow and reports the result once', async ({ page }) => {
  await trackIntervals(page);
  const tab = await openTab(page, 'Connect WhatsApp Business', 'sdk-whatsapp');
  expect(await activeIntervals(page)).toBe(1);
  // The page moves on to the session's address by id: no token stays in the address bar.
  await expect(tab).toHaveURL(/\/vendor\/connect\/whatsapp\?session=ses_/);
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  const labels = await dialog.locator('#account option').allTextContents();
  await dialog.getByLabel(/Business, WhatsApp Business account/).selectOption({ label: labels.find((l) => /Acme Retail/.test(l))! });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
  await expect(page.locator('#status')).toHaveText('connected');
  await expect(page.locator('#outcome')).toHaveText('connected');
  const [result] = await results(page);
  expect(result).toMatchObject({ type: 'whatsportal:connect:success', waba_id: '920000000000001', state: 'state-xyz' });
  // Closing the tab after success is not an abandonment: the SDK has stopped watching.
  expect(await activeIntervals(page)).toBe(0);
  await tab.close();
  await expect(page.locator('#status')).toHaveText('connected');
  expect(await results(page)).toHaveLength(1);
});

test('the SDK runs the Facebook Pages flow', async ({ page }) => {
  const tab = await openTab(page, 'Connect Facebook Pages', 'sdk-pages');
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect Facebook Pages' }).click()]);
  const labels = await dialog.locator('#user option').allTextContents();
  await dialog.getByLabel('Facebook account').selectOption({ label: labels.find((l) => /Dana/.test(l))! });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Continue' }).click()]);
  await tab.getByLabel(/Corner Bakery Catering/).check();
  await tab.getByRole('button', { name: 'Connect 1 Page' }).click();
  await expect(page.locator('#status')).toHaveText('connected');
  const [result] = await results(page);
  expect(result.pages).toEqual([expect.objectContaining({ name: 'Corner Bakery Catering' })]);
});

test('a copy of the SDK bundled on the vendor origin works when told WhatsPortal origin', async ({ page }) => {
  const tab = await openTab(page, 'Connect WhatsApp Business', 'sdk-bundled', true);
  await expect(tab).toHaveURL(/\/vendor\/connect\/whatsapp/);
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  const labels = await dialog.locator('#account option').allTextContents();
  await dialog.getByLabel(/Business, WhatsApp Business account/).selectOption({ label: labels.find((l) => /Globex/.test(l))! });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
  await expect(page.locator('#status')).toHaveText('connected');
  const [result] = await results(page);
  expect(result).toMatchObject({ type: 'whatsportal:connect:success', waba_id: '920000000000002', state: 'state-xyz' });
});

test('an origin option that is no origin is refused before any tab opens', async ({ page }) => {
  await page.goto(`${site.origin}/sdk.html`);
  const code = await page.evaluate(() =>
    (window as unknown as { WhatsPortal: { connect: (o: object) => Promise<unknown> } }).WhatsPortal.connect({
      origin: 'not a url',
      getConnectUrl: () => '/vendor/connect/whatsapp?session_token=x',
    }).then(
      () => 'resolved',
      (error: { code: string }) => error.code,
    ),
  );
  expect(code).toBe('invalid_options');
});

test('closing the tab without connecting is reported as abandoned', async ({ page }) => {
  const tab = await openTab(page, 'Connect WhatsApp Business', 'sdk-abandon');
  await expect(tab).toHaveURL(/\/vendor\/connect\/whatsapp/);
  await tab.close();
  await expect(page.locator('#status')).toHaveText('abandoned');
  await expect(page.locator('#outcome')).toHaveText('abandoned');
});

test('messages from another origin or another window are ignored', async ({ page, baseURL }) => {
  const tab = await openTab(page, 'Connect WhatsApp Business', 'sdk-forged');
  await expect(tab).toHaveURL(/\/vendor\/connect\/whatsapp/);
  await countMessages(page);
  const forged = { type: 'whatsportal:connect:success', account_id: 'wp_forged', waba_id: '1', phone_number_id: '2', state: 'state-xyz' };
  // From the vendor's own origin.
  await page.evaluate((message) => window.postMessage(message, '*'), forged);
  // From a window of WhatsPortal's origin that is not the SDK's tab.
  const [other] = await Promise.all([
    page.waitForEvent('popup'),
    page.evaluate((url) => { window.open(url, 'other'); }, `${baseURL}/`),
  ]);
  await other.waitForLoadState();
  await other.evaluate((message) => window.opener.postMessage(message, '*'), forged);
  // From the tab itself, with another state.
  await tab.evaluate((message) => window.opener.postMessage({ ...message, state: 'other' }, '*'), forged);
  // All three reached the page (so the SDK's listener, added first, saw them too).
  await expect.poll(() => messagesSeen(page)).toBe(3);
  await expect(page.locator('#status')).toHaveText('connecting');
  expect(await results(page)).toEqual([]);
  await other.close();
  await tab.close();
  await expect(page.locator('#status')).toHaveText('abandoned');
});

test('the SDK and its declarations are served for any page to load', async ({ request }) => {
  const js = await request.get('/sdk/v1/connect.js');
  expect(js.status()).toBe(200);
  expect(js.headers()['content-type']).toContain('javascript');
  expect(js.headers()['cache-control']).toContain('max-age=300');
  expect(await js.text()).toContain('WhatsPortal');
  const dts = await request.get('/sdk/v1/connect.d.ts');
  expect(await dts.text()).toContain('interface ConnectOptions');
});

test("the SDK's waiting tab speaks the customer's language, styled and accessible", async ({ browser }) => {
  for (const [locale, words, dir] of [['es-ES', 'Conectando…', 'ltr'], ['ar', texts('ar').connecting, 'rtl']]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const response = await page.goto('/sdk/v1/loading');
    expect(response?.headers()['vary']).toContain('Accept-Language');
    await expect(page).toHaveTitle(words);
    await expect(page.getByRole('status')).toHaveText(words);
    await expect(page.locator('html')).toHaveAttribute('dir', dir);
    // The page's own style applies (its policy allows that one style only).
    await expect(page.locator('body')).toHaveCSS('display', 'grid');
    await expectAccessible(page, `the SDK's waiting tab (${locale})`);
    await context.close();
  }
});
