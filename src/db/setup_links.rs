//! Setup links: a session request kept for up to 30 days, opened as fresh sessions.

use super::{now_ms, Db};
use crate::{
    domain::TokenHash,
    model::{Mode, Named},
};

/// A link as stored: its session request and where it stands.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SetupLinkRow {
    pub id: String,
    pub vendor_id: String,
    pub api_key_id: String,
    pub mode: String,
    pub integration_type: String,
    pub external_id: String,
    pub workspace_name: String,
    pub origin: String,
    pub state: Option<String>,
    pub locale: Option<String>,
    pub coexistence: Option<i64>,
    pub return_url: Option<String>,
    /// The session request's prefill (checked JSON).
    pub prefill: Option<String>,
    /// 1 when the number is added on the connect page.
    pub number_on_page: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
    pub completed_at: Option<i64>,
    pub completed_session_id: Option<String>,
    pub opened_count: i64,
    pub last_opened_at: Option<i64>,
}

/// Reads links (every column of `SetupLinkRow`), with the rest of the query.
macro_rules! link_select {
    ($rest:literal) => {
        concat!(
            "SELECT id, vendor_id, api_key_id, mode, integration_type, external_id, \
             workspace_name, origin, state, locale, coexistence, return_url, prefill, \
             number_on_page, created_at, expires_at, revoked_at, completed_at, completed_session_id, opened_count, \
             last_opened_at FROM setup_links ",
            $rest
        )
    };
}

/// A new link, with the token's hash.
pub struct NewSetupLink<'a> {
    pub row: &'a SetupLinkRow,
    pub token_hash: &'a TokenHash,
}

/// Stores a link and revokes, in the same transaction, every other open link of its
/// workspace and integration; returns how many it revoked.
#[tracing::instrument(skip_all)]
pub async fn create_replacing(db: &Db, link: NewSetupLink<'_>) -> Result<u64, sqlx::Error> {
    let row = link.row;
    let mut tx = db.writer().begin().await?;
    let revoked = sqlx::query(
        "UPDATE setup_links SET revoked_at = $1 WHERE vendor_id = $2 AND mode = $3 \
         AND external_id = $4 AND integration_type = $5 \
         AND revoked_at IS NULL AND completed_at IS NULL",
    )
    .bind(row.created_at)
    .bind(&row.vendor_id)
    .bind(&row.mode)
    .bind(&row.external_id)
    .bind(&row.integration_type)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    sqlx::query(
        "INSERT INTO setup_links (id, token_hash, vendor_id, api_key_id, mode, \
         integration_type, external_id, workspace_name, origin, state, locale, coexistence, \
         return_url, created_at, expires_at, prefill, number_on_page) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
    )
    .bind(&row.id)
    .bind(link.token_hash.as_str())
    .bind(&row.vendor_id)
    .bind(&row.api_key_id)
    .bind(&row.mode)
    .bind(&row.integration_type)
    .bind(&row.external_id)
    .bind(&row.workspace_name)
    .bind(&row.origin)
    .bind(&row.state)
    .bind(&row.locale)
    .bind(row.coexistence)
    .bind(&row.return_url)
    .bind(row.created_at)
    .bind(row.expires_at)
    .bind(&row.prefill)
    .bind(row.number_on_page)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(revoked)
}

/// The link a token opens, if any.
#[tracing::instrument(skip_all)]
pub async fn by_token(
    db: &Db,
    token_hash: &TokenHash,
) -> Result<Option<SetupLinkRow>, sqlx::Error> {
    sqlx::query_as(link_select!("WHERE token_hash = $1"))
        .bind(token_hash.as_str())
        .fetch_optional(db.pool())
        .await
}

/// A link of `vendor_id` in `mode`; `None` for another vendor's or mode's.
#[tracing::instrument(skip(db))]
pub async fn of_vendor(
    db: &Db,
    vendor_id: &str,
    mode: Mode,
    id: &str,
) -> Result<Option<SetupLinkRow>, sqlx::Error> {
    sqlx::query_as(link_select!(
        "WHERE id = $1 AND vendor_id = $2 AND mode = $3"
    ))
    .bind(id)
    .bind(vendor_id)
    .bind(mode.as_str())
    .fetch_optional(db.pool())
    .await
}

/// The vendor's links in `mode`, newest first, at most `limit`.
#[tracing::instrument(skip(db))]
pub async fn list(
    db: &Db,
    vendor_id: &str,
    mode: Mode,
    limit: i64,
) -> Result<Vec<SetupLinkRow>, sqlx::Error> {
    sqlx::query_as(link_select!(
        "WHERE vendor_id = $1 AND mode = $2 ORDER BY created_at DESC, id DESC LIMIT $3"
    ))
    .bind(vendor_id)
    .bind(mode.as_str())
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Revokes a link that is still open; `false` when it was not.
#[tracing::instrument(skip(db))]
pub async fn revoke(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE setup_links SET revoked_at = $2 \
         WHERE id = $1 AND revoked_at IS NULL AND completed_at IS NULL",
    )
    .bind(id)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts an opening of the link.
#[tracing::instrument(skip(db))]
pub async fn record_opened(db: &Db, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE setup_links SET opened_count = opened_count + 1, last_opened_at = $2 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Completes the link of a session just completed (inside the completion's
/// transaction): it opens no session after this.
pub async fn complete_for_session(
    conn: &mut sqlx::AnyConnection,
    session_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE setup_links SET completed_at = $2, completed_session_id = $1 \
         WHERE id = (SELECT setup_link_id FROM connect_sessions WHERE id = $1) \
         AND completed_at IS NULL",
    )
    .bind(session_id)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}
