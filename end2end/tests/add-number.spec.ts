import { expect, test } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { createVendor, startVendorSite, type VendorSite } from './support/vendor';

// The simulator's account shared without a phone number (Meta's FINISH_ONLY_WABA),
// and the code its Meta "sends" to a number added to it (no message leaves it).
const NO_NUMBER = /Initech/;
const TEST_CODE = '123456';

let site: VendorSite;

test.beforeAll(async ({ baseURL }) => {
  site = await startVendorSite(baseURL!);
  site.apiKey = createVendor([site.origin]).apiKey;
});

test.afterAll(async () => {
  await site?.close();
});

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, "Meta's window needs JavaScript (the add-number page itself does not)");
});

test('a number added on the page with its code connects, and the vendor gets the result', async ({ page }) => {
  await page.goto(`${site.origin}/?externalId=e2e-add-number`);
  const [tab] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Connect WhatsApp Business' }).click(),
  ]);
  await expect(tab.getByRole('button', { name: 'Connect WhatsApp' })).toBeEnabled();
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  const labels = await dialog.locator('#account option').allTextContents();
  const label = labels.find((l) => NO_NUMBER.test(l));
  if (!label) throw new Error('no simulated account without a number');
  await dialog.getByLabel('Business, WhatsApp Business account and phone number').selectOption({ label });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
  await expect(tab.getByRole('heading', { name: 'Add a phone number' })).toBeVisible();

  await tab.getByRole('link', { name: /add a new number here/ }).click();
  await expect(tab.getByRole('heading', { name: 'Add a phone number' })).toBeVisible();
  await expect(tab.getByText('Your WhatsApp Business account Initech Main has no phone number yet: add one here.', { exact: false })).toBeVisible();
  await expectAccessible(tab, 'add-number page: the number');
  // Keyboard only: the fields, the way the code is sent, then the button.
  await tab.getByLabel('Country code', { exact: true }).focus();
  await tab.keyboard.type('44');
  await tab.keyboard.press('Tab');
  await tab.keyboard.type('20 7946 0958');
  await tab.keyboard.press('Tab');
  await tab.keyboard.type('Initech Branch');
  await tab.getByLabel('Voice call').check();
  await tab.getByRole('button', { name: 'Send the code' }).press('Enter');

  await expect(tab.getByRole('heading', { name: 'Enter the code' })).toBeVisible();
  await expect(tab.getByRole('status')).toHaveText('Meta sent a 6-digit code to +44 2079460958.');
  await expect(tab.getByText(`The code is ${TEST_CODE}.`)).toBeVisible();
  await tab.getByLabel('Code (6 digits)').fill('000000');
  await tab.getByRole('button', { name: 'Verify and connect' }).click();
  await expect(tab.getByRole('alert')).toHaveText('That code did not match, or it has expired. Check it, or send a new code.');
  await expectAccessible(tab, 'add-number page: a wrong code');
  await expect(page.locator('#messages li')).toHaveCount(0);

  await tab.getByLabel('Code (6 digits)').fill(TEST_CODE);
  await tab.getByRole('button', { name: 'Verify and connect' }).click();
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  await expectAccessible(tab, 'add-number page: connected');
  await expect(page.locator('#messages li')).toHaveCount(1);
  const message = JSON.parse((await page.locator('#messages li').first().textContent()) ?? '{}');
  expect(message).toMatchObject({ type: 'whatsportal:connect:success', state: 'state-xyz' });
  expect(message.phone_number_id).toBe('960442079460958');
});

test("a vendor's session that asks for it has Meta share only the account, then the page adds the number", async ({ page, baseURL }) => {
  await page.goto(`${site.origin}/?externalId=e2e-number-on-page&addNumberOnPage=1`);
  const [tab] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Connect WhatsApp Business' }).click(),
  ]);
  await expect(tab.getByRole('button', { name: 'Connect WhatsApp' })).toBeEnabled();
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  // An account with a number: the dialog shares the account alone.
  const labels = await dialog.locator('#account option').allTextContents();
  const label = labels.find((l) => /Spare Co/.test(l));
  if (!label) throw new Error('no simulated account Spare Co');
  expect(label).toContain('the account only');
  await dialog.getByLabel('Business, WhatsApp Business account and phone number').selectOption({ label });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
  const logins = await (await page.request.get(`${baseURL}/meta-sim/logins`)).json();
  expect(logins[logins.length - 1].extras).toMatchObject({ featureType: 'only_waba_sharing', version: 'v4' });

  // Running Meta's window again would not add a number: the page offers its own form only.
  await expect(tab.getByRole('button', { name: 'Add a phone number' })).toHaveCount(0);
  await tab.getByRole('link', { name: 'Add a phone number' }).click();
  await tab.getByLabel('Country code', { exact: true }).fill('1');
  await tab.getByLabel('Phone number (without the country code)').fill('555 010 7777');
  await tab.getByLabel('Display name').fill('Spare Branch');
  await tab.getByRole('button', { name: 'Send the code' }).click();
  await tab.getByLabel('Code (6 digits)').fill(TEST_CODE);
  await tab.getByRole('button', { name: 'Verify and connect' }).click();
  await expect(tab.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
  await expect(page.locator('#messages li')).toHaveCount(1);
  const message = JSON.parse((await page.locator('#messages li').first().textContent()) ?? '{}');
  expect(message.phone_number_id).toBe('960015550107777');
});
