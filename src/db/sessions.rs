use super::{new_id, Db};
use crate::domain::{IntegrationType, Origin, SessionState, TokenHash};

/// What a new connect session records.
#[derive(Debug)]
pub struct NewSession<'a> {
    pub token_hash: &'a TokenHash,
    pub vendor_id: &'a str,
    pub workspace_id: &'a str,
    pub api_key_id: &'a str,
    pub mode: &'a str,
    pub integration_type: IntegrationType,
    pub origin: &'a Origin,
    pub state: Option<&'a SessionState>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// A stored session, as staff and tests see it (never the token).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRecord {
    pub id: String,
    pub vendor_id: String,
    pub workspace_id: String,
    pub integration_type: String,
    pub origin: String,
    pub state: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub consumed_at: Option<i64>,
}

#[tracing::instrument(skip_all)]
pub async fn insert(db: &Db, session: NewSession<'_>) -> Result<String, sqlx::Error> {
    let id = new_id("ses");
    sqlx::query(
        "INSERT INTO connect_sessions \
         (id, token_hash, vendor_id, workspace_id, api_key_id, mode, integration_type, origin, state, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(session.token_hash.as_str())
    .bind(session.vendor_id)
    .bind(session.workspace_id)
    .bind(session.api_key_id)
    .bind(session.mode)
    .bind(session.integration_type.as_str())
    .bind(session.origin.as_str())
    .bind(session.state.map(SessionState::as_str))
    .bind(session.created_at)
    .bind(session.expires_at)
    .execute(db.pool())
    .await?;
    Ok(id)
}

/// The session stored under a token's hash.
#[tracing::instrument(skip_all)]
pub async fn find_by_hash(db: &Db, hash: &TokenHash) -> Result<Option<SessionRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, vendor_id, workspace_id, integration_type, origin, state, created_at, expires_at, consumed_at \
         FROM connect_sessions WHERE token_hash = $1",
    )
    .bind(hash.as_str())
    .fetch_optional(db.pool())
    .await
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
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected())
}
