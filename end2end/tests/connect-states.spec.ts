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
