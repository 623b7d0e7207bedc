// WCAG 2.1 AA on every connect page state and every admin page (axe-core), both flows
// completed with the keyboard alone, and reflow at 320 and 640 CSS pixels.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectReflow, tabTo } from './support/accessibility';
import { createSession, expireSession } from './support/sessions';
import { createStaff, signIn, uniqueEmail } from './support/staff';
import { startVendorWithKey, type VendorSite } from './support/vendor';

let site: VendorSite;

test.beforeAll(async ({ baseURL }) => {
  site = await startVendorWithKey(baseURL!);
});

test.afterAll(async () => {
  await site?.close();
});

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'axe-core and the flows run in the page');
});

/** Opens the connect tab from the vendor page's button; returns it once Connect is enabled. */
async function openTab(vendorPage: Page, externalId: string, vendorButton: string, connect: string): Promise<Page> {
  await vendorPage.goto(`${site.origin}/?externalId=${externalId}`);
  const [tab] = await Promise.all([
    vendorPage.waitForEvent('popup'),
    vendorPage.getByRole('button', { name: vendorButton }).click(),
  ]);
  await expect(tab.getByRole('button', { name: connect })).toBeEnabled();
  return tab;
}

/** Opens Meta's (simulated) dialog with the keyboard, picks `choice` in `field` and confirms. */
async function keyboardDialog(tab: Page, connect: string, field: string, choice: RegExp, confirm: string) {
  await tabTo(tab, tab.getByRole('button', { name: connect }));
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.keyboard.press('Enter')]);
  const select = dialog.getByLabel(field);
  const labels = await select.locator('option').allTextContents();
  await select.selectOption({ label: labels.find((l) => choice.test(l))! });
  await dialog.getByRole('button', { name: confirm }).focus();
  // Enter confirms and the dialog closes itself, sometimes before the key is released:
  // a press that fails only because the dialog is already gone did its work.
  const confirmed = dialog.keyboard.press('Enter').catch((error) => {
    if (!dialog.isClosed()) throw error;
  });
  await Promise.all([dialog.isClosed() ? null : dialog.waitForEvent('close'), confirmed]);
}

/** After a change of state the focus is on the new state's heading, never on the body. */
async function expectFocusOnHeading(tab: Page, heading: string | RegExp) {
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText(heading);
  await expect.poll(() => tab.evaluate(() => document.activeElement?.id)).toBe('connect-title');
}

test('the connect pages of unusable links meet WCAG 2.1 AA and reflow', async ({ page, request }) => {
  const expired = await createSession(request, site.apiKey, site.origin);
  expireSession(expired.session_token);
  await page.goto(expired.connect_url);
  await expect(page.getByRole('heading', { name: 'Session has expired' })).toBeVisible();
  await expectAccessible(page, 'an expired link');
  await expectReflow(page, 'expired link');

  await page.goto(`/vendor/connect/meta-page?session_token=${'0'.repeat(64)}`);
  await expect(page.getByRole('heading', { name: 'This connection link is not valid' })).toBeVisible();
  await expectAccessible(page, 'an unknown link');
  await expectReflow(page, 'unknown link');
});

test('the WhatsApp flow completes with the keyboard alone, accessible at each step', async ({ page }) => {
  const tab = await openTab(page, 'a11y-whatsapp', 'Connect WhatsApp Business', 'Connect WhatsApp');
  await expectAccessible(tab, 'the WhatsApp connect page');
  await expectReflow(tab, 'whatsapp ready');
  // Back from Meta without connecting: the focus is on the page, the next Tab on Connect.
  await keyboardDialog(tab, 'Connect WhatsApp', 'Business, WhatsApp Business account and phone number', /Acme Retail/, 'Cancel');
  await expectFocusOnHeading(tab, 'Connect your WhatsApp Business account');
  await tab.keyboard.press('Tab');
  expect(await tab.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Connect WhatsApp');
  await keyboardDialog(tab, 'Connect WhatsApp', 'Business, WhatsApp Business account and phone number', /Acme Retail/, 'Finish');
  await expectFocusOnHeading(tab, 'WhatsApp is connected');
  await expectAccessible(tab, 'a connected WhatsApp account');
  await expectReflow(tab, 'whatsapp connected');
  await expect(page.locator('#messages li')).toHaveCount(1);
});

test('the Facebook Pages flow completes with the keyboard alone, accessible at each step', async ({ page }) => {
  const tab = await openTab(page, 'a11y-pages', 'Connect Facebook Pages', 'Connect Facebook Pages');
  await expectAccessible(tab, 'the Facebook Pages connect page');
  await keyboardDialog(tab, 'Connect Facebook Pages', 'Facebook account', /^Dana/, 'Continue');
  await expectFocusOnHeading(tab, 'Choose the Pages to connect');
  await expectAccessible(tab, 'the page chooser');
  await expectReflow(tab, 'pages chooser');
  const first = tab.getByRole('checkbox', { disabled: false }).first();
  await tabTo(tab, first);
  await tab.keyboard.press('Space');
  await expect(first).toBeChecked();
  await tabTo(tab, tab.getByRole('button', { name: 'Connect 1 Page' }));
  await tab.keyboard.press('Enter');
  await expectFocusOnHeading(tab, /is connected/);
  await expectAccessible(tab, 'a connected page');
  await expect(page.locator('#messages li')).toHaveCount(1);
});

test('every admin page meets WCAG 2.1 AA and reflows', async ({ page }) => {
  // Eight pages, each checked by axe-core and shown at two widths.
  test.setTimeout(90_000);
  await page.goto('/admin/sign-in');
  await expectAccessible(page, 'the sign-in page');
  await expectReflow(page, 'admin sign-in');
  await signIn(page, createStaff(uniqueEmail('a11y')));
  await expectAccessible(page, 'the vendor list');
  await expectReflow(page, 'admin vendor list');
  const name = `Accessible Vendor ${Date.now()}`;
  await page.getByLabel(/^Name/).fill(name);
  await page.getByRole('button', { name: 'Create vendor' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await page.getByRole('button', { name: 'Create API key' }).click();
  await expect(page.getByTestId('secret')).toBeVisible();
  await expectAccessible(page, 'a vendor page with a new key');
  await expectReflow(page, 'admin vendor');
  await page.getByRole('link', { name: 'Workspaces and connections' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expectAccessible(page, "a vendor's workspaces");
  await expectReflow(page, 'admin workspaces');
  for (const [link, path] of [['Meta events', 'meta-events'], ['Audit log', 'audit'], ['Staff', 'staff']]) {
    await page.getByRole('link', { name: link, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/admin/${path}$`));
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectAccessible(page, `the admin page ${path}`);
    await expectReflow(page, `admin ${path}`);
  }
});
