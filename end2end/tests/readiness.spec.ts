import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { createVendor, startVendorSite, type VendorSite } from './support/vendor';

// The simulator's numbers that are connected but cannot send freely yet: one whose
// display name Meta still reviews (not registered until approved), one whose account
// has no payment method.
const PENDING_NAME = { label: /New Name Co/, phone: '930000000000018' };
const NO_PAYMENT = { label: /Unpaid Co/, phone: '930000000000019' };

let site: VendorSite;

test.beforeAll(async ({ baseURL }) => {
  site = await startVendorSite(baseURL!);
  site.apiKey = createVendor([site.origin]).apiKey;
});

test.afterAll(async () => {
  await site?.close();
});

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the connect flow needs JavaScript');
});

/** Connects `account` from the vendor's page; answers the connect tab on its success screen. */
async function connect(page: Page, externalId: string, account: RegExp): Promise<Page> {
  await page.goto(`${site.origin}/?externalId=${externalId}`);
  const [tab] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Connect WhatsApp Business' }).click(),
  ]);
  await expect(tab.getByRole('button', { name: 'Connect WhatsApp' })).toBeEnabled();
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  const labels = await dialog.locator('#account option').allTextContents();
  const label = labels.find((l) => account.test(l));
  if (!label) throw new Error(`no simulated account ${account}`);
  await dialog.getByLabel('Business, WhatsApp Business account and phone number').selectOption({ label });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  return tab;
}

test('the success screen says the display name is still in review', async ({ page }) => {
  const tab = await connect(page, 'e2e-ready-name', PENDING_NAME.label);
  const missing = tab.getByRole('region', { name: 'Before this number can send messages:' });
  await expect(missing.locator('p').nth(1)).toHaveText(
    'Meta is still reviewing the display name. The number starts working by itself once Meta approves it.',
  );
  // The vendor's message is the contract's: nothing about readiness.
  await expect(page.locator('#messages li')).toHaveCount(1);
  const message = JSON.parse((await page.locator('#messages li').first().textContent()) ?? '{}');
  expect(message.phone_number_id).toBe(PENDING_NAME.phone);
  expect(Object.keys(message)).not.toContain('missing');
  await expectAccessible(tab, 'success screen with a display name in review');
});

test('the success screen names a missing payment method, and nothing for a ready number', async ({ page }) => {
  const tab = await connect(page, 'e2e-ready-payment', NO_PAYMENT.label);
  const missing = tab.getByRole('region', { name: 'Before this number can send messages:' });
  await expect(missing.locator('p').nth(1)).toHaveText('Add a payment method to your WhatsApp Business account in WhatsApp Manager.');
  await expectAccessible(tab, 'success screen without a payment method');
  const ready = await connect(page, 'e2e-ready-ok', /Registered Co/);
  await expect(ready.getByRole('status')).toContainText('You can close this tab');
  await expect(ready.getByRole('region', { name: 'Before this number can send messages:' })).toHaveCount(0);
});
