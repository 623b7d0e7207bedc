//! The changes Meta delivered to the app's webhook: stored before they are acknowledged,
//! then processed from here by any instance (see migration 0010).

use super::{new_id, now_ms, Db};
use crate::model::{Mode, Named};

/// A change to store, as read from a delivery.
#[derive(Debug)]
pub struct NewMetaEvent<'a> {
    pub entry_key: &'a str,
    pub object: &'a str,
    pub field: &'a str,
    pub event: Option<&'a str>,
    pub waba_id: Option<&'a str>,
    pub value: &'a str,
    pub entry_time: Option<i64>,
    /// The one workspace a test-mode change is for (`None`: every workspace of its WABA).
    pub target_workspace_id: Option<&'a str>,
}

/// Stores the changes of one delivery in one transaction; a change stored before (Meta
/// delivering it again) is left as it is. Returns how many were new.
#[tracing::instrument(skip_all, fields(changes = events.len()))]
pub async fn store(db: &Db, mode: Mode, events: &[NewMetaEvent<'_>]) -> Result<u64, sqlx::Error> {
    let now = now_ms();
    let mut tx = db.writer().begin().await?;
    let mut stored = 0;
    for event in events {
        let done = sqlx::query(
            "INSERT INTO meta_events (id, entry_key, mode, object, field, event, waba_id, value, entry_time, \
             received_at, next_attempt_at, target_workspace_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) \
             ON CONFLICT (entry_key) DO NOTHING",
        )
        .bind(new_id("mev"))
        .bind(format!("{}:{}", mode.as_str(), event.entry_key))
        .bind(mode.as_str())
        .bind(event.object)
        .bind(event.field)
        .bind(event.event)
        .bind(event.waba_id)
        .bind(event.value)
        .bind(event.entry_time)
        .bind(now)
        .bind(event.target_workspace_id)
        .execute(&mut *tx)
        .await?;
        stored += done.rows_affected();
    }
    tx.commit().await?;
    Ok(stored)
}

/// A stored change waiting to be processed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MetaEvent {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub field: String,
    pub event: Option<String>,
    pub waba_id: Option<String>,
    pub value: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub target_workspace_id: Option<String>,
}

/// Unprocessed changes that are due, oldest first.
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<MetaEvent>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, mode, field, event, waba_id, value, attempts, next_attempt_at, target_workspace_id \
         FROM meta_events \
         WHERE processed_at IS NULL AND next_attempt_at <= $1 ORDER BY received_at, id LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Takes a change for processing until `lease_until` (no other worker or instance takes
/// it meanwhile); `false` when another took it first.
pub async fn claim(
    db: &Db,
    id: &str,
    seen_next: i64,
    lease_until: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE meta_events SET next_attempt_at = $3, attempts = attempts + 1 \
         WHERE id = $1 AND processed_at IS NULL AND next_attempt_at = $2",
    )
    .bind(id)
    .bind(seen_next)
    .bind(lease_until)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a change processed inside the transaction that applied it; `false` when it
/// was processed already (the caller rolls back). `forget_value`: the change carried the
/// customer's messages or contacts, passed on to the vendor: its value is not kept.
pub async fn finish(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    outcome: &str,
    workspace_id: Option<&str>,
    forget_value: bool,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE meta_events SET processed_at = $2, outcome = $3, workspace_id = $4, \
         value = CASE WHEN $5 = 1 THEN '{}' ELSE value END \
         WHERE id = $1 AND processed_at IS NULL",
    )
    .bind(id)
    .bind(now_ms())
    .bind(outcome)
    .bind(workspace_id)
    .bind(i64::from(forget_value))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Tries a change again at `at` after processing it failed.
pub async fn retry_at(db: &Db, id: &str, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE meta_events SET next_attempt_at = $2 WHERE id = $1 AND processed_at IS NULL",
    )
    .bind(id)
    .bind(at)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// A processed change, for staff.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MetaEventLine {
    pub id: String,
    pub field: String,
    pub event: Option<String>,
    pub waba_id: Option<String>,
    pub received_at: i64,
    pub processed_at: Option<i64>,
    pub outcome: Option<String>,
}

const LINE: &str =
    "SELECT id, field, event, waba_id, received_at, processed_at, outcome FROM meta_events";

/// The newest changes that applied to a workspace.
pub async fn of_workspace(
    db: &Db,
    workspace_id: &str,
    limit: i64,
) -> Result<Vec<MetaEventLine>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{LINE} WHERE workspace_id = $1 ORDER BY received_at DESC, id DESC LIMIT $2"
    )))
    .bind(workspace_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// The newest changes of every kind.
pub async fn recent(db: &Db, limit: i64) -> Result<Vec<MetaEventLine>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{LINE} ORDER BY received_at DESC, id DESC LIMIT $1"
    )))
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// WABAs Meta shared with the app for which no connection exists: the newest event of
/// each (its browser step was lost, or it was shared outside the connect page).
pub async fn unclaimed_wabas(db: &Db, limit: i64) -> Result<Vec<MetaEventLine>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{LINE} e WHERE outcome = 'unclaimed' AND NOT EXISTS \
           (SELECT 1 FROM whatsapp_connections c WHERE c.waba_id = e.waba_id) \
         AND NOT EXISTS (SELECT 1 FROM meta_events later WHERE later.outcome = 'unclaimed' \
           AND later.waba_id = e.waba_id AND (later.received_at > e.received_at \
           OR (later.received_at = e.received_at AND later.id > e.id))) \
         ORDER BY received_at DESC LIMIT $1"
    )))
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Deletes processed changes received before `before` (at most `batch`).
pub async fn sweep(db: &Db, before: i64, batch: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM meta_events WHERE id IN (SELECT id FROM meta_events \
         WHERE processed_at IS NOT NULL AND received_at < $1 LIMIT $2)",
    )
    .bind(before)
    .bind(batch)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected())
}
