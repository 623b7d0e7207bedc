// Accessibility checks shared by the browser tests: axe-core against WCAG 2.1 A and AA,
// reflow at 320 CSS pixels (400% zoom of a 1280 px window) and at 640 (200% zoom)
// without horizontal scrolling, and keyboard-only movement.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe-core on the page as it is now; every violation fails, named with its elements. */
export async function expectAccessible(page: Page, state: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const violations = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
  expect(violations, `axe-core violations on ${state}`).toEqual([]);
}

/**
 * Shows the page at 320 and 640 CSS pixels wide: nothing may scroll sideways. The
 * screenshots go into the test's output folder.
 */
export async function expectReflow(page: Page, state: string): Promise<void> {
  const before = page.viewportSize();
  for (const width of [320, 640]) {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${state} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    const name = `${state.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${width}px.png`;
    await page.screenshot({ path: test.info().outputPath(name), fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

/** Presses Tab until `target` has the focus (at most `limit` times), then checks its focus ring. */
export async function tabTo(page: Page, target: Locator, limit = 25): Promise<void> {
  const handle = await target.elementHandle();
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((el) => document.activeElement === el, handle)) {
      const ring = await target.evaluate((el) => {
        const style = getComputedStyle(el);
        return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      });
      expect(ring, 'the focused control shows a visible focus ring').toBe(true);
      return;
    }
  }
  throw new Error(`Tab never reached ${target}`);
}
