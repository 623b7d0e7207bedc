// Meta's window blocked inside the connect tab (a pop-up blocker): each page says what
// happened and how to go on, in the customer's language, keeps the keyboard on the page,
// and the way it offers works.
import { expect, test, type Page } from '@playwright/test';
import { createVendor } from './support/vendor';

const ORIGIN = 'https://app.example.com';

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the connect flow needs JavaScript');
});

/** What a pop-up blocker does to the page's windows, and a way to lift it. */
async function blockWindows(page: Page) {
  await page.addInitScript(() => {
    const blocked = window as unknown as { allowWindows: () => void };
    const open = window.open;
    window.open = () => null;
    blocked.allowWindows = () => {
      window.open = open;
    };
  });
}

async function session(page: Page, apiKey: string, type: string, locale: string) {
  const response = await page.request.post('/api/vendor/sessions', {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: { workspaceName: 'Acme Co', externalId: `blocked-${type}`, origin: ORIGIN, integrationType: type, locale },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).connect_url as string;
}

test('WhatsApp: the page explains a blocked window, and once allowed the customer connects', async ({ page }) => {
  const vendor = createVendor([ORIGIN]);
  await blockWindows(page);
  await page.goto(await session(page, vendor.apiKey, 'whatsapp', 'en'));
  const connect = page.getByRole('button', { name: 'Connect WhatsApp' });
  await connect.click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText("Your browser blocked Meta's window, so nothing has happened yet.");
  await expect(alert).toContainText("open this page in your phone's own browser");
  await expect(page.getByText('the permissions were not granted')).toHaveCount(0);
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('connect-title');

  // The customer allows pop-ups and tries again.
  await page.evaluate(() => (window as unknown as { allowWindows: () => void }).allowWindows());
  const [dialog] = await Promise.all([page.waitForEvent('popup'), connect.click()]);
  const labels = await dialog.locator('#account option').allTextContents();
  await dialog
    .getByLabel('Business, WhatsApp Business account and phone number')
    .selectOption({ label: labels.find((l) => /Stark/.test(l))! });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
  await expect(page.getByRole('heading', { name: 'WhatsApp is connected' })).toBeVisible();
});

test('Facebook Pages: the page explains a blocked window in Spanish and its full-page way works', async ({ page }) => {
  const vendor = createVendor([ORIGIN]);
  await blockWindows(page);
  await page.goto(await session(page, vendor.apiKey, 'meta_page', 'es'));
  await page.getByRole('button', { name: 'Conectar páginas de Facebook' }).click();
  await expect(page.getByRole('alert')).toContainText('Tu navegador bloqueó la ventana de Facebook');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('connect-title');
  // The way that needs no window: Meta's login as a full page, in this tab.
  await page.getByRole('button', { name: /Continúa en Facebook en esta pestaña/ }).click();
  await page.waitForURL((url) => url.pathname.endsWith('/dialog/oauth'));
});
