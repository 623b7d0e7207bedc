//! New connect sessions written many at once: one query stores every session the group
//! committer has gathered (see `group_commit`), with the workspace each belongs to.
//!
//! The rows travel as one JSON array bound to one parameter, so the query's text is the
//! same whatever the batch's size (one prepared statement per connection) and the whole
//! batch is one round trip: on SQLite one hand-off to the connection's thread instead of
//! one per session, on PostgreSQL one statement and one WAL flush instead of one each.
//! Each session is written only if its origin is among its vendor's allowed origins at
//! that moment; a session that is not written leaves no workspace change either.

use std::collections::{HashMap, HashSet};

use sqlx::{AnyConnection, Row};

use super::Engine;

/// The workspace a session was created in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceRef {
    pub id: String,
    pub account_id: String,
}

/// One session to store, owned (it waits in the committer's queue). Its fields are
/// those of `sessions::NewSession`, with the ids of the workspace to create if needed.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub workspace_id: String,
    pub account_id: String,
    pub vendor_id: String,
    pub mode: &'static str,
    pub external_id: String,
    pub workspace_name: String,
    pub created_at: i64,
    pub origin: String,
    pub id: String,
    pub token_hash: String,
    pub api_key_id: String,
    pub integration_type: &'static str,
    pub state: Option<String>,
    pub expires_at: i64,
    pub locale: Option<&'static str>,
    pub coexistence: Option<i64>,
    pub return_url: Option<String>,
    pub setup_link_id: Option<String>,
    pub prefill: Option<String>,
    pub number_on_page: i64,
}

impl SessionRow {
    /// The row as the queries read it: a JSON array, indexed as in the SQL below.
    fn to_json(&self) -> serde_json::Value {
        serde_json::json!([
            self.workspace_id,     // 0
            self.vendor_id,        // 1
            self.mode,             // 2
            self.external_id,      // 3
            self.workspace_name,   // 4
            self.account_id,       // 5
            self.created_at,       // 6
            self.origin,           // 7
            self.id,               // 8
            self.token_hash,       // 9
            self.api_key_id,       // 10
            self.integration_type, // 11
            self.state,            // 12
            self.expires_at,       // 13
            self.locale,           // 14
            self.coexistence,      // 15
            self.return_url,       // 16
            self.setup_link_id,    // 17
            self.prefill,          // 18
            self.number_on_page,   // 19
        ])
    }

    fn workspace_key(&self) -> (&str, &str, &str) {
        (&self.vendor_id, self.mode, &self.external_id)
    }
}

/// SQLite has no data-modifying CTEs: two statements sent together, in the savepoint
/// the group committer undoes when they fail. The first creates or renames the
/// workspaces and returns them; the second stores the sessions and returns their ids.
/// (A workspace named twice in one batch is renamed in the batch's order.)
const INSERT_SQLITE: &str = "\
SAVEPOINT write; \
INSERT INTO workspaces (id, vendor_id, mode, external_id, name, account_id, created_at, updated_at) \
SELECT r.value ->> 0, r.value ->> 1, r.value ->> 2, r.value ->> 3, r.value ->> 4, r.value ->> 5, \
  r.value ->> 6, r.value ->> 6 \
FROM json_each($1) r \
WHERE EXISTS (SELECT 1 FROM allowed_origins a \
  WHERE a.vendor_id = r.value ->> 1 AND a.origin = r.value ->> 7) \
ON CONFLICT (vendor_id, mode, external_id) \
DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at \
RETURNING vendor_id, mode, external_id, id, account_id; \
INSERT INTO connect_sessions (id, token_hash, vendor_id, workspace_id, api_key_id, mode, \
  integration_type, origin, state, locale, created_at, expires_at, coexistence, return_url, \
  setup_link_id, prefill, number_on_page) \
SELECT r.value ->> 8, r.value ->> 9, w.vendor_id, w.id, r.value ->> 10, w.mode, r.value ->> 11, \
  r.value ->> 7, r.value ->> 12, r.value ->> 14, r.value ->> 6, r.value ->> 13, \
  COALESCE(r.value ->> 15, v.coexistence_default), r.value ->> 16, r.value ->> 17, \
  r.value ->> 18, r.value ->> 19 \
FROM json_each($1) r \
JOIN workspaces w ON w.vendor_id = r.value ->> 1 AND w.mode = r.value ->> 2 \
  AND w.external_id = r.value ->> 3 \
JOIN vendors v ON v.id = w.vendor_id \
WHERE EXISTS (SELECT 1 FROM allowed_origins a \
  WHERE a.vendor_id = w.vendor_id AND a.origin = r.value ->> 7) \
RETURNING id; \
RELEASE write";

/// PostgreSQL: one statement, with data-modifying CTEs. The workspaces are written in
/// the order of their key, so that two batches running at once lock them in the same
/// order. A key may appear once per statement (`batches_of_distinct_workspaces`).
const INSERT_POSTGRES: &str = "\
WITH allowed AS ( \
  SELECT r.value AS v FROM json_array_elements($1::json) r \
  WHERE EXISTS (SELECT 1 FROM allowed_origins a \
    WHERE a.vendor_id = r.value ->> 1 AND a.origin = r.value ->> 7)), \
ws AS ( \
  INSERT INTO workspaces (id, vendor_id, mode, external_id, name, account_id, created_at, updated_at) \
  SELECT v ->> 0, v ->> 1, v ->> 2, v ->> 3, v ->> 4, v ->> 5, (v ->> 6)::bigint, (v ->> 6)::bigint \
  FROM allowed ORDER BY v ->> 1, v ->> 2, v ->> 3 \
  ON CONFLICT (vendor_id, mode, external_id) \
  DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at \
  RETURNING id, account_id, vendor_id, mode, external_id), \
session AS ( \
  INSERT INTO connect_sessions (id, token_hash, vendor_id, workspace_id, api_key_id, mode, \
    integration_type, origin, state, locale, created_at, expires_at, coexistence, return_url, \
    setup_link_id, prefill, number_on_page) \
  SELECT a.v ->> 8, a.v ->> 9, ws.vendor_id, ws.id, a.v ->> 10, ws.mode, a.v ->> 11, \
    a.v ->> 7, a.v ->> 12, a.v ->> 14, (a.v ->> 6)::bigint, (a.v ->> 13)::bigint, \
    COALESCE((a.v ->> 15)::bigint, vd.coexistence_default), a.v ->> 16, a.v ->> 17, \
    a.v ->> 18, (a.v ->> 19)::integer \
  FROM allowed a \
  JOIN ws ON ws.vendor_id = a.v ->> 1 AND ws.mode = a.v ->> 2 AND ws.external_id = a.v ->> 3 \
  JOIN vendors vd ON vd.id = ws.vendor_id \
  RETURNING id, workspace_id) \
SELECT session.id, ws.id, ws.account_id FROM session JOIN ws ON ws.id = session.workspace_id";

/// Stores `rows` in one query; for each row, in order, its workspace, or `None` when its
/// origin was not allowed (nothing of it was written). On SQLite the query runs in the
/// `write` savepoint, which the caller rolls back to when it fails; on PostgreSQL it is
/// one statement, atomic by itself. Rows naming the same workspace must not share a
/// PostgreSQL batch (see `batches_of_distinct_workspaces`).
pub async fn insert(
    conn: &mut AnyConnection,
    engine: Engine,
    rows: &[SessionRow],
) -> Result<Vec<Option<WorkspaceRef>>, sqlx::Error> {
    let json = serde_json::Value::Array(rows.iter().map(SessionRow::to_json).collect());
    let sql = match engine {
        Engine::Sqlite => INSERT_SQLITE,
        Engine::Postgres => INSERT_POSTGRES,
    };
    // `fetch_all`: SQLite's second statement runs only when the results are read to
    // the end.
    let returned = sqlx::query(sql)
        .bind(json.to_string())
        .fetch_all(&mut *conn)
        .await?;
    match engine {
        Engine::Sqlite => sqlite_outcomes(rows, &returned),
        Engine::Postgres => postgres_outcomes(rows, &returned),
    }
}

/// SQLite returns the workspaces (five columns), then the stored sessions' ids (one).
fn sqlite_outcomes(
    rows: &[SessionRow],
    returned: &[sqlx::any::AnyRow],
) -> Result<Vec<Option<WorkspaceRef>>, sqlx::Error> {
    let mut workspaces = HashMap::new();
    let mut stored = HashSet::new();
    for row in returned {
        if row.len() == 5 {
            let key: (String, String, String) = (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
            let workspace = WorkspaceRef {
                id: row.try_get(3)?,
                account_id: row.try_get(4)?,
            };
            workspaces.insert(key, workspace);
        } else {
            stored.insert(row.try_get::<String, _>(0)?);
        }
    }
    Ok(rows
        .iter()
        .map(|row| {
            if !stored.contains(&row.id) {
                return None;
            }
            let (vendor, mode, external) = row.workspace_key();
            workspaces
                .get(&(vendor.to_owned(), mode.to_owned(), external.to_owned()))
                .cloned()
        })
        .collect())
}

/// PostgreSQL returns each stored session's id with its workspace.
fn postgres_outcomes(
    rows: &[SessionRow],
    returned: &[sqlx::any::AnyRow],
) -> Result<Vec<Option<WorkspaceRef>>, sqlx::Error> {
    let mut stored = HashMap::with_capacity(returned.len());
    for row in returned {
        let session: String = row.try_get(0)?;
        let workspace = WorkspaceRef {
            id: row.try_get(1)?,
            account_id: row.try_get(2)?,
        };
        stored.insert(session, workspace);
    }
    Ok(rows.iter().map(|row| stored.remove(&row.id)).collect())
}

/// Splits `rows` (their indexes, in order) into consecutive batches in which no
/// workspace appears twice: PostgreSQL's upsert cannot touch one row twice in one
/// statement, and a later request must see the workspace an earlier one created.
pub fn batches_of_distinct_workspaces(rows: &[SessionRow]) -> Vec<std::ops::Range<usize>> {
    let mut batches = Vec::new();
    let mut start = 0;
    let mut seen = HashSet::new();
    for (index, row) in rows.iter().enumerate() {
        if !seen.insert(row.workspace_key()) {
            batches.push(start..index);
            start = index;
            seen.clear();
            seen.insert(row.workspace_key());
        }
    }
    if start < rows.len() {
        batches.push(start..rows.len());
    }
    batches
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(external_id: &str) -> SessionRow {
        SessionRow {
            workspace_id: "wsp_1".into(),
            account_id: "wp_1".into(),
            vendor_id: "ven_1".into(),
            mode: "live",
            external_id: external_id.into(),
            workspace_name: "Name".into(),
            created_at: 1,
            origin: "https://a.example".into(),
            id: format!("ses_{external_id}"),
            token_hash: "hash".into(),
            api_key_id: "key_1".into(),
            integration_type: "whatsapp",
            state: None,
            expires_at: 2,
            locale: None,
            coexistence: None,
            return_url: None,
            setup_link_id: None,
            prefill: None,
            number_on_page: 0,
        }
    }

    #[test]
    fn a_workspace_named_again_starts_the_next_batch() {
        let rows: Vec<_> = ["a", "b", "a", "c", "c", "d"].map(row).into();
        assert_eq!(
            batches_of_distinct_workspaces(&rows),
            vec![0..2, 2..4, 4..6]
        );
        assert!(batches_of_distinct_workspaces(&[]).is_empty());
        assert_eq!(batches_of_distinct_workspaces(&rows[..1]), vec![0..1]);
    }

    #[test]
    fn the_json_row_puts_each_field_at_the_index_the_queries_read() {
        let mut session = row("x");
        session.coexistence = Some(1);
        session.prefill = Some("{\"a\":1}".into());
        let json = session.to_json();
        assert_eq!(json[3], "x");
        assert_eq!(json[6], 1);
        assert_eq!(json[8], "ses_x");
        assert_eq!(json[12], serde_json::Value::Null);
        assert_eq!(json[15], 1);
        assert_eq!(json[18], "{\"a\":1}");
        assert_eq!(json.as_array().unwrap().len(), 20);
    }
}
