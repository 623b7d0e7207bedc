//! What staff see of connect sessions: the recent ones and the funnel.

use super::Db;
use crate::model::{IntegrationType, Mode};

/// A session as staff see it (never its token).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionLine {
    pub id: String,
    pub external_id: String,
    #[sqlx(try_from = "String")]
    pub integration_type: IntegrationType,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub origin: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub opened_at: Option<i64>,
    pub consumed_at: Option<i64>,
    pub failure_reason: Option<String>,
    /// The last Embedded Signup event, the step a cancel left at, a reported error.
    pub meta_event: Option<String>,
    pub meta_step: Option<String>,
    pub meta_error: Option<String>,
}

/// A vendor's newest sessions.
#[tracing::instrument(skip(db))]
pub async fn recent(db: &Db, vendor_id: &str, limit: i64) -> Result<Vec<SessionLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, w.external_id, s.integration_type, s.mode, s.origin, s.created_at, s.expires_at, \
                s.opened_at, s.consumed_at, s.failure_reason, s.meta_event, s.meta_step, s.meta_error \
         FROM connect_sessions s JOIN workspaces w ON w.id = s.workspace_id \
         WHERE s.vendor_id = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT $2",
    )
    .bind(vendor_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// How far the sessions created in a period got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct FunnelCounts {
    pub created: i64,
    pub opened: i64,
    pub completed: i64,
    /// Not completed, and the last attempt failed.
    pub failed: i64,
    /// Not completed and past their expiry.
    pub expired: i64,
}

/// Where the uncompleted sessions created since `since` left Meta's dialog: each
/// cancel step (or `ERROR`) with how many, most first.
#[tracing::instrument(skip(db))]
pub async fn left_meta_at(
    db: &Db,
    vendor_id: &str,
    since: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(meta_step, meta_event) AS step, COUNT(*) AS n FROM connect_sessions \
         WHERE vendor_id = $1 AND created_at >= $2 AND consumed_at IS NULL \
         AND meta_event IN ('CANCEL', 'ERROR') \
         GROUP BY COALESCE(meta_step, meta_event) ORDER BY n DESC, step",
    )
    .bind(vendor_id)
    .bind(since)
    .fetch_all(db.pool())
    .await
}

/// The funnel of the sessions created since `since` (all vendors when `vendor_id` is
/// `None`), as of `now`.
#[tracing::instrument(skip(db))]
pub async fn funnel(
    db: &Db,
    vendor_id: Option<&str>,
    since: i64,
    now: i64,
) -> Result<FunnelCounts, sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*) AS created, \
                COALESCE(SUM(CASE WHEN opened_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS opened, \
                COALESCE(SUM(CASE WHEN consumed_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS completed, \
                COALESCE(SUM(CASE WHEN consumed_at IS NULL AND failure_reason IS NOT NULL THEN 1 ELSE 0 END), 0) AS failed, \
                COALESCE(SUM(CASE WHEN consumed_at IS NULL AND expires_at <= $3 THEN 1 ELSE 0 END), 0) AS expired \
         FROM connect_sessions WHERE ($1 IS NULL OR vendor_id = $1) AND created_at >= $2",
    )
    .bind(vendor_id)
    .bind(since)
    .bind(now)
    .fetch_one(db.pool())
    .await
}
