//! Signed-in browsers of the admin area (`staff_sessions`) and of the vendor console
//! (`console_sessions`): the same life, on a table each. Only the SHA-256 of a session
//! cookie is kept.

use super::{now_ms, Db};
use crate::{crypto::Sealed, domain::TokenHash};

/// Whose signed-in browsers a table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionTable {
    /// WhatsPortal staff (`staff_sessions.staff_id`).
    Staff,
    /// Vendors' users (`console_sessions.user_id`).
    Console,
}

impl SessionTable {
    fn table(self) -> &'static str {
        match self {
            Self::Staff => "staff_sessions",
            Self::Console => "console_sessions",
        }
    }

    /// The column naming the account a session belongs to.
    fn account(self) -> &'static str {
        match self {
            Self::Staff => "staff_id",
            Self::Console => "user_id",
        }
    }
}

/// Starts a session of `account_id` that ends at `expires_at` at the latest.
#[tracing::instrument(skip_all)]
pub async fn insert(
    db: &Db,
    table: SessionTable,
    hash: &TokenHash,
    account_id: &str,
    expires_at: i64,
    source_ip: Option<&str>,
) -> Result<(), sqlx::Error> {
    // The table and column names come from `SessionTable`, never from a caller.
    let sql = format!(
        "INSERT INTO {} (token_hash, {}, created_at, last_seen_at, expires_at, source_ip) \
         VALUES ($1, $2, $3, $3, $4, $5)",
        table.table(),
        table.account()
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hash.as_str())
        .bind(account_id)
        .bind(now_ms())
        .bind(expires_at)
        .bind(source_ip)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// `last_seen_at` is written at most this often.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

/// Keeps a live session alive: notes its use, unless that was noted within the minute.
pub async fn keep_alive(
    db: &Db,
    table: SessionTable,
    hash: &TokenHash,
    last_seen_at: i64,
) -> Result<(), sqlx::Error> {
    if now_ms() - last_seen_at >= TOUCH_EVERY_MS {
        touch(db, table, hash).await?;
    }
    Ok(())
}

#[tracing::instrument(skip_all)]
async fn touch(db: &Db, table: SessionTable, hash: &TokenHash) -> Result<(), sqlx::Error> {
    // The table and column names come from `SessionTable`, never from a caller.
    let sql = format!(
        "UPDATE {} SET last_seen_at = $2 WHERE token_hash = $1",
        table.table()
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hash.as_str())
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn delete(db: &Db, table: SessionTable, hash: &TokenHash) -> Result<(), sqlx::Error> {
    // The table and column names come from `SessionTable`, never from a caller.
    let sql = format!("DELETE FROM {} WHERE token_hash = $1", table.table());
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hash.as_str())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Ends every session of an account (disabled, or its password reset).
#[tracing::instrument(skip(db))]
pub async fn delete_for(db: &Db, table: SessionTable, account_id: &str) -> Result<(), sqlx::Error> {
    // The table and column names come from `SessionTable`, never from a caller.
    let sql = format!(
        "DELETE FROM {} WHERE {} = $1",
        table.table(),
        table.account()
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(account_id)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Deletes sessions past their absolute end or idle since before `idle_before`.
#[tracing::instrument(skip(db))]
pub async fn sweep(db: &Db, table: SessionTable, idle_before: i64) -> Result<u64, sqlx::Error> {
    // The table and column names come from `SessionTable`, never from a caller.
    let sql = format!(
        "DELETE FROM {} WHERE expires_at <= $1 OR last_seen_at <= $2",
        table.table()
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now_ms())
        .bind(idle_before)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}

/// Keeps one sealed message for the session's next page, replacing any earlier one.
#[tracing::instrument(skip_all)]
pub async fn set_flash(
    db: &Db,
    table: SessionTable,
    hash: &TokenHash,
    flash: &Sealed,
) -> Result<(), sqlx::Error> {
    // The table and column names come from `SessionTable`, never from a caller.
    let sql = format!(
        "UPDATE {} SET flash_ciphertext = $2, flash_key_id = $3 WHERE token_hash = $1",
        table.table()
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
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
pub async fn take_flash(
    db: &Db,
    table: SessionTable,
    hash: &TokenHash,
) -> Result<Option<Sealed>, sqlx::Error> {
    // The table and column names come from `SessionTable`, never from a caller.
    let sql = format!(
        "SELECT flash_ciphertext, flash_key_id FROM {} \
         WHERE token_hash = $1 AND flash_ciphertext IS NOT NULL AND flash_key_id IS NOT NULL",
        table.table()
    );
    let row: Option<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(hash.as_str())
        .fetch_optional(db.pool())
        .await?;
    let Some((ciphertext, key_id)) = row else {
        return Ok(None);
    };
    // The table and column names come from `SessionTable`, never from a caller.
    let sql = format!(
        "UPDATE {} SET flash_ciphertext = NULL, flash_key_id = NULL \
         WHERE token_hash = $1 AND flash_ciphertext = $2",
        table.table()
    );
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(hash.as_str())
        .bind(&ciphertext)
        .execute(db.writer())
        .await?;
    Ok((done.rows_affected() == 1).then_some(Sealed { key_id, ciphertext }))
}
