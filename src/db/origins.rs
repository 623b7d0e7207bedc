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
    Ok(done.rows_affected() == 1)
}

/// Whether the vendor allows `origin`.
#[tracing::instrument(skip(db))]
pub async fn is_allowed(db: &Db, vendor_id: &str, origin: &Origin) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT origin FROM allowed_origins WHERE vendor_id = $1 AND origin = $2",
    )
    .bind(vendor_id)
    .bind(origin.as_str())
    .fetch_optional(db.pool())
    .await?;
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
