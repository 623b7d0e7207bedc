use super::{new_id, now_ms, Db};
use crate::model::Named;
use crate::{
    domain::{ApiKey, TokenHash},
    model::Mode,
};

/// `last_used_at` is written at most once a minute per key, so that a busy key does not
/// turn every request into an extra write.
const LAST_USED_RESOLUTION_MS: i64 = 60_000;

/// The holder of a presented key, as far as authentication needs to know.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyOwner {
    pub key_id: String,
    pub vendor_id: String,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub vendor_deactivated_at: Option<i64>,
    pub last_used_at: Option<i64>,
    /// The vendor's own API rate limit, when staff set one.
    pub rate_limit_per_minute: Option<i64>,
    /// When a rotated key stops working.
    pub retires_at: Option<i64>,
}

/// Stores a new key for a vendor (its hash and display prefix only) and returns its id.
#[tracing::instrument(skip(db, key))]
pub async fn insert(
    db: &Db,
    vendor_id: &str,
    key: &ApiKey,
    mode: Mode,
) -> Result<String, sqlx::Error> {
    let id = new_id("key");
    sqlx::query(
        "INSERT INTO api_keys (id, vendor_id, key_hash, prefix, mode, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(vendor_id)
    .bind(key.hash().as_str())
    .bind(key.display_prefix())
    .bind(mode.as_str())
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    db.access_cache().changed(db).await?;
    Ok(id)
}

/// Revokes a key at once; returns its vendor, or `None` when there is no such key or
/// it was already revoked.
#[tracing::instrument(skip(db))]
pub async fn revoke(
    db: &Db,
    vendor_id: Option<&str>,
    key_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let revoked = sqlx::query_scalar(
        "UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND vendor_id = COALESCE($3, vendor_id) AND revoked_at IS NULL \
         RETURNING vendor_id",
    )
    .bind(key_id)
    .bind(now_ms())
    .bind(vendor_id)
    .fetch_optional(db.writer())
    .await?;
    db.access_cache().changed(db).await?;
    Ok(revoked)
}

/// A key as staff see it: never the key, only its prefix.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyListing {
    pub id: String,
    pub prefix: String,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    /// When a rotated key stops working.
    pub retires_at: Option<i64>,
}

/// A vendor's keys, newest first.
#[tracing::instrument(skip(db))]
pub async fn list(db: &Db, vendor_id: &str) -> Result<Vec<KeyListing>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, prefix, mode, created_at, last_used_at, revoked_at, retires_at FROM api_keys \
         WHERE vendor_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(vendor_id)
    .fetch_all(db.pool())
    .await
}

/// Finds the working key with this hash and its vendor (from memory when it was read
/// lately: see `access_cache`), and records that it was used.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn authenticate(db: &Db, hash: &TokenHash) -> Result<Option<KeyOwner>, sqlx::Error> {
    let cache = db.access_cache();
    cache.check(db).await?;
    let owner = match cache.key(hash.as_str()) {
        Ok(owner) => owner,
        Err(miss) => {
            let found: Option<KeyOwner> = sqlx::query_as(
                "SELECT k.id AS key_id, k.vendor_id, k.mode, v.deactivated_at AS vendor_deactivated_at, \
                 k.last_used_at, v.rate_limit_per_minute, k.retires_at \
                 FROM api_keys k JOIN vendors v ON v.id = k.vendor_id \
                 WHERE k.key_hash = $1 AND k.revoked_at IS NULL",
            )
            .bind(hash.as_str())
            .fetch_optional(db.pool())
            .await?;
            let Some(owner) = found else {
                return Ok(None);
            };
            cache.put_key(miss, hash.as_str(), &owner);
            owner
        }
    };
    let now = now_ms();
    if owner.retires_at.is_some_and(|at| at <= now) {
        return Ok(None);
    }
    if owner
        .last_used_at
        .is_none_or(|at| now - at >= LAST_USED_RESOLUTION_MS)
    {
        cache.used(hash.as_str(), now);
        let key_id = owner.key_id.clone();
        db.write(move |conn| {
            Box::pin(async move {
                sqlx::query("UPDATE api_keys SET last_used_at = $2 WHERE id = $1")
                    .bind(key_id)
                    .bind(now)
                    .execute(&mut *conn)
                    .await
            })
        })
        .await?;
    }
    Ok(Some(owner))
}

/// Sets when one of the vendor's working keys stops working (a rotation); its mode, or
/// `None` when the vendor has no such working key not already retiring.
#[tracing::instrument(skip(db))]
pub async fn retire(
    db: &Db,
    vendor_id: &str,
    key_id: &str,
    at: i64,
) -> Result<Option<Mode>, sqlx::Error> {
    let mode: Option<String> = sqlx::query_scalar(
        "UPDATE api_keys SET retires_at = $3 \
         WHERE id = $1 AND vendor_id = $2 AND revoked_at IS NULL AND retires_at IS NULL \
         RETURNING mode",
    )
    .bind(key_id)
    .bind(vendor_id)
    .bind(at)
    .fetch_optional(db.writer())
    .await?;
    db.access_cache().changed(db).await?;
    Ok(mode.and_then(|m| Mode::try_from(m).ok()))
}
