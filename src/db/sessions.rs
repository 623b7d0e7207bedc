use crate::model::Named;
use sqlx::Row;

use super::{new_id, Db, Engine};
use crate::{
    domain::{ExternalId, Origin, ReturnUrl, SessionState, TokenHash, WorkspaceName},
    i18n::Locale,
    model::{IntegrationType, Mode},
};

/// What a new connect session records, with the workspace it belongs to.
#[derive(Debug)]
pub struct NewSession<'a> {
    /// The session's id (`ses_…`), which its vendor may read it back by.
    pub id: &'a str,
    pub token_hash: &'a TokenHash,
    pub vendor_id: &'a str,
    pub api_key_id: &'a str,
    pub mode: Mode,
    pub external_id: &'a ExternalId,
    pub workspace_name: &'a WorkspaceName,
    pub integration_type: IntegrationType,
    pub origin: &'a Origin,
    pub state: Option<&'a SessionState>,
    /// The page's language, when the vendor chose one.
    pub locale: Option<Locale>,
    /// Whether the WhatsApp page offers coexistence; `None`: the vendor's default.
    pub coexistence: Option<bool>,
    /// One of the vendor's registered return URLs, checked by the caller.
    pub return_url: Option<&'a ReturnUrl>,
    /// The setup link the session was opened from, if any.
    pub setup_link_id: Option<&'a str>,
    /// What Meta's dialog is pre-filled with (checked JSON), if anything.
    pub prefill: Option<&'a str>,
    /// The number is added on the connect page (Meta's window shares only the account).
    pub number_on_page: bool,
    pub created_at: i64,
    pub expires_at: i64,
}

/// The workspace a session was created in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceRef {
    pub id: String,
    pub account_id: String,
}

// Both texts do the same, only if the origin is allowed at that moment: create the
// workspace for (vendor, mode, externalId) or rename it, and store the session in it.
// One round trip to the database: it is the hot path of the vendor API, and on SQLite
// every round trip holds the single writer. PostgreSQL runs it as one statement with
// data-modifying CTEs; SQLite, which has none, as two statements sent together, in
// the savepoint the group committer undoes when they fail (`group_commit`).
const CREATE_POSTGRES: &str = "\
WITH allowed AS (SELECT 1 FROM allowed_origins WHERE vendor_id = $2 AND origin = $8), \
ws AS ( \
  INSERT INTO workspaces (id, vendor_id, mode, external_id, name, account_id, created_at, updated_at) \
  SELECT $1, $2, $3, $4, $5, $6, $7, $7 WHERE EXISTS (SELECT 1 FROM allowed) \
  ON CONFLICT (vendor_id, mode, external_id) \
  DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at \
  RETURNING id, account_id), \
session AS ( \
  INSERT INTO connect_sessions (id, token_hash, vendor_id, workspace_id, api_key_id, mode, \
    integration_type, origin, state, locale, created_at, expires_at, coexistence, return_url, \
    setup_link_id, prefill, number_on_page) \
  SELECT $9, $10, $2, ws.id, $11, $3, $12, $8, $13, $15, $7, $14, \
    COALESCE($16, (SELECT coexistence_default FROM vendors WHERE id = $2)), $17, $18, $19, $20 FROM ws \
  RETURNING workspace_id) \
SELECT ws.id, ws.account_id FROM ws JOIN session ON session.workspace_id = ws.id";

/// How many rows each text returns when the session was stored: PostgreSQL the final
/// SELECT's; SQLite one for the workspace and one for the session.
fn rows_when_stored(engine: Engine) -> usize {
    match engine {
        Engine::Postgres => 1,
        Engine::Sqlite => 2,
    }
}

const CREATE_SQLITE: &str = "\
SAVEPOINT write; \
INSERT INTO workspaces (id, vendor_id, mode, external_id, name, account_id, created_at, updated_at) \
SELECT $1, $2, $3, $4, $5, $6, $7, $7 \
WHERE EXISTS (SELECT 1 FROM allowed_origins WHERE vendor_id = $2 AND origin = $8) \
ON CONFLICT (vendor_id, mode, external_id) \
DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at \
RETURNING id, account_id; \
INSERT INTO connect_sessions (id, token_hash, vendor_id, workspace_id, api_key_id, mode, \
  integration_type, origin, state, locale, created_at, expires_at, coexistence, return_url, \
  setup_link_id, prefill, number_on_page) \
SELECT $9, $10, $2, w.id, $11, $3, $12, $8, $13, $15, $7, $14, \
  COALESCE($16, (SELECT coexistence_default FROM vendors WHERE id = $2)), $17, $18, $19, $20 \
FROM workspaces w \
WHERE w.vendor_id = $2 AND w.mode = $3 AND w.external_id = $4 \
AND EXISTS (SELECT 1 FROM allowed_origins WHERE vendor_id = $2 AND origin = $8) \
RETURNING workspace_id; \
RELEASE write";

/// Creates (or renames) the session's workspace and stores the session, atomically
/// (both rows or neither) and in one round trip, through the group committer. `None` when the origin is not among the vendor's allowed origins: then no
/// session was stored.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create_with_workspace(
    db: &Db,
    session: NewSession<'_>,
) -> Result<Option<WorkspaceRef>, sqlx::Error> {
    let sql = match db.engine() {
        Engine::Postgres => CREATE_POSTGRES,
        Engine::Sqlite => CREATE_SQLITE,
    };
    // Bound by value: the write runs on the group committer's task, after this call's
    // borrows. `fetch_all`, not `fetch_optional`: SQLite's second statement runs only
    // when the results are read to the end.
    let query = sqlx::query(sql)
        .bind(new_id("wsp"))
        .bind(session.vendor_id.to_owned())
        .bind(session.mode.as_str())
        .bind(session.external_id.as_str().to_owned())
        .bind(session.workspace_name.as_str().to_owned())
        .bind(new_id("wp"))
        .bind(session.created_at)
        .bind(session.origin.as_str().to_owned())
        .bind(session.id.to_owned())
        .bind(session.token_hash.as_str().to_owned())
        .bind(session.api_key_id.to_owned())
        .bind(session.integration_type.as_str())
        .bind(session.state.map(|s| s.as_str().to_owned()))
        .bind(session.expires_at)
        .bind(session.locale.map(Locale::tag))
        .bind(session.coexistence.map(i64::from))
        .bind(session.return_url.map(|url| url.as_str().to_owned()))
        .bind(session.setup_link_id.map(str::to_owned))
        .bind(session.prefill.map(str::to_owned))
        .bind(i64::from(session.number_on_page));
    let rows = db
        .write(move |conn| Box::pin(async move { query.fetch_all(&mut *conn).await }))
        .await?;
    if rows.len() != rows_when_stored(db.engine()) {
        return Ok(None);
    }
    Ok(Some(WorkspaceRef {
        id: rows[0].try_get(0)?,
        account_id: rows[0].try_get(1)?,
    }))
}

/// Deletes up to `batch` sessions that expired before `expired_before`; returns how many.
#[tracing::instrument(skip(db))]
pub async fn sweep_expired(db: &Db, expired_before: i64, batch: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM connect_sessions WHERE id IN \
         (SELECT id FROM connect_sessions WHERE expires_at < $1 ORDER BY expires_at LIMIT $2)",
    )
    .bind(expired_before)
    .bind(batch)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected())
}

/// A session as its vendor reads it back: where it stands and, once completed, what
/// the connect page posted.
#[derive(Debug, sqlx::FromRow)]
pub struct SessionRecord {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub integration_type: IntegrationType,
    pub external_id: String,
    pub account_id: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub opened_at: Option<i64>,
    pub consumed_at: Option<i64>,
    pub completed_result: Option<String>,
}

/// The session `id` of `vendor_id` in `mode`; `None` for another vendor's or mode's.
#[tracing::instrument(skip(db))]
pub async fn of_vendor(
    db: &Db,
    vendor_id: &str,
    mode: Mode,
    id: &str,
) -> Result<Option<SessionRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.integration_type, w.external_id, w.account_id, s.created_at,          s.expires_at, s.opened_at, s.consumed_at, s.completed_result          FROM connect_sessions s JOIN workspaces w ON w.id = s.workspace_id          WHERE s.id = $1 AND s.vendor_id = $2 AND s.mode = $3",
    )
    .bind(id)
    .bind(vendor_id)
    .bind(mode.as_str())
    .fetch_optional(db.pool())
    .await
}
