// The guide's hand-written frontend code (section 3 of /docs), run as a vendor would
// paste it: when the browser blocks the connect window, it tells the customer and asks
// the vendor's backend for no session it could not use.
import { expect, test } from '@playwright/test';

test.beforeEach(({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the snippet is JavaScript');
});

test("the guide's snippet handles a blocked window without creating a session", async ({ page, context }) => {
  await page.goto('/docs');
  const snippet = await page.locator('#by-hand + p + pre code, #by-hand + pre code').first().textContent();
  expect(snippet).toContain('function connect(type)');

  const vendor = await context.newPage();
  const errors: string[] = [];
  vendor.on('pageerror', (error) => errors.push(error.message));
  await vendor.setContent('<!doctype html><html><body><p id="message"></p></body></html>');
  await vendor.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    w.sessionsAsked = 0;
    window.open = () => null;   // what a pop-up blocker answers
    window.fetch = () => { w.sessionsAsked = (w.sessionsAsked as number) + 1; return new Promise(() => {}); };
    w.showMessage = (text: string) => { document.getElementById('message')!.textContent = text; };
    w.confirmOnServer = () => {};
  });
  await vendor.addScriptTag({ content: snippet! });
  await vendor.evaluate(() => (window as unknown as { connect: (type: string) => void }).connect('whatsapp'));
  await expect(vendor.locator('#message')).toContainText('allow pop-ups');
  // Long enough for the old snippet's 500 ms timer to throw.
  await vendor.waitForTimeout(1200);
  expect(errors).toEqual([]);
  expect(await vendor.evaluate(() => (window as unknown as { sessionsAsked: number }).sessionsAsked)).toBe(0);
});
