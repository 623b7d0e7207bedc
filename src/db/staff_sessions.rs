use super::{now_ms, Db};
use crate::{crypto::Sealed, domain::TokenHash, model::StaffRole};

/// The signed-in staff member behind a session cookie.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignedIn {
    pub staff_id: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: StaffRole,
    pub last_seen_at: i64,
}

/// Starts a session that ends at `expires_at` at the latest.
#[tracing::instrument(skip_all)]
pub async fn insert(
    db: &Db,
    hash: &TokenHash,
    staff_id: &str,
    expires_at: i64,
    source_ip: Option<&str>,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at, expires_at, source_ip) \
         VALUES ($1, $2, $3, $3, $4, $5)",
    )
    .bind(hash.as_str())
    .bind(staff_id)
    .bind(now)
    .bind(expires_at)
    .bind(source_ip)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The live session with this hash: not past its absolute end, used within `idle_ms`,
/// and held by an enabled account.
#[tracing::instrument(skip_all)]
pub async fn find_live(
    db: &Db,
    hash: &TokenHash,
    idle_ms: i64,
) -> Result<Option<SignedIn>, sqlx::Error> {
    let now = now_ms();
    sqlx::query_as(
        "SELECT s.staff_id, u.email, u.role, s.last_seen_at FROM staff_sessions s \
         JOIN staff_users u ON u.id = s.staff_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND u.disabled_at IS NULL",
    )
    .bind(hash.as_str())
    .bind(now)
    .bind(now - idle_ms)
    .fetch_optional(db.pool())
    .await
}

#[tracing::instrument(skip_all)]
pub async fn touch(db: &Db, hash: &TokenHash) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff_sessions SET last_seen_at = $2 WHERE token_hash = $1")
        .bind(hash.as_str())
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn delete(db: &Db, hash: &TokenHash) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
        .bind(hash.as_str())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Ends every session of an account (disabled, or its password reset).
#[tracing::instrument(skip(db))]
pub async fn delete_for_staff(db: &Db, staff_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM staff_sessions WHERE staff_id = $1")
        .bind(staff_id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Deletes sessions past their absolute end or idle since before `idle_before`.
#[tracing::instrument(skip(db))]
pub async fn sweep(db: &Db, idle_before: i64) -> Result<u64, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
            .bind(now_ms())
            .bind(idle_before)
            .execute(db.writer())
            .await?;
    Ok(done.rows_affected())
}

/// Keeps one sealed message for the session's next page, replacing any earlier one.
#[tracing::instrument(skip_all)]
pub async fn set_flash(db: &Db, hash: &TokenHash, flash: &Sealed) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE staff_sessions SET flash_ciphertext = $2, flash_key_id = $3 WHERE token_hash = $1",
    )
    .bind(hash.as_str())
    .bind(&flash.ciphertext)
    .bind(&flash.key_id)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Takes the session's message, if any: it is shown once, so only the request that
/// clears it gets it. The look-up is a read, so pages without a message never wait for
/// the writer.
#[tracing::instrument(skip_all)]
pub async fn take_flash(db: &Db, hash: &TokenHash) -> Result<Option<Sealed>, sqlx::Error> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT flash_ciphertext, flash_key_id FROM staff_sessions \
         WHERE token_hash = $1 AND flash_ciphertext IS NOT NULL AND flash_key_id IS NOT NULL",
    )
    .bind(hash.as_str())
    .fetch_optional(db.pool())
    .await?;
    let Some((ciphertext, key_id)) = row else {
        return Ok(None);
    };
    let done = sqlx::query(
        "UPDATE staff_sessions SET flash_ciphertext = NULL, flash_key_id = NULL \
         WHERE token_hash = $1 AND flash_ciphertext = $2",
    )
    .bind(hash.as_str())
    .bind(&ciphertext)
    .execute(db.writer())
    .await?;
    Ok((done.rows_affected() == 1).then_some(Sealed { key_id, ciphertext }))
}
