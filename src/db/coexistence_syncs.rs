//! The one-time contacts and history syncs of WhatsApp Business app numbers, one row
//! per workspace and kind. Every change of state is conditional on the state it leaves,
//! so that instances racing for a row never ask Meta twice.

use super::{now_ms, Db};
use crate::model::{
    coexistence::{SyncKind, SyncState},
    Mode, Named,
};

/// A sync, as the worker, the admin and the vendor API read it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Sync {
    pub workspace_id: String,
    pub kind: SyncKind,
    pub phone_number_id: String,
    pub onboarded_at: i64,
    pub state: SyncState,
    pub error_code: Option<i64>,
    pub phase: Option<i64>,
    pub progress: Option<i64>,
    pub items: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "workspace_id, sync_type AS kind, phone_number_id, onboarded_at, state, \
     error_code, phase, progress, items, updated_at";

/// Sets both syncs of a new onboarding of `phone_number_id` to be asked for, replacing
/// those of an earlier onboarding of the workspace; in the caller's transaction.
pub async fn start(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
    phone_number_id: &str,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    for kind in SyncKind::ALL {
        sqlx::query(
            "INSERT INTO coexistence_syncs (workspace_id, sync_type, phone_number_id, onboarded_at, state, \
             items, updated_at) VALUES ($1, $2, $3, $4, 'pending', 0, $4) \
             ON CONFLICT (workspace_id, sync_type) DO UPDATE SET phone_number_id = excluded.phone_number_id, \
             onboarded_at = excluded.onboarded_at, state = 'pending', request_id = NULL, error_code = NULL, \
             phase = NULL, progress = NULL, items = 0, updated_at = excluded.updated_at",
        )
        .bind(workspace_id)
        .bind(kind.as_str())
        .bind(phone_number_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The workspace's syncs, contacts first.
pub async fn of_workspace(db: &Db, workspace_id: &str) -> Result<Vec<Sync>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM coexistence_syncs WHERE workspace_id = $1 ORDER BY sync_type"
    )))
    .bind(workspace_id)
    .fetch_all(db.pool())
    .await
}

/// The syncs of these workspaces.
pub async fn of_workspaces(db: &Db, workspace_ids: &[String]) -> Result<Vec<Sync>, sqlx::Error> {
    if workspace_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = super::placeholders(workspace_ids.len());
    let sql = format!(
        "SELECT {COLUMNS} FROM coexistence_syncs WHERE workspace_id IN ({placeholders}) \
         ORDER BY workspace_id, sync_type"
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in workspace_ids {
        query = query.bind(id);
    }
    query.fetch_all(db.pool()).await
}

/// Syncs the worker must look at: not asked yet, or left `requesting` since before
/// `stale_before` (the instance asking stopped).
pub async fn due(db: &Db, stale_before: i64, limit: i64) -> Result<Vec<Sync>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM coexistence_syncs \
         WHERE state = 'pending' OR (state = 'requesting' AND updated_at < $1) \
         ORDER BY updated_at LIMIT $2"
    )))
    .bind(stale_before)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// A move: from a state (as last seen at a time, when that matters), to a state.
pub type Step = (SyncState, Option<i64>, SyncState);

/// Moves a sync from `from` to `to` (with what Meta answered); `false` when it was not
/// in `from` any more (another instance moved it first). Ending a stale request also
/// names when it was seen, so it is ended only once.
pub async fn moved(
    conn: &mut sqlx::AnyConnection,
    sync: &Sync,
    (from, seen_updated_at, to): Step,
    answer: Answer<'_>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE coexistence_syncs SET state = $4, request_id = COALESCE($5, request_id), \
         error_code = COALESCE($6, error_code), updated_at = $7 \
         WHERE workspace_id = $1 AND sync_type = $2 AND state = $3 \
         AND ($8 IS NULL OR updated_at = $8)",
    )
    .bind(&sync.workspace_id)
    .bind(sync.kind.as_str())
    .bind(from.as_str())
    .bind(to.as_str())
    .bind(answer.request_id)
    .bind(answer.error_code)
    .bind(now_ms())
    .bind(seen_updated_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What Meta answered a request.
#[derive(Debug, Default, Clone, Copy)]
pub struct Answer<'a> {
    pub request_id: Option<&'a str>,
    pub error_code: Option<i64>,
}

/// The workspace's sync of `kind`, inside the caller's transaction.
pub async fn find_in(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
    kind: SyncKind,
) -> Result<Option<Sync>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM coexistence_syncs WHERE workspace_id = $1 AND sync_type = $2"
    )))
    .bind(workspace_id)
    .bind(kind.as_str())
    .fetch_optional(&mut *tx)
    .await
}

/// Records what a webhook of Meta's brought: the new state (history's phase and
/// progress) and how many items were passed on; in the caller's transaction.
pub async fn record_progress(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
    kind: SyncKind,
    progress: &Progress,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE coexistence_syncs SET state = $3, phase = COALESCE($4, phase), \
         progress = COALESCE($5, progress), error_code = COALESCE($6, error_code), \
         items = items + $7, updated_at = $8 WHERE workspace_id = $1 AND sync_type = $2",
    )
    .bind(workspace_id)
    .bind(kind.as_str())
    .bind(progress.state.as_str())
    .bind(progress.phase)
    .bind(progress.progress)
    .bind(progress.error_code)
    .bind(progress.items_added)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A sync's state after one of Meta's webhooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub state: SyncState,
    pub phase: Option<i64>,
    pub progress: Option<i64>,
    pub error_code: Option<i64>,
    pub items_added: i64,
}

/// The workspace (and its mode) whose sync Meta answered with `request_id`.
pub async fn asker(db: &Db, request_id: &str) -> Result<Option<(String, Mode)>, sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT s.workspace_id, w.mode FROM coexistence_syncs s JOIN workspaces w ON w.id = s.workspace_id \
         WHERE s.request_id = $1",
    )
    .bind(request_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.and_then(|(workspace, mode)| Some((workspace, Mode::parse(&mode).ok()?))))
}
