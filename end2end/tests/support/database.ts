// Read-only looks into the database the server uses, for what no API shows yet.
import { execFileSync } from 'node:child_process';

function query(sql: string): string[] {
  const url = process.env.DATABASE_URL ?? '';
  const out = url.startsWith('postgres')
    ? execFileSync('psql', [url, '-Atc', sql]).toString()
    : execFileSync('python3', [
        '-c',
        'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print("\\n".join(str(r[0]) for r in c.execute(sys.argv[2])))',
        url.replace(/^sqlite:(\/\/)?/, '').split('?')[0],
        sql,
      ]).toString();
  return out.split('\n').filter((line) => line.length > 0);
}

/** The account ids of the workspaces with this externalId. */
export function workspacesFor(externalId: string): string[] {
  return query(`SELECT account_id FROM workspaces WHERE external_id = '${externalId}'`);
}

/** The account id of the workspace a page is connected to, for this externalId. */
export function workspaceOfPage(pageId: string, externalId: string): string | undefined {
  return query(
    `SELECT w.account_id FROM page_connections p JOIN workspaces w ON w.id = p.workspace_id ` +
      `WHERE p.page_id = '${pageId}' AND w.external_id = '${externalId}'`,
  )[0];
}
