// Embedded Signup's 2026 behaviours through the simulator: events from Meta's second
// host, a finish without a number, a number's existing PIN, a missing event or code,
// Meta's errors, the launch options; and the Pages flow's token-less Page and account
// switch.
import { expect, test, type Page } from '@playwright/test';
import { startVendorWithKey, type VendorSite } from './support/vendor';

let site: VendorSite;

test.beforeAll(async ({ baseURL }) => {
  site = await startVendorWithKey(baseURL!);
});

test.afterAll(async () => {
  await site?.close();
});

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the connect flows need JavaScript');
});

async function openTab(vendorPage: Page, button: string, externalId: string, ready: string): Promise<Page> {
  await vendorPage.goto(`${site.origin}/?externalId=${externalId}`);
  const [tab] = await Promise.all([vendorPage.waitForEvent('popup'), vendorPage.getByRole('button', { name: button }).click()]);
  await expect(tab.getByRole('button', { name: ready })).toBeEnabled();
  return tab;
}

/** Opens the simulated Embedded Signup dialog, picks `account`, ticks `options`, clicks `action`. */
async function signup(tab: Page, button: string, account: RegExp, action: string, options: string[] = []) {
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: button }).click()]);
  const labels = await dialog.locator('#account option').allTextContents();
  await dialog.getByLabel('Business, WhatsApp Business account and phone number').selectOption({ label: labels.find((l) => account.test(l))! });
  for (const option of options) await dialog.getByLabel(option).check();
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: action, exact: true }).click()]);
}

async function message(vendorPage: Page): Promise<Record<string, unknown>> {
  await expect(vendorPage.locator('#messages li')).toHaveCount(1);
  return JSON.parse((await vendorPage.locator('#messages li').textContent())!);
}

test('events from Meta\'s second host are taken, and FB.login runs Embedded Signup v4', async ({ page, request }) => {
  const tab = await openTab(page, 'Connect WhatsApp Business', 'sig-second-host', 'Connect WhatsApp');
  await signup(tab, 'Connect WhatsApp', /Registered Co/, 'Finish', ["Send the events from Meta's second host (like web.facebook.com)"]);
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(await message(page)).toMatchObject({ waba_id: '920000000000012', phone_number_id: '930000000000012' });
  const logins: Record<string, unknown>[] = await (await request.get('/meta-sim/logins')).json();
  const launched = logins.filter((l) => typeof l.extras === 'object');
  expect(launched.length).toBeGreaterThan(0);
  for (const login of launched) {
    expect(login).toMatchObject({ response_type: 'code', override_default_response_type: true, extras: { setup: {}, version: 'v4' } });
    expect(JSON.stringify(login)).not.toContain('sessionInfoVersion');
  }
});

test('a finish without a number asks for one and the same tab adds it', async ({ page }) => {
  const tab = await openTab(page, 'Connect WhatsApp Business', 'sig-only-waba', 'Connect WhatsApp');
  await signup(tab, 'Connect WhatsApp', /Initech/, 'Finish');
  await expect(tab.getByRole('heading', { name: 'Add a phone number' })).toBeVisible();
  await expect(tab.getByRole('status')).toContainText('Initech Main is connected, but it has no phone number yet');
  await signup(tab, 'Add a phone number', /Spare Co/, 'Finish');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(await message(page)).toMatchObject({ phone_number_id: '930000000000014' });
});

test('a number with a two-step PIN asks for it', async ({ page }) => {
  const tab = await openTab(page, 'Connect WhatsApp Business', 'sig-pin', 'Connect WhatsApp');
  await signup(tab, 'Connect WhatsApp', /Pinned Co/, 'Finish');
  await expect(tab.getByRole('heading', { name: 'Enter your two-step verification PIN' })).toBeVisible();
  await expect(tab.getByText('+1 555-010-0010')).toBeVisible();
  await tab.getByLabel('PIN (6 digits)').fill('246810');
  await tab.getByRole('button', { name: 'Finish with this PIN' }).click();
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  expect(await message(page)).toMatchObject({ phone_number_id: '930000000000010' });
});

test('a missing event and a missing code each say what to do, and nothing is posted', async ({ page }) => {
  const tab = await openTab(page, 'Connect WhatsApp Business', 'sig-missing', 'Connect WhatsApp');
  await signup(tab, 'Connect WhatsApp', /Hooli/, 'Finish', ['Finish without a login code (no authResponse)']);
  await expect(tab.getByRole('alert')).toContainText('Meta did not confirm the sign-in');
  await signup(tab, 'Connect WhatsApp', /Hooli/, 'Finish', ['Send no signup event']);
  await expect(tab.getByRole('alert')).toContainText('Meta finished without telling us which WhatsApp Business account', { timeout: 20_000 });
  await expect(page.locator('#messages li')).toHaveCount(0);
  await signup(tab, 'Connect WhatsApp', /Hooli/, 'Finish');
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  await message(page);
});

test('Meta\'s errors and a reported problem come back with what to do', async ({ page }) => {
  const tab = await openTab(page, 'Connect WhatsApp Business', 'sig-errors', 'Connect WhatsApp');
  await signup(tab, 'Connect WhatsApp', /Stark/, 'Meta error');
  await expect(tab.getByRole('alert')).toContainText('Meta reported an unexpected error');
  await signup(tab, 'Connect WhatsApp', /Stark/, 'Report a problem');
  await expect(tab.getByRole('alert')).toContainText('The customer reported a problem');
  await expect(tab.getByRole('button', { name: 'Connect WhatsApp' })).toBeEnabled();
  await expect(page.locator('#messages li')).toHaveCount(0);
});

async function logInToFacebook(tab: Page, button: string, user: RegExp) {
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: button }).click()]);
  const labels = await dialog.locator('#user option').allTextContents();
  await dialog.getByLabel('Facebook account').selectOption({ label: labels.find((l) => user.test(l))! });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Continue' }).click()]);
}

test('a Page listed without a token cannot be chosen; the other can', async ({ page }) => {
  const tab = await openTab(page, 'Connect Facebook Pages', 'sig-ana', 'Connect Facebook Pages');
  await logInToFacebook(tab, 'Connect Facebook Pages', /^Ana/);
  await expect(tab.getByLabel(/Harbour Cafe Events/)).toBeDisabled();
  await expect(tab.getByText('Facebook did not give access to this Page')).toBeVisible();
  await tab.getByLabel(/^Harbour Cafe\s*Cafe/).check();
  await tab.getByRole('button', { name: 'Connect 1 Page' }).click();
  expect(await message(page)).toMatchObject({ pages: [{ name: 'Harbour Cafe' }] });
});

test('"Use another Facebook account" logs out, so the next login asks who logs in', async ({ page }) => {
  const tab = await openTab(page, 'Connect Facebook Pages', 'sig-switch', 'Connect Facebook Pages');
  await logInToFacebook(tab, 'Connect Facebook Pages', /^Sam/);
  await expect(tab.getByRole('heading', { name: 'No Facebook Pages found' })).toBeVisible();
  await tab.getByRole('button', { name: 'Use another Facebook account' }).click();
  await expect(tab.getByRole('status')).toContainText('You are logged out of Facebook in this browser');
  await logInToFacebook(tab, 'Connect Facebook Pages', /^Dana/);
  await expect(tab.getByRole('heading', { name: 'Choose the Pages to connect' })).toBeVisible();
});
