// Sessions for the page-state tests, created over the API, and expired in the database
// the server uses (there is no API to age a session).
import { createHash } from 'node:crypto';
import type { APIRequestContext } from '@playwright/test';
import { expireSessionByHash } from './database';

export async function createSession(request: APIRequestContext, apiKey: string, origin: string, type = 'whatsapp') {
  const response = await request.post('/api/vendor/sessions', {
    headers: { Authorization: `Bearer ${apiKey}` },
    data: { workspaceName: 'Acme Co', externalId: 'state-tests', origin, integrationType: type },
  });
  if (response.status() !== 200) throw new Error(`session: ${response.status()} ${await response.text()}`);
  return (await response.json()) as { session_token: string; connect_url: string };
}

export function expireSession(token: string) {
  expireSessionByHash(createHash('sha256').update(token).digest('hex'));
}
