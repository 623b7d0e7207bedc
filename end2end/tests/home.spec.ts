import { expect, test } from '@playwright/test';

test('the home page renders its content on the server', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('connect WhatsApp Business');
  await expect(page).toHaveTitle('WhatsPortal Vendor Connect');
});

test('the session example opens and closes, with or without JavaScript', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  const example = page.locator('#session-example');
  await expect(example).toBeHidden();
  await page.getByText('Show the example').click();
  await expect(example).toBeVisible();
  await expect(example).toContainText('Authorization: Bearer');
  await page.getByText('Show the example').click();
  await expect(example).toBeHidden();
  expect(errors).toEqual([]);
});

test('the client bundle is served compressed with a long-lived cache', async ({ request, page }) => {
  // Connect pages are the ones that load it, even the page of an unknown link.
  await page.goto('/vendor/connect/whatsapp?session_token=unknown');
  const wasm = await page.locator('link[rel="preload"][href$=".wasm"]').first().getAttribute('href');
  expect(wasm).toMatch(/^\/pkg\/whatsportal-whatsapp\.[^/]+\.wasm$/);
  const response = await request.get(wasm!, { headers: { 'Accept-Encoding': 'br, gzip' } });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-encoding']).toBe('br');
  expect(response.headers()['cache-control']).toContain('immutable');
});

test('pages other than the connect pages load no script', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'nothing is loaded without JavaScript');
  const code: string[] = [];
  page.on('request', (request) => {
    if (/\.(js|wasm)$/.test(new URL(request.url()).pathname)) code.push(new URL(request.url()).pathname);
  });
  await page.goto('/');
  await page.goto('/admin/sign-in');
  await page.goto('/docs');
  await page.waitForLoadState('networkidle');
  expect(code).toEqual([]);
  await page.goto('/vendor/connect/whatsapp?session_token=unknown');
  await expect.poll(() => code.some((path) => /^\/pkg\/whatsportal-whatsapp\.[^/]+\.wasm$/.test(path))).toBe(true);
});

test("each connect page loads its own flow's module and no other", async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'nothing is loaded without JavaScript');
  for (const [path, flow] of [['/vendor/connect/whatsapp', 'whatsapp'], ['/vendor/connect/meta-page', 'meta_page']]) {
    const code: string[] = [];
    const listener = (request: { url(): string }) => {
      const file = new URL(request.url()).pathname;
      if (/\.(js|wasm)$/.test(file) && file.startsWith('/pkg/')) code.push(file);
    };
    page.on('request', listener);
    await page.goto(`${path}?session_token=unknown`);
    await expect.poll(() => code.filter((file) => file.endsWith('.wasm')).length).toBe(1);
    await page.waitForLoadState('networkidle');
    page.off('request', listener);
    // A preload and the load of the same file are one file.
    const files = [...new Set(code)];
    expect(files.length, files.join(', ')).toBe(2);
    for (const file of files) expect(file).toMatch(new RegExp(`^/pkg/whatsportal-${flow}\\.[^/]+\\.(js|wasm)$`));
  }
});
