use super::{new_id, now_ms, Db};
use crate::domain::{LogoUrl, VendorName};

/// A vendor as the rest of the application sees it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Vendor {
    pub id: String,
    pub name: String,
    pub logo_url: Option<String>,
    pub created_at: i64,
    pub deactivated_at: Option<i64>,
}

impl Vendor {
    pub fn is_active(&self) -> bool {
        self.deactivated_at.is_none()
    }
}

#[tracing::instrument(skip(db))]
pub async fn insert(
    db: &Db,
    name: &VendorName,
    logo_url: Option<&LogoUrl>,
) -> Result<String, sqlx::Error> {
    let id = new_id("ven");
    let now = now_ms();
    sqlx::query(
        "INSERT INTO vendors (id, name, logo_url, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(&id)
    .bind(name.as_str())
    .bind(logo_url.map(LogoUrl::as_str))
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(id)
}

#[tracing::instrument(skip(db))]
pub async fn find(db: &Db, id: &str) -> Result<Option<Vendor>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, logo_url, created_at, deactivated_at FROM vendors WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await
}

/// Activates or deactivates a vendor; `false` when there is no such vendor.
/// Deactivating keeps the first deactivation time.
#[tracing::instrument(skip(db))]
pub async fn set_active(db: &Db, id: &str, active: bool) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let sql = if active {
        "UPDATE vendors SET deactivated_at = NULL, updated_at = $2 WHERE id = $1"
    } else {
        "UPDATE vendors SET deactivated_at = COALESCE(deactivated_at, $2), updated_at = $2 WHERE id = $1"
    };
    let done = sqlx::query(sql)
        .bind(id)
        .bind(now)
        .execute(db.writer())
        .await?;
    db.access_cache().changed(db).await?;
    Ok(done.rows_affected() == 1)
}

/// The oldest vendor with exactly this name.
#[tracing::instrument(skip(db))]
pub async fn find_by_name(db: &Db, name: &str) -> Result<Option<Vendor>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, name, logo_url, created_at, deactivated_at FROM vendors WHERE name = $1 \
         ORDER BY created_at, id LIMIT 1",
    )
    .bind(name)
    .fetch_optional(db.pool())
    .await
}

/// The vendor's own API rate limit (requests per minute per key); `None` for the default,
/// and for no such vendor.
pub async fn rate_limit(db: &Db, id: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(Option<i64>,)> =
        sqlx::query_as("SELECT rate_limit_per_minute FROM vendors WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.and_then(|(limit,)| limit))
}

/// Whether the vendor's WhatsApp sessions offer coexistence unless a session says.
pub async fn coexistence_default(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT coexistence_default FROM vendors WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.is_some_and(|(on,)| on == 1))
}

/// Sets the vendor's coexistence default; `false` when there is no such vendor.
#[tracing::instrument(skip(db))]
pub async fn set_coexistence_default(db: &Db, id: &str, on: bool) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE vendors SET coexistence_default = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(i64::from(on))
            .bind(now_ms())
            .execute(db.writer())
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets or clears (`None`) the vendor's API rate limit; `false` when there is no such vendor.
#[tracing::instrument(skip(db))]
pub async fn set_rate_limit(
    db: &Db,
    id: &str,
    per_minute: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE vendors SET rate_limit_per_minute = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(per_minute)
            .bind(now_ms())
            .execute(db.writer())
            .await?;
    db.access_cache().changed(db).await?;
    Ok(done.rows_affected() == 1)
}

/// The vendor's theme: its primary colour (`#rrggbb`, `None` for the page's own) and
/// appearance (`light` or `dark`); `None` for no such vendor.
pub async fn theme(db: &Db, id: &str) -> Result<Option<(Option<String>, String)>, sqlx::Error> {
    sqlx::query_as("SELECT theme_primary, theme_appearance FROM vendors WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// Sets the vendor's theme; `false` when there is no such vendor.
#[tracing::instrument(skip(db))]
pub async fn set_theme(
    db: &Db,
    id: &str,
    primary: Option<&str>,
    appearance: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE vendors SET theme_primary = $2, theme_appearance = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(primary)
    .bind(appearance)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Renames a vendor and sets or clears its logo; `false` when there is no such vendor.
#[tracing::instrument(skip(db))]
pub async fn update(
    db: &Db,
    id: &str,
    name: &VendorName,
    logo_url: Option<&LogoUrl>,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE vendors SET name = $2, logo_url = $3, updated_at = $4 WHERE id = $1")
            .bind(id)
            .bind(name.as_str())
            .bind(logo_url.map(LogoUrl::as_str))
            .bind(now_ms())
            .execute(db.writer())
            .await?;
    Ok(done.rows_affected() == 1)
}
