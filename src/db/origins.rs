use super::{now_ms, Db};
use crate::domain::Origin;

/// Adds an allowed origin; `false` when the vendor already had it.
#[tracing::instrument(skip(db))]
pub async fn add(db: &Db, vendor_id: &str, origin: &Origin) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO allowed_origins (vendor_id, origin, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (vendor_id, origin) DO NOTHING",
    )
    .bind(vendor_id)
    .bind(origin.as_str())
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    db.access_cache().changed(db).await?;
    Ok(done.rows_affected() == 1)
}

/// Removes an allowed origin; `false` when the vendor did not have it.
#[tracing::instrument(skip(db))]
pub async fn remove(db: &Db, vendor_id: &str, origin: &Origin) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM allowed_origins WHERE vendor_id = $1 AND origin = $2")
        .bind(vendor_id)
        .bind(origin.as_str())
        .execute(db.writer())
        .await?;
    db.access_cache().changed(db).await?;
    Ok(done.rows_affected() == 1)
}

/// Whether the vendor allows `origin` (from memory when it was read lately: see
/// `access_cache`).
#[tracing::instrument(level = "debug", skip(db))]
pub async fn is_allowed(db: &Db, vendor_id: &str, origin: &Origin) -> Result<bool, sqlx::Error> {
    let cache = db.access_cache();
    cache.check(db).await?;
    let miss = match cache.origin(vendor_id, origin.as_str()) {
        Ok(allowed) => return Ok(allowed),
        Err(miss) => miss,
    };
    let found: Option<String> = sqlx::query_scalar(
        "SELECT origin FROM allowed_origins WHERE vendor_id = $1 AND origin = $2",
    )
    .bind(vendor_id)
    .bind(origin.as_str())
    .fetch_optional(db.pool())
    .await?;
    cache.put_origin(miss, vendor_id, origin.as_str(), found.is_some());
    Ok(found.is_some())
}

/// A vendor's allowed origins, oldest first.
#[tracing::instrument(skip(db))]
pub async fn list(db: &Db, vendor_id: &str) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT origin, created_at FROM allowed_origins WHERE vendor_id = $1 ORDER BY created_at, origin",
    )
    .bind(vendor_id)
    .fetch_all(db.pool())
    .await
}
