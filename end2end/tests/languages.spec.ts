// Every language of the connect pages in the browser: each renders its page hydrated
// (the flow's island runs with the language's texts), and a whole flow runs in Arabic,
// right to left, meeting WCAG 2.1 AA at each step.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectReflow } from './support/accessibility';
import { createSession, expireSession } from './support/sessions';
import { texts } from './support/texts';
import { startVendorWithKey, type VendorSite } from './support/vendor';

const LOCALES = ['en', 'es', 'pt-BR', 'id', 'hi', 'fr', 'de', 'ar'];

let site: VendorSite;

test.beforeAll(async ({ baseURL }) => {
  site = await startVendorWithKey(baseURL!);
});

test.afterAll(async () => {
  await site?.close();
});

async function sessionIn(page: Page, locale: string, type: string): Promise<string> {
  const response = await page.request.post('/api/vendor/sessions', {
    headers: { Authorization: `Bearer ${site.apiKey}` },
    data: { workspaceName: 'Acme Co', externalId: `lang-${locale}`, origin: site.origin, integrationType: type, locale },
  });
  expect(response.status()).toBe(200);
  return (await response.json()).connect_url;
}

test('every language renders both connect pages, hydrated, in its own words', async ({ page, javaScriptEnabled }) => {
  for (const locale of LOCALES) {
    const t = texts(locale);
    await page.goto(await sessionIn(page, locale, 'whatsapp'));
    await expect(page.locator('html')).toHaveAttribute('lang', locale);
    await expect(page.locator('html')).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.wa_title);
    const connect = page.getByRole('button', { name: t.wa_connect });
    if (javaScriptEnabled) await expect(connect).toBeEnabled();
    else await expect(page.getByText(t.needs_javascript)).toBeVisible();

    await page.goto(await sessionIn(page, locale, 'meta_page'));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.pages_title);
    if (javaScriptEnabled) await expect(page.getByRole('button', { name: t.pages_connect })).toBeEnabled();
  }
});

test('the unusable-link pages follow the browser language when the session names none', async ({ browser, request }) => {
  for (const locale of ['es', 'ar', 'hi']) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const session = await createSession(request, site.apiKey, site.origin);
    expireSession(session.session_token);
    const response = await page.goto(session.connect_url);
    expect(response?.status()).toBe(410);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(texts(locale).expired_title);
    await context.close();
  }
});

test('a whole WhatsApp flow runs in Arabic, right to left and accessible', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the connect flow needs JavaScript');
  const t = texts('ar');
  await page.goto(`${site.origin}/?externalId=lang-ar-flow&locale=ar`);
  const [tab] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Connect WhatsApp Business' }).click(),
  ]);
  await expect(tab.getByRole('button', { name: t.wa_connect })).toBeEnabled();
  await expect(tab.locator('main')).toHaveCSS('direction', 'rtl');
  await expectAccessible(tab, 'the Arabic WhatsApp page');
  await expectReflow(tab, 'arabic whatsapp ready');
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: t.wa_connect }).click()]);
  const select = dialog.getByLabel('Business, WhatsApp Business account and phone number');
  const labels = await select.locator('option').allTextContents();
  await select.selectOption({ label: labels.find((l) => /Acme Retail/.test(l))! });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
  await expect(tab.getByRole('heading', { level: 1 })).toHaveText(t.wa_connected);
  await expect(tab.getByRole('status')).toHaveText(t.done_close_tab.replace('{vendor}', 'Acme CRM'));
  await expectAccessible(tab, 'the Arabic success page');
  await expect(page.locator('#messages li')).toHaveCount(1);
});
