//! Meta's Data Deletion requests, for the status page the person is sent to.

use super::{now_ms, Db};
use crate::model::{Mode, Named};

/// A request and what it removed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DataDeletion {
    pub confirmation_code: String,
    pub received_at: i64,
    pub completed_at: Option<i64>,
    pub pages_removed: i64,
}

/// Records a request completed in the caller's transaction; `false` (nothing written)
/// when the same signed request was recorded before.
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    confirmation_code: &str,
    request_hash: &str,
    pages_removed: i64,
) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let done = sqlx::query(
        "INSERT INTO data_deletion_requests (confirmation_code, received_at, completed_at, pages_removed, \
         request_hash) VALUES ($1, $2, $2, $3, $4) ON CONFLICT (request_hash) DO NOTHING",
    )
    .bind(confirmation_code)
    .bind(now)
    .bind(pages_removed)
    .bind(request_hash)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets the page tokens listed for `user_id` in sessions of `mode`, and marks those
/// sessions so that they list no more.
pub async fn forget_pending_pages(
    conn: &mut sqlx::AnyConnection,
    mode: Mode,
    user_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE connect_sessions SET pages_forgotten_at = $3 WHERE mode = $2 AND id IN \
         (SELECT session_id FROM pending_page_tokens WHERE user_id = $1)",
    )
    .bind(user_id)
    .bind(mode.as_str())
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "DELETE FROM pending_page_tokens WHERE user_id = $1 AND session_id IN \
         (SELECT id FROM connect_sessions WHERE mode = $2)",
    )
    .bind(user_id)
    .bind(mode.as_str())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The request recorded for a signed request, if it was.
pub async fn find_by_request(
    db: &Db,
    request_hash: &str,
) -> Result<Option<DataDeletion>, sqlx::Error> {
    sqlx::query_as(
        "SELECT confirmation_code, received_at, completed_at, pages_removed FROM data_deletion_requests \
         WHERE request_hash = $1",
    )
    .bind(request_hash)
    .fetch_optional(db.writer())
    .await
}

pub async fn find(db: &Db, confirmation_code: &str) -> Result<Option<DataDeletion>, sqlx::Error> {
    sqlx::query_as(
        "SELECT confirmation_code, received_at, completed_at, pages_removed FROM data_deletion_requests \
         WHERE confirmation_code = $1",
    )
    .bind(confirmation_code)
    .fetch_optional(db.pool())
    .await
}
