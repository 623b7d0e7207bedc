// Sessions for the page-state tests, created over the API, and expired in the database
// the server uses (there is no API to age a session).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';

export async function createSession(request: APIRequestContext, apiKey: string, origin: string, type = 'whatsapp') {
  const response = await request.post('/api/vendor/sessions', {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: { workspaceName: 'Acme Co', externalId: 'state-tests', origin, integrationType: type },
  });
  if (response.status() !== 200) throw new Error(`session: ${response.status()} ${await response.text()}`);
  return (await response.json()) as { session_token: string; connect_url: string };
}

export function expireSession(token: string) {
  const hash = createHash('sha256').update(token).digest('hex');
  const url = process.env.DATABASE_URL ?? '';
  const sql = `UPDATE connect_sessions SET expires_at = 1 WHERE token_hash = '${hash}'`;
  if (url.startsWith('postgres')) {
    execFileSync('psql', [url, '-qc', sql]);
  } else {
    const file = url.replace(/^sqlite:(\/\/)?/, '').split('?')[0];
    execFileSync('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()', file, sql]);
  }
}
