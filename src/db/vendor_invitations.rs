//! Single-use links with which a vendor's user sets a password and a second factor.

use super::{new_id, now_ms, Db};
use crate::{crypto::Sealed, domain::TokenHash};

/// Why a link was made: a user's first invitation, or a reset of their sign-in.
pub const INVITE: &str = "invite";
pub const RESET: &str = "reset";

/// A link as its page reads it, whatever its state.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Invitation {
    pub id: String,
    pub vendor_id: String,
    pub vendor_name: String,
    pub user_id: String,
    pub email: String,
    pub purpose: String,
    pub totp_ciphertext: String,
    pub totp_key_id: String,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

/// What a new link holds besides its token.
#[derive(Debug)]
pub struct NewInvitation<'a> {
    pub vendor_id: &'a str,
    pub user_id: &'a str,
    pub purpose: &'a str,
    pub totp: &'a Sealed,
    pub expires_at: i64,
}

/// Keeps a new link; earlier unused links of the same user stop working.
#[tracing::instrument(skip_all)]
pub async fn insert(
    db: &Db,
    hash: &TokenHash,
    invitation: &NewInvitation<'_>,
) -> Result<String, sqlx::Error> {
    let id = new_id("inv");
    let now = now_ms();
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "UPDATE vendor_invitations SET used_at = $2 WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(invitation.user_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO vendor_invitations (token_hash, id, vendor_id, user_id, purpose, \
         totp_ciphertext, totp_key_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(hash.as_str())
    .bind(&id)
    .bind(invitation.vendor_id)
    .bind(invitation.user_id)
    .bind(invitation.purpose)
    .bind(&invitation.totp.ciphertext)
    .bind(&invitation.totp.key_id)
    .bind(now)
    .bind(invitation.expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The link whose token hashes to `hash`, used or not.
#[tracing::instrument(skip_all)]
pub async fn find(db: &Db, hash: &TokenHash) -> Result<Option<Invitation>, sqlx::Error> {
    sqlx::query_as(
        "SELECT i.id, i.vendor_id, v.name AS vendor_name, i.user_id, u.email, i.purpose, \
         i.totp_ciphertext, i.totp_key_id, i.expires_at, i.used_at \
         FROM vendor_invitations i JOIN vendor_users u ON u.id = i.user_id \
         JOIN vendors v ON v.id = i.vendor_id WHERE i.token_hash = $1",
    )
    .bind(hash.as_str())
    .fetch_optional(db.pool())
    .await
}

/// Spends the link: `false` when it was used (or expired) in the meantime, so two
/// concurrent acceptances set one password.
#[tracing::instrument(skip(db))]
pub async fn spend(db: &Db, id: &str) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let done = sqlx::query(
        "UPDATE vendor_invitations SET used_at = $2 \
         WHERE id = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(id)
    .bind(now)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}
