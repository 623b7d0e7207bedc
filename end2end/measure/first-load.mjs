// Measures a connect page's first load in headless Chromium on 127.0.0.1: the bytes
// transferred per resource type and per file (compressed, as served) and the time from
// navigation to an enabled Connect button. With THROTTLE=slow-phone, Chromium emulates a
// mid-range phone on a slow mobile network through the DevTools protocol: the CPU 4x
// slower and Lighthouse's "Slow 4G" profile (1.6 Mbit/s down, 750 kbit/s up, a round
// trip of 150 ms, or of ROUND_TRIP_MS). The output also gives the last run's timeline:
// when each file was requested and finished, from the navigation. Each run opens a new session, as a customer does: a connect link
// belongs to the first browser that opens it. Run by scripts/measure-connect-page.sh
// (which passes the server, the vendor's key and origin, and the session's fields as
// JSON); not a test.
import { chromium } from '@playwright/test';

const [server, sessionFields, buttonName, runs = '5'] = process.argv.slice(2);

/** A new session's connect page, created with the vendor's key. */
async function newConnectUrl() {
  const response = await fetch(`${server}/api/vendor/sessions`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${process.env.API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ workspaceName: 'Acme Co', externalId: 'measure', origin: process.env.ORIGIN, ...JSON.parse(sessionFields) }),
  });
  if (!response.ok) throw new Error(`the session was refused: ${response.status} ${await response.text()}`);
  return server + (await response.json()).connect_url;
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// Lighthouse's mobile "Slow 4G" profile and its 4x CPU slowdown.
const SLOW_PHONE = {
  network: { offline: false, latency: Number(process.env.ROUND_TRIP_MS ?? 150), downloadThroughput: 1_638_400 / 8, uploadThroughput: 750_000 / 8 },
  cpuRate: 4,
};
const throttle = process.env.THROTTLE === 'slow-phone' ? SLOW_PHONE : null;

const results = [];
for (let i = 0; i < Number(runs); i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  if (throttle) {
    await cdp.send('Network.emulateNetworkConditions', throttle.network);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle.cpuRate });
  }
  const responses = new Map();
  const timeline = {};
  let navigatedAt = null;
  cdp.on('Network.requestWillBeSent', (e) => {
    navigatedAt ??= e.timestamp;
    const file = new URL(e.request.url).pathname.split('/').pop() || '/';
    timeline[e.requestId] = { file, requested_ms: Math.round((e.timestamp - navigatedAt) * 1000) };
  });
  const bytes = {};
  const files = {};
  cdp.on('Network.responseReceived', (e) => responses.set(e.requestId, e));
  cdp.on('Network.loadingFinished', (e) => {
    const response = responses.get(e.requestId);
    const type = response?.type ?? 'Other';
    bytes[type] = (bytes[type] ?? 0) + e.encodedDataLength;
    const file = response ? new URL(response.response.url).pathname.split('/').pop() || '/' : '?';
    files[file] = (files[file] ?? 0) + e.encodedDataLength;
    if (timeline[e.requestId] && navigatedAt !== null) {
      timeline[e.requestId].finished_ms = Math.round((e.timestamp - navigatedAt) * 1000);
    }
  });
  const url = await newConnectUrl();
  const start = Date.now();
  await page.goto(url);
  await page.getByRole('button', { name: buttonName }).waitFor();
  await page.waitForFunction((name) => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
    return button && !button.disabled;
  }, buttonName);
  const enabledMs = Date.now() - start;
  await page.waitForLoadState('networkidle');
  results.push({ enabledMs, bytes, files, timeline: Object.values(timeline) });
  await context.close();
}
await browser.close();

const last = results[results.length - 1];
const total = Object.values(last.bytes).reduce((a, b) => a + b, 0);
const times = results.map((r) => r.enabledMs).sort((a, b) => a - b);
console.log(JSON.stringify({
  throttle: throttle ? `slow-phone, ${throttle.network.latency} ms round trip` : 'none',
  bytes_by_type: last.bytes,
  bytes_by_file: last.files,
  total_bytes: total,
  enabled_ms: { runs: times, median: times[Math.floor(times.length / 2)] },
  last_run_timeline: last.timeline,
}, null, 2));
