//! Meta's Data Deletion requests, for the status page the person is sent to.

use super::{now_ms, Db};

/// A request and what it removed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DataDeletion {
    pub confirmation_code: String,
    pub received_at: i64,
    pub completed_at: Option<i64>,
    pub pages_removed: i64,
}

/// Records a request completed in the caller's transaction.
pub async fn record(
    conn: &mut sqlx::AnyConnection,
    confirmation_code: &str,
    pages_removed: i64,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO data_deletion_requests (confirmation_code, received_at, completed_at, pages_removed) \
         VALUES ($1, $2, $2, $3)",
    )
    .bind(confirmation_code)
    .bind(now)
    .bind(pages_removed)
    .execute(conn)
    .await?;
    Ok(())
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
