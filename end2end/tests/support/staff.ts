// Staff accounts for the admin browser tests, created with the operations CLI against
// the database the server uses.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

const binary = path.resolve(__dirname, '../../../target/release/whatsportal');

export const STAFF_PASSWORD = 'a long staff password 42';

/** Creates a staff account with `STAFF_PASSWORD` (read from stdin by the CLI). */
export function createStaff(email: string, role: 'admin' | 'viewer' = 'admin'): string {
  execFileSync(binary, ['admin', 'create', '--email', email, '--role', role], {
    env: process.env,
    input: STAFF_PASSWORD + '\n',
  });
  return email;
}

/** A fresh email for one test in one project. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@whatsportal.example`;
}

/** Signs in through the sign-in page and waits for the vendor list. */
export async function signIn(page: Page, email: string, password = STAFF_PASSWORD): Promise<void> {
  await page.goto('/admin/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Vendors' })).toBeVisible();
}
