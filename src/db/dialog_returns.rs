//! Returns expected from Meta's full-page dialog: the hash of each `state` handed to
//! Meta, with the session it was handed out for. A return takes its row, so a state
//! works once.

use super::{now_ms, Db};
use crate::domain::TokenHash;

/// Starts of the dialog a session keeps answerable: a customer may tap twice, or open
/// the page in two tabs; older starts stop working.
const KEPT_PER_SESSION: i64 = 3;

/// Keeps a new start of the dialog (and only the newest few of the session).
#[tracing::instrument(skip_all)]
pub async fn keep(db: &Db, state_hash: &TokenHash, session_id: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO dialog_returns (state_hash, session_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(state_hash.as_str())
    .bind(session_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM dialog_returns WHERE session_id = $1 AND state_hash NOT IN \
         (SELECT state_hash FROM dialog_returns WHERE session_id = $1 \
          ORDER BY created_at DESC, state_hash LIMIT $2)",
    )
    .bind(session_id)
    .bind(KEPT_PER_SESSION)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Takes the return of a state: the session it was handed out for, found once, never
/// again.
#[tracing::instrument(skip_all)]
pub async fn take(db: &Db, state_hash: &TokenHash) -> Result<Option<String>, sqlx::Error> {
    let taken: Option<(String,)> =
        sqlx::query_as("DELETE FROM dialog_returns WHERE state_hash = $1 RETURNING session_id")
            .bind(state_hash.as_str())
            .fetch_optional(db.writer())
            .await?;
    Ok(taken.map(|(session_id,)| session_id))
}
