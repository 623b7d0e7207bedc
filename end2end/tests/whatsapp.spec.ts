import { expect, test, type Page } from '@playwright/test';
import { createVendor, startVendorSite, type VendorSite } from './support/vendor';

// Each test picks its own simulated account, so faults aimed at one never hit another.
const ACCOUNTS = {
  success: { label: /Acme Retail/, waba: '920000000000001', phone: '930000000000001' },
  reuse: { label: /Globex/, waba: '920000000000002', phone: '930000000000002' },
  failure: { label: /Umbrella/, waba: '920000000000004', phone: '930000000000004' },
  cancel: { label: /Hooli/, waba: '920000000000005', phone: '930000000000005' },
  foreign: { label: /Stark/, waba: '920000000000006', phone: '930000000000006' },
  order: { label: /Wayne/, waba: '920000000000007', phone: '930000000000007' },
  noOpener: { label: /Soylent/, waba: '920000000000008', phone: '930000000000008' },
};

let site: VendorSite;
let otherSite: VendorSite;

test.beforeAll(async ({ baseURL }) => {
  site = await startVendorSite(baseURL!);
  otherSite = await startVendorSite(baseURL!);
  const vendor = createVendor([site.origin]);
  site.apiKey = vendor.apiKey;
  otherSite.apiKey = vendor.apiKey;
});

test.afterAll(async () => {
  await site?.close();
  await otherSite?.close();
});

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the connect flow needs JavaScript');
});

/** Opens the connect tab from the vendor page's button; returns it once Connect is enabled. */
async function openConnectTab(vendorPage: Page, url: string): Promise<Page> {
  await vendorPage.goto(url);
  const [tab] = await Promise.all([
    vendorPage.waitForEvent('popup'),
    vendorPage.getByRole('button', { name: 'Connect WhatsApp Business' }).click(),
  ]);
  await expect(tab.locator('.brand-name')).toHaveText('Acme CRM');
  await expect(tab.getByRole('button', { name: 'Connect WhatsApp' })).toBeEnabled();
  return tab;
}

/** Clicks Connect and answers Meta's (simulated) dialog. */
async function answerDialog(tab: Page, account: RegExp, action: 'Finish' | 'Cancel' | "Don't allow", loginFirst = false) {
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  await dialog.getByLabel('Business, WhatsApp Business account and phone number').selectOption({ label: (await optionLabel(dialog, account)) });
  if (loginFirst) await dialog.getByLabel('Deliver the login result before the signup event').check();
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: action }).click()]);
}

async function optionLabel(dialog: Page, account: RegExp): Promise<string> {
  const labels = await dialog.locator('#account option').allTextContents();
  const label = labels.find((l) => account.test(l));
  if (!label) throw new Error(`no simulated account ${account}`);
  return label;
}

async function messages(vendorPage: Page): Promise<Record<string, unknown>[]> {
  const texts = await vendorPage.locator('#messages li').allTextContents();
  return texts.map((t) => JSON.parse(t));
}

test('success delivers exactly one message with the contract fields and the state', async ({ page }) => {
  const tab = await openConnectTab(page, `${site.origin}/?externalId=e2e-success`);
  await answerDialog(tab, ACCOUNTS.success.label, 'Finish');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  await expect(tab.getByRole('status')).toContainText('You can close this tab and return to Acme CRM');
  await expect(page.locator('#messages li')).toHaveCount(1);
  const [message] = await messages(page);
  expect(Object.keys(message).sort()).toEqual(['account_id', 'livemode', 'phone_number_id', 'state', 'type', 'waba_id']);
  expect(message.livemode).toBe(true);
  expect(message).toMatchObject({
    type: 'whatsportal:connect:success',
    waba_id: ACCOUNTS.success.waba,
    phone_number_id: ACCOUNTS.success.phone,
    state: 'state-xyz',
  });
  expect(String(message.account_id)).toMatch(/^wp_/);
  expect(JSON.stringify(message)).not.toMatch(/EAAS|session_token/);
  await tab.reload();
  await expect(tab.getByRole('heading', { name: 'This link has already been used' })).toBeVisible();
  // The reloaded page posts the stored result again, for a vendor that missed it.
  await expect(page.locator('#messages li')).toHaveCount(2);
  expect((await messages(page))[1]).toEqual(message);
});

test('the login result and the signup event are correlated in either order', async ({ page }) => {
  const tab = await openConnectTab(page, `${site.origin}/?externalId=e2e-order`);
  await answerDialog(tab, ACCOUNTS.order.label, 'Finish', true);
  await expect(page.locator('#messages li')).toHaveCount(1);
});

test('a vendor page on an origin other than the session origin receives nothing', async ({ page }) => {
  const tab = await openConnectTab(page, `${otherSite.origin}/?externalId=e2e-foreign&sessionOrigin=${encodeURIComponent(site.origin)}`);
  await answerDialog(tab, ACCOUNTS.foreign.label, 'Finish');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  // Messages from one window arrive in order: once this marker is here, the result
  // (posted before it, to the session's origin only) would have arrived too.
  await tab.evaluate(() => window.opener.postMessage('marker', '*'));
  await expect(page.locator('#all-messages li')).toHaveCount(1);
  await expect(page.locator('#all-messages li')).toHaveText(`${new URL(tab.url()).origin} "marker"`);
});

test('closing the tab without finishing is seen by the vendor page', async ({ page }) => {
  const tab = await openConnectTab(page, `${site.origin}/?externalId=e2e-abandon`);
  await tab.close();
  await expect(page.locator('#status')).toHaveText('abandoned');
  await expect(page.locator('#messages li')).toHaveCount(0);
});

test('cancel and refusal return to ready with no message', async ({ page }) => {
  const tab = await openConnectTab(page, `${site.origin}/?externalId=e2e-cancel`);
  await answerDialog(tab, ACCOUNTS.cancel.label, 'Cancel');
  await expect(tab.getByText('Nothing was connected')).toBeVisible();
  await expect(tab.getByRole('button', { name: 'Connect WhatsApp' })).toBeEnabled();
  await answerDialog(tab, ACCOUNTS.cancel.label, "Don't allow");
  await expect(tab.getByText('Nothing was connected')).toBeVisible();
  await expect(tab.getByRole('button', { name: 'Connect WhatsApp' })).toBeEnabled();
  await expect(page.locator('#messages li')).toHaveCount(0);
});

// The fault is injected into one server's Meta simulator: not for a fleet (@one-server).
test('a Meta failure after the signup keeps what Meta shared and Try again finishes in the same tab', { tag: '@one-server' }, async ({ page, request }) => {
  const fault = await request.post('/meta-sim/faults', {
    data: { endpoint: 'register', target: ACCOUNTS.failure.waba, kind: 'http_500', count: 1 },
  });
  expect(fault.status()).toBe(201);
  const tab = await openConnectTab(page, `${site.origin}/?externalId=e2e-failure`);
  await answerDialog(tab, ACCOUNTS.failure.label, 'Finish');
  await expect(tab.getByRole('alert')).toContainText('could not reach Meta');
  await tab.getByRole('button', { name: 'Try again' }).click();
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  await expect(page.locator('#messages li')).toHaveCount(1);
});

test('without an opener the page still shows success', async ({ page, request }) => {
  const created = await request.get(`${site.origin}/session?type=whatsapp&externalId=e2e-no-opener&origin=${encodeURIComponent(site.origin)}`);
  const { connect_url } = await created.json();
  await page.goto(connect_url);
  await expect(page.getByRole('button', { name: 'Connect WhatsApp' })).toBeEnabled();
  await answerDialog(page, ACCOUNTS.noOpener.label, 'Finish');
  await expect(page.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Return to Acme CRM');
});

test('the same externalId yields the same account_id across two sessions', async ({ page }) => {
  const first = await openConnectTab(page, `${site.origin}/?externalId=e2e-reuse`);
  await answerDialog(first, ACCOUNTS.reuse.label, 'Finish');
  await expect(page.locator('#messages li')).toHaveCount(1);
  const [one] = await messages(page);
  const second = await openConnectTab(page, `${site.origin}/?externalId=e2e-reuse`);
  await answerDialog(second, ACCOUNTS.reuse.label, 'Finish');
  await expect(page.locator('#messages li')).toHaveCount(1);
  const [two] = await messages(page);
  expect(String(one.account_id)).toMatch(/^wp_/);
  expect(two.account_id).toBe(one.account_id);
});
