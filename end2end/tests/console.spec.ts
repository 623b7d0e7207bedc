// The vendor console in a real browser, with and without JavaScript: a new vendor's
// owner from staff's invitation to a first live key, an origin and a webhook endpoint
// whose test event is delivered, shown in the delivery log and redelivered; the same
// sign-in with the keyboard alone; axe-core on every console page.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectAccessible, tabTo } from './support/accessibility';
import { appCode, clearOfStepBoundary } from './support/authenticator';
import { createStaff, signIn, uniqueEmail } from './support/staff';

const ORIGIN = 'https://crm.example.com';
const PASSWORD = 'a long vendor password 42';

interface Received {
  id: string;
  body: string;
}

/** A vendor's webhook endpoint on 127.0.0.1 that records what it receives. */
async function startReceiver(): Promise<{ url: string; received: Received[]; close: () => void }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ id: String(request.headers['webhook-id'] ?? ''), body });
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => server.close() };
}

/** Staff create a vendor and invite its first owner; returns the vendor id and the link. */
async function inviteOwner(page: Page, email: string): Promise<{ vendorId: string; link: string }> {
  await signIn(page, createStaff(uniqueEmail('console-staff')));
  await page.getByLabel(/^Name/).fill(`Console Vendor ${Date.now()}`);
  await page.getByRole('button', { name: 'Create vendor' }).click();
  const vendorId = (await page.getByTestId('vendor-id').textContent())!;
  await page.getByLabel('Invite by email').fill(email);
  await page.getByLabel('Role', { exact: true }).selectOption('owner');
  await page.getByRole('button', { name: 'Make invitation link' }).click();
  const link = (await page.getByTestId('secret').textContent())!;
  expect(link).toMatch(/^\/console\/invitation\?token=[0-9a-f]{64}$/);
  await expect(page.getByTestId('team')).toContainText(email);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in/);
  return { vendorId, link };
}

/**
 * axe-core runs in the page: with JavaScript off the same pages are only used (the
 * console works without it), and checked in the hydrated project.
 */
async function checkAxe(page: Page, state: string): Promise<void> {
  if (test.info().project.use.javaScriptEnabled !== false) await expectAccessible(page, state);
}

/** Opens the invitation, adds its key to the "app", and saves a password; returns the key. */
async function acceptInvitation(page: Page, link: string, email: string): Promise<string> {
  await page.goto(link);
  await expect(page.getByTestId('invited-email')).toHaveText(email);
  await checkAxe(page, 'the invitation page');
  const key = (await page.getByTestId('totp-key').textContent())!;
  await page.getByLabel('Password (at least 12 characters)').fill(PASSWORD);
  await clearOfStepBoundary();
  // The previous step's code: the current one stays free for a sign-in.
  await page.getByLabel('Code from your authenticator app').fill(appCode(key, -1));
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  return key;
}

async function sessionStatus(request: APIRequestContext, key: string): Promise<number> {
  const response = await request.post('/api/vendor/sessions', {
    headers: { Authorization: `Bearer ${key}` },
    data: { workspaceName: 'Shop Co', externalId: 'console_1', origin: ORIGIN },
  });
  return response.status();
}

test('a new vendor goes from invitation to a live key, an origin and a tested webhook', async ({ page, request }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const email = uniqueEmail('owner');
  const { vendorId, link } = await inviteOwner(page, email);
  await acceptInvitation(page, link, email);
  await expect(page).toHaveURL(new RegExp(`/console/vendors/${vendorId}$`));
  await expect(page.getByTestId('signed-in-as')).toHaveText(`${email} (owner)`);
  await checkAxe(page, 'the console vendor page');

  // A link works once.
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('already been used');
  await page.goto(`/console/vendors/${vendorId}`);

  // The first live key, shown once, then an origin for it.
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('secret').textContent())!;
  expect(key).toMatch(/^[0-9a-f]{64}$/);
  expect(await sessionStatus(request, key)).toBe(400);
  await page.getByLabel(/^Origin/).fill(ORIGIN);
  await page.getByRole('button', { name: 'Add origin' }).click();
  await expect(page.getByTestId('origins')).toContainText(ORIGIN);
  expect(await sessionStatus(request, key)).toBe(200);

  // A webhook endpoint, a test event delivered and logged, then redelivered.
  const receiver = await startReceiver();
  try {
    await page.getByLabel('Live endpoint URL (https)').fill(receiver.url);
    await page.getByRole('button', { name: 'Save endpoint and new secret' }).first().click();
    await expect(page.getByTestId('webhook-url')).toHaveText(receiver.url);
    await expect(page.getByTestId('secret')).toHaveText(/^whsec_/);
    await page.getByRole('button', { name: 'Send test event' }).first().click();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    expect(JSON.parse(receiver.received[0].body).type).toBe('webhook.test');
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByTestId('deliveries').textContent();
      }, { timeout: 15_000 })
      .toMatch(/webhook\.test[\s\S]*delivered/);
    await page.getByTestId('deliveries').getByRole('button', { name: 'Redeliver' }).first().click();
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(2);
    expect(receiver.received[1].id).toBe(receiver.received[0].id);
  } finally {
    receiver.close();
  }

  // Each action is in the vendor's own audit log, as the owner's.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit log');
  const audit = page.getByTestId('audit');
  for (const action of ['key.create', 'origin.add', 'webhook.set', 'webhook.test', 'webhook.redeliver']) {
    await expect(audit).toContainText(action);
  }
  await expect(audit).toContainText(email);
  await checkAxe(page, 'the console audit log');
  await page.getByRole('link', { name: 'Workspaces' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Workspaces');
  await checkAxe(page, 'the console workspaces');
  // The session made above made its workspace.
  await page.getByTestId('workspaces').getByRole('link').first().click();
  await expect(page.getByText('console_1')).toBeVisible();
  await checkAxe(page, 'a console workspace');
  expect(errors).toEqual([]);
});

test('a vendor user signs in and creates a key with the keyboard alone', async ({ page }) => {
  const email = uniqueEmail('keys');
  const { vendorId, link } = await inviteOwner(page, email);
  const key = await acceptInvitation(page, link, email);
  await expect(page).toHaveURL(new RegExp(`/console/vendors/${vendorId}$`));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/console$/);
  await checkAxe(page, 'the console sign-in page');

  // The sign-in form, from the top of the page, with Tab and typing only.
  await tabTo(page, page.getByLabel('Email'));
  await page.keyboard.type(email);
  await tabTo(page, page.getByLabel('Password'), 2);
  await page.keyboard.type(PASSWORD);
  await tabTo(page, page.getByLabel('Code from your authenticator app'), 2);
  await clearOfStepBoundary();
  await page.keyboard.type(appCode(key));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/console/vendors/${vendorId}$`));

  await tabTo(page, page.getByRole('button', { name: 'Create test key' }), 60);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('secret')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('keys')).toContainText('test');
});

test('a wrong code is refused with a message, and a staff page stays closed', async ({ page }) => {
  const email = uniqueEmail('wrong');
  const { link } = await inviteOwner(page, email);
  const key = await acceptInvitation(page, link, email);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  const wrong = ((Number(appCode(key)) + 500_000) % 1_000_000).toString().padStart(6, '0');
  await page.getByLabel('Code from your authenticator app').fill(wrong);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email, password or code is not right.');
  await page.goto('/admin/vendors');
  await expect(page).toHaveURL(/\/admin\/sign-in/);
});
