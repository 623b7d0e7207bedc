//! The Meta simulator's codes and tokens, in the database so that every instance sees
//! them and each is deleted once it has expired. Only the SHA-256 of a credential is
//! stored.

use super::{now_ms, Db};

/// A stored code or token.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredGrant {
    pub subject: String,
    pub waba_id: Option<String>,
    pub user_id: Option<String>,
    pub page_id: Option<String>,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    /// The full-page dialog's `redirect_uri` a code was issued for.
    pub redirect_uri: Option<String>,
    /// Test mode: the `health_status` a test key set for this token's numbers.
    pub health: Option<String>,
}

/// A credential to store: what it grants and how long it lives.
#[derive(Debug)]
pub struct NewGrant<'a> {
    pub credential_hash: &'a str,
    pub kind: &'a str,
    pub subject: &'a str,
    pub waba_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
    pub page_id: Option<&'a str>,
    pub redirect_uri: Option<&'a str>,
    pub lifetime_ms: i64,
}

/// Stores a credential; one already stored (a derived token handed out again) is kept
/// as it is.
pub async fn issue(db: &Db, grant: &NewGrant<'_>) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO simulator_grants (credential_hash, kind, subject, waba_id, user_id, page_id, issued_at, expires_at, \
         redirect_uri) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (credential_hash) DO NOTHING",
    )
    .bind(grant.credential_hash)
    .bind(grant.kind)
    .bind(grant.subject)
    .bind(grant.waba_id)
    .bind(grant.user_id)
    .bind(grant.page_id)
    .bind(now)
    .bind(now + grant.lifetime_ms)
    .bind(grant.redirect_uri)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The credential of `kind` with this hash, expired or not.
pub async fn find(
    db: &Db,
    credential_hash: &str,
    kind: &str,
) -> Result<Option<StoredGrant>, sqlx::Error> {
    sqlx::query_as(
        "SELECT subject, waba_id, user_id, page_id, expires_at, used_at, redirect_uri, health FROM simulator_grants \
         WHERE credential_hash = $1 AND kind = $2",
    )
    .bind(credential_hash)
    .bind(kind)
    .fetch_optional(db.pool())
    .await
}

/// Uses a code once; `false` when it was used already.
pub async fn use_once(db: &Db, credential_hash: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE simulator_grants SET used_at = $2 WHERE credential_hash = $1 AND used_at IS NULL",
    )
    .bind(credential_hash)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a credential's life now.
pub async fn expire(db: &Db, credential_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE simulator_grants SET expires_at = $2 WHERE credential_hash = $1")
        .bind(credential_hash)
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Deletes the credentials that expired before `before`; returns how many.
pub async fn sweep(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM simulator_grants WHERE expires_at < $1")
        .bind(before)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}

/// Test mode: what `health_status` answers for the numbers one token reads (by its
/// hash); `None`: what the simulated number itself says. Answers whether the token is
/// stored.
pub async fn set_health(
    db: &Db,
    credential_hash: &str,
    health: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE simulator_grants SET health = $2 WHERE credential_hash = $1")
        .bind(credential_hash)
        .bind(health)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends the life of one token, by its hash.
pub async fn revoke_credential(db: &Db, credential_hash: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE simulator_grants SET expires_at = $2 WHERE credential_hash = $1 AND expires_at > $2",
    )
    .bind(credential_hash)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected())
}

/// Ends the life of every token granting `waba_id`, or the user's tokens and page tokens
/// (the customer removed the app, or changed their password); returns how many.
pub async fn revoke(
    db: &Db,
    waba_id: Option<&str>,
    user_id: Option<&str>,
    page_id: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE simulator_grants SET expires_at = $4 WHERE kind <> 'code' AND expires_at > $4 AND \
         ((waba_id IS NOT NULL AND waba_id = $1) OR (user_id IS NOT NULL AND user_id = $2) \
          OR (page_id IS NOT NULL AND page_id = $3))",
    )
    .bind(waba_id.unwrap_or(""))
    .bind(user_id.unwrap_or(""))
    .bind(page_id.unwrap_or(""))
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected())
}
