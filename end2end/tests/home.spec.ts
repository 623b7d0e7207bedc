import { expect, test } from '@playwright/test';

test('the home page renders its content on the server', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('connect WhatsApp Business');
  await expect(page).toHaveTitle('WhatsPortal Vendor Connect');
});

test('the home page hydrates and its button responds', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'hydration needs JavaScript');
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  await expect(page.locator('main[data-hydrated="true"]')).toBeVisible();
  const toggle = page.getByRole('button', { name: 'Show the example' });
  await expect(page.locator('#session-example')).toBeHidden();
  await toggle.click();
  await expect(page.locator('#session-example')).toBeVisible();
  await expect(page.locator('#session-example')).toContainText('Authorization: Bearer');
  await expect(page.getByRole('button', { name: 'Hide the example' })).toHaveAttribute('aria-expanded', 'true');
  expect(errors).toEqual([]);
});

test('without JavaScript the page stays server-rendered', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'only meaningful with JavaScript off');
  await page.goto('/');
  await expect(page.locator('main[data-hydrated="false"]')).toBeVisible();
});

test('the client bundle is served compressed with a long-lived cache', async ({ request, page }) => {
  await page.goto('/');
  const wasm = await page.locator('link[rel="preload"][href$=".wasm"], link[href$=".wasm"]').first().getAttribute('href');
  expect(wasm).toMatch(/^\/pkg\/whatsportal\.[^/]+\.wasm$/);
  const response = await request.get(wasm!, { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-encoding']).toBe('br');
  expect(response.headers()['cache-control']).toContain('immutable');
});

test('pages outside the admin area never download its code', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'nothing is downloaded without JavaScript');
  const wasm: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasm.push(new URL(request.url()).pathname);
  });
  await page.goto('/');
  await expect(page.locator('main[data-hydrated="true"]')).toBeVisible();
  expect(wasm.some((path) => /^\/pkg\/whatsportal\./.test(path))).toBe(true);
  expect(wasm.filter((path) => path.includes('route_view'))).toEqual([]);
});
