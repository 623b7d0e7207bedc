// Measures the admin vendor list against a database holding many vendors, in headless
// Chromium on 127.0.0.1: the server's time to answer the page's HTML, and the browser's
// time from navigation to the table of 50 rows, for the first page, a search and the
// last page. Run by scripts/measure-vendor-list.sh; not a test.
import { chromium } from '@playwright/test';

const [base, email, password, runs = '10'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${base}/admin/sign-in`);
await page.getByLabel('Email').fill(email);
await page.getByLabel('Password').fill(password);
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByRole('heading', { name: 'Vendors' }).waitFor();

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = {};
for (const [label, path, rows] of [
  ['first page', '/admin/vendors', 50],
  ['search "vendor 9999"', '/admin/vendors?q=vendor%209999', 1],
  ['last page', '/admin/vendors?page=200', 50],
]) {
  const html = [];
  const shown = [];
  for (let i = 0; i < Number(runs); i++) {
    let start = performance.now();
    const response = await context.request.get(base + path, { headers: { Accept: 'text/html' } });
    await response.body();
    html.push(performance.now() - start);
    start = performance.now();
    await page.goto(base + path);
    await page.locator('table.table tbody tr').nth(rows - 1).waitFor();
    shown.push(performance.now() - start);
  }
  const count = await page.getByTestId('vendor-count').textContent();
  results[label] = {
    listed: count,
    html_ms_median: Math.round(median(html) * 10) / 10,
    html_ms_max: Math.round(Math.max(...html) * 10) / 10,
    table_shown_ms_median: Math.round(median(shown)),
    table_shown_ms_max: Math.round(Math.max(...shown)),
  };
}
await browser.close();
console.log(JSON.stringify(results, null, 2));
