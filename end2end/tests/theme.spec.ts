// A vendor's theme: staff set it on the vendor page (an unreadable colour is refused with
// its contrast), and the vendor's connect pages show it, dark included, still WCAG 2.1 AA.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible } from './support/accessibility';
import { createSession, expireSession } from './support/sessions';
import { createStaff, signIn, uniqueEmail } from './support/staff';
import { createVendor } from './support/vendor';

const ORIGIN = 'https://app.example.com';

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the admin form and axe-core run in the page');
});

async function saveTheme(page: Page, primary: string, appearance: 'light' | 'dark') {
  await page.getByLabel(/^Primary colour/).fill(primary);
  await page.getByLabel('Appearance').selectOption(appearance);
  await page.getByRole('button', { name: 'Save theme' }).click();
}

/** The computed background of the page's main button, as `rgb(r, g, b)`. */
async function buttonBackground(page: Page, name: string): Promise<string> {
  const button = page.getByRole('button', { name });
  await expect(button).toBeEnabled();
  return button.evaluate((element) => getComputedStyle(element).backgroundColor);
}

test("staff choose a vendor's colour and dark pages; its connect pages wear them, accessible", async ({
  page,
  request,
}) => {
  const vendor = createVendor([ORIGIN]);
  await signIn(page, createStaff(uniqueEmail('theme')));
  await page.goto(`/admin/vendors/${vendor.vendorId}`);
  await expect(page.getByTestId('theme')).toHaveText("The page's own colour on a light page");

  // Yellow on a near-white page: refused, with its contrast, and nothing saved.
  await saveTheme(page, '#facc15', 'light');
  await expect(page.getByRole('alert')).toContainText('#facc15 has a contrast of 1.4:1 on the light connect page');
  await expect(page.getByTestId('theme')).toHaveText("The page's own colour on a light page");

  await saveTheme(page, '#7dd3fc', 'dark');
  await expect(page.getByTestId('theme')).toHaveText(/^#7dd3fc on a dark page \(contrast \d+\.\d:1\)$/);

  const whatsapp = await createSession(request, vendor.apiKey, ORIGIN);
  await page.goto(whatsapp.connect_url);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await buttonBackground(page, 'Connect WhatsApp')).toBe('rgb(125, 211, 252)');
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe('rgb(15, 23, 42)');
  await expectAccessible(page, 'a dark WhatsApp connect page in the vendor colour');

  const pages = await createSession(request, vendor.apiKey, ORIGIN, 'meta_page');
  await page.goto(pages.connect_url);
  expect(await buttonBackground(page, 'Connect Facebook Pages')).toBe('rgb(125, 211, 252)');
  await expectAccessible(page, 'a dark Facebook Pages connect page in the vendor colour');

  expireSession(pages.session_token);
  await page.goto(pages.connect_url);
  await expect(page.getByRole('heading', { name: 'Session has expired' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expectAccessible(page, 'a dark expired link');
});
