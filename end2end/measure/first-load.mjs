// Measures a connect page's first load in headless Chromium on 127.0.0.1: the bytes
// transferred per resource type (compressed, as served) and the time from navigation
// to an enabled Connect button. Run by scripts/measure-connect-page.sh; not a test.
import { chromium } from '@playwright/test';

const [url, buttonName, runs = '5'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const results = [];
for (let i = 0; i < Number(runs); i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const types = new Map();
  const bytes = {};
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
  cdp.on('Network.loadingFinished', (e) => {
    const type = types.get(e.requestId) ?? 'Other';
    bytes[type] = (bytes[type] ?? 0) + e.encodedDataLength;
  });
  const start = Date.now();
  await page.goto(url);
  await page.getByRole('button', { name: buttonName }).waitFor();
  await page.waitForFunction((name) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
    return button && !button.disabled;
  }, buttonName);
  const enabledMs = Date.now() - start;
  await page.waitForLoadState('networkidle');
  results.push({ enabledMs, bytes });
  await context.close();
}
await browser.close();

const last = results[results.length - 1].bytes;
const total = Object.values(last).reduce((a, b) => a + b, 0);
const times = results.map((r) => r.enabledMs).sort((a, b) => a - b);
console.log(JSON.stringify({
  bytes_by_type: last,
  total_bytes: total,
  enabled_ms: { runs: times, median: times[Math.floor(times.length / 2)] },
}, null, 2));
