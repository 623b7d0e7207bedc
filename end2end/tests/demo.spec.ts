// The live demo from a clean start: its own server with `--demo` on a fresh database.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const root = path.resolve(__dirname, '../..');
let server: ChildProcess;
let output = '';
let app = '';
let demo = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

// One demo customer for every test: they take turns with it.
test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the demo product is JavaScript');
  const [appPort, demoPort] = [await freePort(), await freePort()];
  const data = mkdtempSync(path.join(tmpdir(), 'whatsportal-demo-'));
  server = spawn(path.join(root, 'target/release/whatsportal'),
    ['serve', '--addr', `127.0.0.1:${appPort}`, '--demo', '--demo-addr', `127.0.0.1:${demoPort}`], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `sqlite:${data}/demo.db`, WHATSPORTAL_DATA_DIR: data, RUST_LOG: 'warn' },
    });
  server.stdout!.on('data', (chunk) => { output += chunk.toString(); });
  await expect.poll(() => output, { timeout: 20_000 }).toContain('Demo ready');
  app = `http://127.0.0.1:${appPort}`;
  demo = `http://127.0.0.1:${demoPort}`;
});

test.afterAll(() => {
  server?.kill();
});

async function status(page: Page) {
  return page.locator('#status');
}

test('the demo prints where to click, with an admin login shown once', async ({ page }) => {
  expect(output).toContain(`vendor product (test mode): ${demo}`);
  const login = output.match(/login (admin@demo\.local) \/ (\S+)/);
  expect(login).not.toBeNull();
  await page.goto(`${app}/admin/sign-in`);
  await page.getByLabel('Email').fill(login![1]);
  await page.getByLabel('Password').fill(login![2]);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('link', { name: 'Demo Product' })).toBeVisible();
});

test('the demo runs both flows through the SDK and shows the server-side confirmation', async ({ page }) => {
  await page.goto(demo);
  const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Connect WhatsApp Business' }).click()]);
  await expect(tab.getByText('Test mode')).toBeVisible();
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  const accounts = await dialog.locator('#account option').allTextContents();
  await dialog.getByLabel(/Business, WhatsApp Business account/).selectOption({ label: accounts.find((l) => /Acme Retail/.test(l))! });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
  await expect(await status(page)).toHaveText('connected');
  const message = JSON.parse((await page.locator('#message').textContent())!);
  expect(message).toMatchObject({ type: 'whatsportal:connect:success', livemode: false, state: 'demo-state' });
  await expect(page.locator('#verified')).toContainText('"waba_id"');
  const verified = JSON.parse((await page.locator('#verified').textContent())!);
  expect(verified).toMatchObject({ account_id: message.account_id, livemode: false, whatsapp: { waba_id: message.waba_id } });
  await expect(page.locator('#webhooks')).toContainText('whatsapp.connected');
  const [webhook] = JSON.parse((await page.locator('#webhooks').textContent())!);
  expect(webhook).toMatchObject({ signature_verified: true, event: { type: 'whatsapp.connected', data: { account_id: message.account_id, livemode: false } } });

  const [pagesTab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Connect Facebook Pages' }).click()]);
  const [login] = await Promise.all([pagesTab.waitForEvent('popup'), pagesTab.getByRole('button', { name: 'Connect Facebook Pages' }).click()]);
  const users = await login.locator('#user option').allTextContents();
  await login.getByLabel('Facebook account').selectOption({ label: users.find((l) => /Dana/.test(l))! });
  await Promise.all([login.waitForEvent('close'), login.getByRole('button', { name: 'Continue' }).click()]);
  await pagesTab.getByLabel(/Corner Bakery Catering/).check();
  await pagesTab.getByRole('button', { name: 'Connect 1 Page' }).click();
  await expect(await status(page)).toHaveText('connected');
  await expect(page.locator('#verified')).toContainText('Corner Bakery Catering');
  await expect(page.locator('#webhooks')).toContainText('pages.connected');
});

async function connectWhatsApp(page: Page) {
  const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Connect WhatsApp Business' }).click()]);
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  const accounts = await dialog.locator('#account option').allTextContents();
  await dialog.getByLabel(/Business, WhatsApp Business account/).selectOption({ label: accounts.find((l) => /Acme Retail/.test(l))! });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
  await expect(await status(page)).toHaveText('connected');
  return { tab, message: JSON.parse((await page.locator('#message').textContent())!) };
}

test('a test-mode Meta event disconnects the account, the demo hears of it, and the SDK reconnects it in place', async ({ page }) => {
  await page.goto(demo);
  const { message } = await connectWhatsApp(page);
  await expect(page.locator('#verified')).toContainText('"status": "active"');

  await page.getByLabel('Meta event').selectOption('account_update:PARTNER_APP_UNINSTALLED');
  await page.getByRole('button', { name: 'Send from the simulated Meta' }).click();
  await expect(page.locator('#event-result')).toHaveText('queued: PARTNER_APP_UNINSTALLED');
  await expect(page.locator('#webhooks')).toContainText('whatsapp.disconnected', { timeout: 15_000 });
  const received = JSON.parse((await page.locator('#webhooks').textContent())!) as Array<{ signature_verified: boolean; event: { type: string; data: Record<string, unknown> } }>;
  const disconnected = received.find((r) => r.event.type === 'whatsapp.disconnected')!;
  expect(disconnected).toMatchObject({ signature_verified: true,
    event: { data: { account_id: message.account_id, livemode: false, reason: 'app_uninstalled', waba_id: message.waba_id } } });
  await expect(page.locator('#verified')).toContainText('"status": "disconnected"');
  await expect(page.locator('#verified')).toContainText('"status_reason": "app_uninstalled"');

  // The same customer connects again: the connect page says it is a reconnection.
  const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Connect WhatsApp Business' }).click()]);
  await expect(tab.getByText('reconnects an account whose connection stopped working')).toBeVisible();
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect WhatsApp' }).click()]);
  const accounts = await dialog.locator('#account option').allTextContents();
  await dialog.getByLabel(/Business, WhatsApp Business account/).selectOption({ label: accounts.find((l) => /Acme Retail/.test(l))! });
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'Finish' }).click()]);
  await expect(await status(page)).toHaveText('connected');
  const again = JSON.parse((await page.locator('#message').textContent())!);
  expect(again.account_id).toBe(message.account_id);
  await expect(page.locator('#verified')).toContainText('"status": "active"');
  const verified = JSON.parse((await page.locator('#verified').textContent())!);
  expect(verified).toMatchObject({ account_id: message.account_id, whatsapp: { status: 'active', status_reason: null } });
});

test('the demo keeps a Business app number on the app and shows its history arriving', async ({ page }) => {
  await page.goto(demo);
  const [tab] = await Promise.all([page.waitForEvent('popup'), page.getByRole('button', { name: 'Connect WhatsApp, keeping the Business app' }).click()]);
  const [dialog] = await Promise.all([tab.waitForEvent('popup'), tab.getByRole('button', { name: 'Connect my WhatsApp Business app' }).click()]);
  const numbers = await dialog.locator('#app-account option').allTextContents();
  await dialog.getByLabel('Your WhatsApp Business app number').selectOption({ label: numbers.find((l) => /Corner Café/.test(l))! });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await Promise.all([dialog.waitForEvent('close'), dialog.getByRole('button', { name: 'I confirmed in the app' }).click()]);
  await expect(await status(page)).toHaveText('connected');
  expect(JSON.parse((await page.locator('#message').textContent())!)).toMatchObject({ coexistence: true, livemode: false });
  await expect(page.locator('#webhooks')).toContainText('whatsapp.history', { timeout: 15_000 });
  await expect(page.locator('#webhooks')).toContainText('"status": "completed"', { timeout: 15_000 });
  const received = JSON.parse((await page.locator('#webhooks').textContent())!) as Array<{ signature_verified: boolean; event: { type: string } }>;
  expect(received.filter((r) => r.event.type === 'whatsapp.contacts')).toHaveLength(1);
  expect(received.every((r) => r.signature_verified)).toBe(true);

  await page.getByLabel('Meta event').selectOption('smb_message_echoes:TEXT');
  await page.getByRole('button', { name: 'Send from the simulated Meta' }).click();
  await expect(page.locator('#webhooks')).toContainText('whatsapp.message_echoes', { timeout: 15_000 });
});
