//! A vendor's own users of the vendor console, and their signed-in sessions.

use super::{new_id, now_ms, Db};
use crate::model::Named;
use crate::{crypto::Sealed, domain::TokenHash, model::VendorRole};

/// A vendor's user, without secrets.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct VendorUser {
    pub id: String,
    pub vendor_id: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: VendorRole,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
    /// 1 once the user has set a password (accepted an invitation), else 0.
    pub activated: i64,
}

impl VendorUser {
    /// Whether the user has accepted an invitation and can sign in.
    pub fn is_activated(&self) -> bool {
        self.activated == 1
    }
}

const USER_COLUMNS: &str = "id, vendor_id, email, role, created_at, disabled_at, \
     CAST(CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS activated";

/// Creates a user who has not yet accepted an invitation; `None` when the email is
/// taken (by this vendor or another: an address signs in to one vendor only).
#[tracing::instrument(skip(db))]
pub async fn insert_invited(
    db: &Db,
    vendor_id: &str,
    email: &str,
    role: VendorRole,
) -> Result<Option<String>, sqlx::Error> {
    let id = new_id("vus");
    let done = sqlx::query(
        "INSERT INTO vendor_users (id, vendor_id, email, role, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (email) DO NOTHING",
    )
    .bind(&id)
    .bind(vendor_id)
    .bind(email)
    .bind(role.as_str())
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

/// The user with this id, if they belong to `vendor_id`.
#[tracing::instrument(skip(db))]
pub async fn find(db: &Db, vendor_id: &str, id: &str) -> Result<Option<VendorUser>, sqlx::Error> {
    // `USER_COLUMNS` is a constant.
    let sql = format!("SELECT {USER_COLUMNS} FROM vendor_users WHERE id = $1 AND vendor_id = $2");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .bind(vendor_id)
        .fetch_optional(db.pool())
        .await
}

/// The vendor's users, by email.
#[tracing::instrument(skip(db))]
pub async fn list(db: &Db, vendor_id: &str) -> Result<Vec<VendorUser>, sqlx::Error> {
    // `USER_COLUMNS` is a constant.
    let sql =
        format!("SELECT {USER_COLUMNS} FROM vendor_users WHERE vendor_id = $1 ORDER BY email");
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(vendor_id)
        .fetch_all(db.pool())
        .await
}

/// What signing in checks, of an enabled user who has set a password.
#[derive(Debug, sqlx::FromRow)]
pub struct Credentials {
    pub id: String,
    pub password_hash: String,
    pub totp_ciphertext: String,
    pub totp_key_id: String,
}

#[tracing::instrument(skip(db))]
pub async fn credentials(db: &Db, email: &str) -> Result<Option<Credentials>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, password_hash, totp_ciphertext, totp_key_id FROM vendor_users \
         WHERE email = $1 AND disabled_at IS NULL AND password_hash IS NOT NULL \
         AND totp_ciphertext IS NOT NULL AND totp_key_id IS NOT NULL",
    )
    .bind(email)
    .fetch_optional(db.pool())
    .await
}

/// Sets a new password and TOTP key (an accepted invitation or reset).
#[tracing::instrument(skip(db, password_hash, totp))]
pub async fn set_credentials(
    db: &Db,
    id: &str,
    password_hash: &str,
    totp: &Sealed,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE vendor_users SET password_hash = $2, totp_ciphertext = $3, totp_key_id = $4, \
         totp_last_step = NULL, updated_at = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(password_hash)
    .bind(&totp.ciphertext)
    .bind(&totp.key_id)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Spends a TOTP time step: `false` when this step (or a later one) was already used,
/// so one code never signs in twice.
#[tracing::instrument(skip(db))]
pub async fn spend_step(db: &Db, id: &str, step: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE vendor_users SET totp_last_step = $2 \
         WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(id)
    .bind(step)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Changes a user's role; `false` when the vendor has no such user.
#[tracing::instrument(skip(db))]
pub async fn set_role(
    db: &Db,
    vendor_id: &str,
    id: &str,
    role: VendorRole,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE vendor_users SET role = $3, updated_at = $4 WHERE id = $1 AND vendor_id = $2",
    )
    .bind(id)
    .bind(vendor_id)
    .bind(role.as_str())
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Disables or enables a user; `false` when the vendor has no such user.
#[tracing::instrument(skip(db))]
pub async fn set_disabled(
    db: &Db,
    vendor_id: &str,
    id: &str,
    disabled: bool,
) -> Result<bool, sqlx::Error> {
    let sql = if disabled {
        "UPDATE vendor_users SET disabled_at = COALESCE(disabled_at, $3), updated_at = $3 \
         WHERE id = $1 AND vendor_id = $2"
    } else {
        "UPDATE vendor_users SET disabled_at = NULL, updated_at = $3 WHERE id = $1 AND vendor_id = $2"
    };
    let done = sqlx::query(sql)
        .bind(id)
        .bind(vendor_id)
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// How many enabled owners the vendor has (the last one cannot be demoted or disabled).
#[tracing::instrument(skip(db))]
pub async fn enabled_owners(db: &Db, vendor_id: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM vendor_users \
         WHERE vendor_id = $1 AND role = 'owner' AND disabled_at IS NULL",
    )
    .bind(vendor_id)
    .fetch_one(db.pool())
    .await
}

/// The signed-in user behind a console session cookie.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignedInUser {
    pub user_id: String,
    pub vendor_id: String,
    pub vendor_name: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: VendorRole,
    pub last_seen_at: i64,
}

/// The live console session with this hash: not past its absolute end, used within
/// `idle_ms`, and held by an enabled user.
#[tracing::instrument(skip_all)]
pub async fn find_live(
    db: &Db,
    hash: &TokenHash,
    idle_ms: i64,
) -> Result<Option<SignedInUser>, sqlx::Error> {
    let now = now_ms();
    sqlx::query_as(
        "SELECT s.user_id, u.vendor_id, v.name AS vendor_name, u.email, u.role, s.last_seen_at \
         FROM console_sessions s \
         JOIN vendor_users u ON u.id = s.user_id JOIN vendors v ON v.id = u.vendor_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 \
         AND u.disabled_at IS NULL",
    )
    .bind(hash.as_str())
    .bind(now)
    .bind(now - idle_ms)
    .fetch_optional(db.pool())
    .await
}

/// The vendor a user belongs to.
#[tracing::instrument(skip(db))]
pub async fn vendor_of(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT vendor_id FROM vendor_users WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}
