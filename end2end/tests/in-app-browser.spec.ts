// A connect page opened in an app's built-in browser (here Instagram's on Android) says
// Meta's window may not open there and links to the same page in the phone's browser;
// the flow still runs, and the page stays WCAG 2.1 AA on a 320 px screen.
import { expect, test } from '@playwright/test';
import { expectAccessible, expectReflow } from './support/accessibility';
import { createSession } from './support/sessions';
import { createVendor } from './support/vendor';

const ORIGIN = 'https://app.example.com';
const INSTAGRAM_ANDROID =
  'Mozilla/5.0 (Linux; Android 13; SM-A145M Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36 Instagram 312.1.0.34.111 Android';

test.use({ userAgent: INSTAGRAM_ANDROID, viewport: { width: 320, height: 640 } });

test('in an app browser the connect pages offer the phone browser, and still work', async ({
  page,
  request,
  javaScriptEnabled,
}) => {
  const vendor = createVendor([ORIGIN]);
  for (const [type, button] of [
    ['whatsapp', 'Connect WhatsApp'],
    ['meta_page', 'Connect Facebook Pages'],
  ]) {
    const session = await createSession(request, vendor.apiKey, ORIGIN, type);
    await page.goto(session.connect_url);
    const notice = page.getByRole('note').filter({ hasText: "This app's built-in browser may not open Meta's window" });
    await expect(notice).toBeVisible();
    const link = notice.getByRole('link', { name: 'Open this page in my browser' });
    const href = await link.getAttribute('href');
    // The phone's browser takes the session over with a single-use hand-off code; the
    // session's token is never in the link.
    expect(href).toMatch(/^intent:\/\/[^/]+\/vendor\/connect\/(whatsapp|meta-page)\?session=ses_[0-9a-f]{24}&handoff=[0-9a-f]{64}#Intent;scheme=https;end$/);
    expect(href).not.toContain(session.session_token);
    if (!javaScriptEnabled) continue;
    await expect(page.getByRole('button', { name: button })).toBeEnabled();
    await expectAccessible(page, `the ${type} page in an app browser`);
    await expectReflow(page, `the ${type} page in an app browser`);
  }
});
