import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { createStaff, signIn, STAFF_PASSWORD, uniqueEmail } from './support/staff';

const ORIGIN = 'https://shop.example.com';

/** What the vendor API answers for a session created with `key` for `origin`. */
async function sessionStatus(request: APIRequestContext, key: string, origin = ORIGIN, returnUrl?: string): Promise<number> {
  const response = await request.post('/api/vendor/sessions', {
    headers: { Authorization: `Bearer ${key}` },
    data: { workspaceName: 'Shop Co', externalId: 'shop_1', origin, returnUrl },
  });
  return response.status();
}

/** Creates a key on the vendor page and reads it from the box shown once. */
async function createKey(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Create API key' }).click();
  const secret = page.getByTestId('secret');
  await expect(secret).toHaveText(/^[0-9a-f]{64}$/);
  return (await secret.textContent())!;
}

async function addOrigin(page: Page, origin: string): Promise<void> {
  await page.getByLabel(/^Origin/).fill(origin);
  await page.getByRole('button', { name: 'Add origin' }).click();
  await expect(page.getByTestId('origins')).toContainText(origin);
}

test('a wrong password is refused with a message and no session', async ({ page }) => {
  const email = createStaff(uniqueEmail('wrong'));
  await page.goto('/admin/vendors');
  await expect(page).toHaveURL(/\/admin\/sign-in/);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not the right password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The email or password is not right.');
  await page.goto('/admin/vendors');
  await expect(page).toHaveURL(/\/admin\/sign-in/);
});

test('staff run a vendor from creation to deactivation', async ({ page, request }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const email = createStaff(uniqueEmail('admin'));
  await signIn(page, email);
  await expect(page.getByTestId('signed-in-as')).toContainText(email);

  // Create a vendor: its page opens with the Vendor ID to hand out.
  const name = `Playwright Vendor ${Date.now()}`;
  await page.getByLabel(/^Name/).fill(name);
  await page.getByRole('button', { name: 'Create vendor' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  const vendorId = (await page.getByTestId('vendor-id').textContent())!;
  expect(vendorId).toMatch(/^ven_[0-9a-f]{24}$/);

  // A key is shown once, with its prefix listed, and never again.
  const key = await createKey(page);
  await expect(page.getByTestId('keys')).toContainText(key.slice(0, 8));
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByTestId('secret')).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  // Origins decide which sessions the key may create.
  expect(await sessionStatus(request, key)).toBe(400);
  await addOrigin(page, ORIGIN);
  expect(await sessionStatus(request, key)).toBe(200);
  await page.getByTestId('origins').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('origins')).not.toContainText(ORIGIN);
  expect(await sessionStatus(request, key)).toBe(400);

  // Return URLs decide where a session may send the customer back.
  await addOrigin(page, ORIGIN);
  const returnUrl = `${ORIGIN}/whatsapp/connected`;
  expect(await sessionStatus(request, key, ORIGIN, returnUrl)).toBe(400);
  await page.getByLabel(/^Return URL \(exact/).fill(returnUrl);
  await page.getByRole('button', { name: 'Add return URL' }).click();
  await expect(page.getByTestId('return-urls')).toContainText(returnUrl);
  expect(await sessionStatus(request, key, ORIGIN, returnUrl)).toBe(200);
  await page.getByTestId('return-urls').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('return-urls')).not.toContainText(returnUrl);
  expect(await sessionStatus(request, key, ORIGIN, returnUrl)).toBe(400);
  await page.getByTestId('origins').getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('origins')).not.toContainText(ORIGIN);

  // Revoking works at once.
  await page.getByTestId('keys').getByRole('button', { name: 'Revoke' }).click();
  await expect(page.getByTestId('keys')).toContainText('revoked');
  expect(await sessionStatus(request, key)).toBe(401);

  // Deactivating the vendor refuses its other keys.
  const second = await createKey(page);
  await addOrigin(page, ORIGIN);
  expect(await sessionStatus(request, second)).toBe(200);
  await page.getByRole('button', { name: 'Deactivate vendor' }).click();
  await expect(page.getByTestId('vendor-status')).toHaveText('deactivated');
  expect(await sessionStatus(request, second)).toBe(401);

  // The sessions and the audit trail show what happened.
  await page.reload();
  await expect(page.getByTestId('sessions')).toContainText('shop_1');
  await expect(page.getByTestId('funnel')).toBeVisible();
  await page.goto(`/admin/audit?vendor=${vendorId}`);
  const audit = page.getByTestId('audit');
  for (const action of ['vendor.create', 'key.create', 'origin.add', 'origin.remove', 'return_url.add', 'return_url.remove', 'key.revoke', 'vendor.deactivate']) {
    await expect(audit).toContainText(action);
  }
  await expect(audit).toContainText(email);
  expect(await page.content()).not.toContain(second);
  await page.goto(`/admin/audit?actor=${encodeURIComponent(email)}&action=staff.`);
  await expect(page.getByTestId('audit')).toContainText('staff.sign_in');
  expect(errors).toEqual([]);
});

test('a viewer sees vendors but no way to change them', async ({ page }) => {
  const email = createStaff(uniqueEmail('viewer'), 'viewer');
  await signIn(page, email);
  await expect(page.getByRole('button', { name: 'Create vendor' })).toHaveCount(0);
  await page.goto('/admin/staff');
  await expect(page.getByTestId('staff')).toContainText(email);
  await expect(page.getByRole('button', { name: 'Reset password' })).toHaveCount(0);
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page, createStaff(uniqueEmail('out')));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/admin\/sign-in/);
  await page.goto('/admin/vendors');
  await expect(page).toHaveURL(/\/admin\/sign-in/);
});

test('the sign-in page keeps the password out of the address', async ({ page }) => {
  const email = createStaff(uniqueEmail('address'));
  await signIn(page, email);
  expect(page.url()).not.toContain(encodeURIComponent(STAFF_PASSWORD));
});

test("staff set a vendor's own rate limit and a test webhook endpoint apart from the live one", async ({ page, request }) => {
  await signIn(page, createStaff(uniqueEmail('limits')));
  await page.getByLabel(/^Name/).fill(`Limited Vendor ${Date.now()}`);
  await page.getByRole('button', { name: 'Create vendor' }).click();
  const key = await createKey(page);
  await addOrigin(page, ORIGIN);

  await page.getByLabel('Requests per minute per key (empty for the default)').fill('2');
  await page.getByRole('button', { name: 'Save rate limit' }).click();
  await expect(page.getByTestId('rate-limit')).toHaveText("2 requests per minute per API key (this vendor's own limit)");
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push(await sessionStatus(request, key));
  expect(statuses).toEqual([200, 200, 429]);
  await page.getByLabel('Requests per minute per key (empty for the default)').fill('');
  await page.getByRole('button', { name: 'Save rate limit' }).click();
  await expect(page.getByTestId('rate-limit')).toContainText('(the default)');
  expect(await sessionStatus(request, key)).toBe(200);

  await page.getByLabel('Test endpoint URL (https)').fill('https://hooks.example.com/test-events');
  await page.getByRole('button', { name: 'Save endpoint and new secret' }).nth(1).click();
  await expect(page.getByTestId('test-webhook-url')).toHaveText('https://hooks.example.com/test-events');
  await expect(page.getByTestId('webhook-url')).toHaveText('No endpoint: events are not sent.');
});

test("staff open a workspace's connections, history and Meta events, and the shared accounts without a connection", async ({ page, request }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await signIn(page, createStaff(uniqueEmail('lifecycle')));
  const name = `Lifecycle Vendor ${Date.now()}`;
  await page.getByLabel(/^Name/).fill(name);
  await page.getByRole('button', { name: 'Create vendor' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  const vendorId = (await page.getByTestId('vendor-id').textContent())!;
  const key = await createKey(page);
  await addOrigin(page, ORIGIN);
  expect(await sessionStatus(request, key)).toBe(200);

  await page.goto(`/admin/vendors/${vendorId}/workspaces`);
  const workspaces = page.getByTestId('workspaces');
  await expect(workspaces).toContainText('shop_1');
  await workspaces.getByRole('link', { name: /^wp_/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Shop Co');
  await expect(page.getByTestId('connections')).toContainText('WhatsApp: none');
  await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
  await expect(page.getByTestId('workspace-meta-events')).toHaveText('None.');

  await page.getByRole('link', { name: 'Meta events' }).click();
  await expect(page).toHaveURL(/\/admin\/meta-events$/);
  await expect(page.getByRole('heading', { name: 'Shared WhatsApp accounts without a connection' })).toBeVisible();
  await expect(page.getByTestId('unclaimed-wabas')).toBeVisible();
  expect(errors).toEqual([]);
});
