// Direct looks into (and, for what no API can do, changes to) the database the server
// under test uses. Values always travel as parameters, never spliced into SQL: `?` in
// the SQL text stands for the next value (numbered psql variables on PostgreSQL,
// sqlite3 parameters on SQLite).
import { execFileSync } from 'node:child_process';

function run(sql: string, values: string[]): string[] {
  const url = process.env.DATABASE_URL ?? '';
  let out: string;
  if (url.startsWith('postgres')) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `:'p${++n}'`);
    const vars = values.flatMap((value, i) => ['-v', `p${i + 1}=${value}`]);
    // Variables are substituted only in SQL read from standard input, not with -c.
    out = execFileSync('psql', [url, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', ...vars], { input: text }).toString();
  } else {
    const file = url.replace(/^sqlite:(\/\/)?/, '').split('?')[0];
    const script =
      'import json,sqlite3,sys\n' +
      'c=sqlite3.connect(sys.argv[1])\n' +
      'rows=c.execute(sys.argv[2], json.loads(sys.argv[3])).fetchall()\n' +
      'c.commit()\n' +
      'print("\\n".join(str(r[0]) for r in rows))';
    out = execFileSync('python3', ['-c', script, file, sql, JSON.stringify(values)]).toString();
  }
  return out.split('\n').filter((line) => line.length > 0);
}

/** The account ids of the workspaces with this externalId. */
export function workspacesFor(externalId: string): string[] {
  return run('SELECT account_id FROM workspaces WHERE external_id = ?', [externalId]);
}

/** The account id of the workspace a page is connected to, for this externalId. */
export function workspaceOfPage(pageId: string, externalId: string): string | undefined {
  return run(
    'SELECT w.account_id FROM page_connections p JOIN workspaces w ON w.id = p.workspace_id ' +
      'WHERE p.page_id = ? AND w.external_id = ?',
    [pageId, externalId],
  )[0];
}

/** Moves a session's expiry into the past (no API ages a session). */
/** Ends a session's lifetime a minute ago: expired, yet well within the 7 days the
 *  sweeper keeps expired sessions (an older time let a sweep delete it before the page
 *  loaded, and the page answered 404 instead of 410). */
export function expireSessionByHash(tokenHash: string) {
  run('UPDATE connect_sessions SET expires_at = ? WHERE token_hash = ?', [String(Date.now() - 60_000), tokenHash]);
}
