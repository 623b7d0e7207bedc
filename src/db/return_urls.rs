//! A vendor's registered return URLs (`domain::ReturnUrl`).

use super::{now_ms, Db};
use crate::domain::ReturnUrl;

/// Registers a return URL; `false` when the vendor already had it.
#[tracing::instrument(skip(db))]
pub async fn add(db: &Db, vendor_id: &str, url: &ReturnUrl) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO return_urls (vendor_id, url, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (vendor_id, url) DO NOTHING",
    )
    .bind(vendor_id)
    .bind(url.as_str())
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a return URL; `false` when the vendor did not have it. Sessions that named
/// it keep it: they were created while it was registered.
#[tracing::instrument(skip(db))]
pub async fn remove(db: &Db, vendor_id: &str, url: &ReturnUrl) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM return_urls WHERE vendor_id = $1 AND url = $2")
        .bind(vendor_id)
        .bind(url.as_str())
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the vendor has registered `url`.
#[tracing::instrument(skip(db))]
pub async fn is_registered(db: &Db, vendor_id: &str, url: &ReturnUrl) -> Result<bool, sqlx::Error> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT url FROM return_urls WHERE vendor_id = $1 AND url = $2")
            .bind(vendor_id)
            .bind(url.as_str())
            .fetch_optional(db.pool())
            .await?;
    Ok(found.is_some())
}

/// A vendor's return URLs, oldest first.
#[tracing::instrument(skip(db))]
pub async fn list(db: &Db, vendor_id: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT url, created_at FROM return_urls WHERE vendor_id = $1 ORDER BY created_at, url",
    )
    .bind(vendor_id)
    .fetch_all(db.pool())
    .await
}
