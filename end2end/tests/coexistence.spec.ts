// A WhatsApp Business app number that keeps the app (coexistence), in test mode against
// the simulator: the page offers it when the session asks, the simulated dialog takes
// the customer through the QR confirmation, and the vendor's window gets the contract's
// message with `coexistence: true`; Meta refusing the number leaves the other path
// open. In English, Arabic (right to left) and Spanish, accessible at each new screen.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { texts } from './support/texts';
import { startVendorWithKey, type VendorSite } from './support/vendor';

let site: VendorSite;

test.beforeAll(async ({ baseURL }) => {
  site = await startVendorWithKey(baseURL!);
});

test.afterAll(async () => {
  await site?.close();
});

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the connect flow needs JavaScript');
});

/** The vendor's page and the connect tab of a session that offers to keep the app. */
async function openOffer(page: Page, externalId: string, locale: string): Promise<Page> {
  await page.goto(`${site.origin}/?externalId=${externalId}&locale=${locale}&coexistence=1`);
  const [tab] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Connect WhatsApp Business' }).click(),
  ]);
  const t = texts(locale);
  await expect(tab.getByRole('button', { name: t.wa_connect_app })).toBeEnabled();
  await expect(tab.getByRole('button', { name: t.wa_connect_other })).toBeEnabled();
  await expect(tab.getByText(t.wa_app_lead.replace('{vendor}', 'Acme CRM'))).toBeVisible();
  return tab;
}

/** Opens the simulated Business app dialog and picks the account. */
async function pickAppNumber(tab: Page, locale: string, account: RegExp): Promise<Page> {
  const [dialog] = await Promise.all([
    tab.waitForEvent('popup'),
    tab.getByRole('button', { name: texts(locale).wa_connect_app }).click(),
  ]);
  const select = dialog.getByLabel('Your WhatsApp Business app number');
  const labels = await select.locator('option').allTextContents();
  await select.selectOption({ label: labels.find((l) => account.test(l))! });
  return dialog;
}

/** Confirms "in the app" (the simulated QR step), sharing the history or not. */
async function confirmInApp(dialog: Page, shareHistory: boolean) {
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByText(/Simulated QR code/)).toBeVisible();
  await dialog.getByLabel('Share my chat history with the app').setChecked(shareHistory);
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'I confirmed in the app' }).click()]);
}

async function delivered(page: Page): Promise<Record<string, unknown>> {
  await expect(page.locator('#messages li')).toHaveCount(1);
  return JSON.parse((await page.locator('#messages li').textContent())!);
}

/** The workspace as the vendor's backend reads it. */
async function workspace(page: Page, externalId: string): Promise<Record<string, any>> {
  const response = await page.request.get(`/api/vendor/workspaces/${externalId}`, {
    headers: { Authorization: `Bearer ${site.apiKey}` },
  });
  expect(response.status()).toBe(200);
  return response.json();
}

test('a Business app number connects and keeps the app, and its history arrives', async ({ page }) => {
  const t = texts('en');
  const tab = await openOffer(page, 'coex-en', 'en');
  await expectAccessible(tab, 'the offer to keep the WhatsApp Business app');
  const dialog = await pickAppNumber(tab, 'en', /Corner Café/);
  await confirmInApp(dialog, true);
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText(t.wa_connected_app);
  await expectAccessible(tab, 'the connected page of a Business app number');

  const message = await delivered(page);
  expect(Object.keys(message).sort()).toEqual(['account_id', 'coexistence', 'livemode', 'phone_number_id', 'state', 'type', 'waba_id']);
  expect(message).toMatchObject({ coexistence: true, waba_id: '920000000000015', phone_number_id: '930000000000015' });
  await expect
    .poll(async () => (await workspace(page, 'coex-en')).whatsapp?.syncs?.map((s: any) => `${s.sync}:${s.status}`))
    .toEqual(['contacts:requested', 'history:completed']);
  expect((await workspace(page, 'coex-en')).whatsapp.coexistence).toBe(true);
});

test('in Arabic, right to left, a customer who keeps the history to themselves', async ({ page }) => {
  const t = texts('ar');
  const tab = await openOffer(page, 'coex-ar', 'ar');
  await expect(tab.locator('main')).toHaveCSS('direction', 'rtl');
  await expectAccessible(tab, 'the Arabic offer to keep the app');
  const dialog = await pickAppNumber(tab, 'ar', /Harbour Bakery/);
  await confirmInApp(dialog, false);
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText(t.wa_connected_app);
  await expectAccessible(tab, 'the Arabic connected page of a Business app number');
  expect(await delivered(page)).toMatchObject({ coexistence: true, waba_id: '920000000000016' });
  await expect
    .poll(async () => (await workspace(page, 'coex-ar')).whatsapp?.syncs?.find((s: any) => s.sync === 'history')?.status)
    .toBe('declined');
});

test('in Spanish, a number Meta refuses leaves the page ready for another number', async ({ page }) => {
  const t = texts('es');
  const tab = await openOffer(page, 'coex-es', 'es');
  const dialog = await pickAppNumber(tab, 'es', /Old Phone Shop/);
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Continue' }).click()]);
  const [before, after] = t.wa_app_not_kept.split('{reason}');
  const alert = tab.getByRole('alert');
  await expect(alert).toContainText(before.trim());
  await expect(alert).toContainText(after.trim());
  await expect(alert).toContainText('2.24.17');
  await expectAccessible(tab, 'the Spanish page after Meta refused the Business app number');

  // The other way: a number that is not on the app, registered as usual.
  const other = tab.getByRole('button', { name: t.wa_connect_other });
  await expect(other).toBeEnabled();
  const [standard] = await Promise.all([tab.waitForEvent('popup'), other.click()]);
  const select = standard.getByLabel('Business, WhatsApp Business account and phone number');
  const labels = await select.locator('option').allTextContents();
  expect(labels.some((l) => /Corner Café|Old Phone Shop/.test(l))).toBe(false);
  await select.selectOption({ label: labels.find((l) => /Acme Retail/.test(l))! });
  await Promise.all([standard.waitForEvent('close'), standard.getByRole('button', { name: 'Finish' }).click()]);
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText(t.wa_connected);
  const message = await delivered(page);
  expect(message).not.toHaveProperty('coexistence');
  expect((await workspace(page, 'coex-es')).whatsapp.coexistence).toBe(false);
});
