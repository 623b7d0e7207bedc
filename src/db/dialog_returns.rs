//! Returns expected from Meta's full-page dialog: the hash of each `state` handed to
//! Meta, with the session's token sealed. A return takes its row, so a state works once.

use super::{now_ms, Db};
use crate::domain::TokenHash;

/// Starts of the dialog a session keeps answerable: a customer may tap twice, or open
/// the page in two tabs; older starts stop working.
const KEPT_PER_SESSION: i64 = 3;

/// What a return finds: the session and its token, still sealed.
#[derive(Debug, sqlx::FromRow)]
pub struct DialogReturn {
    pub session_id: String,
    pub token_ciphertext: String,
    pub key_id: String,
}

/// Keeps a new start of the dialog (and only the newest few of the session).
#[tracing::instrument(skip_all)]
pub async fn keep(
    db: &Db,
    state_hash: &TokenHash,
    expected: &DialogReturn,
) -> Result<(), sqlx::Error> {
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO dialog_returns (state_hash, session_id, token_ciphertext, key_id, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(state_hash.as_str())
    .bind(&expected.session_id)
    .bind(&expected.token_ciphertext)
    .bind(&expected.key_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM dialog_returns WHERE session_id = $1 AND state_hash NOT IN \
         (SELECT state_hash FROM dialog_returns WHERE session_id = $1 \
          ORDER BY created_at DESC, state_hash LIMIT $2)",
    )
    .bind(&expected.session_id)
    .bind(KEPT_PER_SESSION)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Takes the return of a state: found once, never again.
#[tracing::instrument(skip_all)]
pub async fn take(db: &Db, state_hash: &TokenHash) -> Result<Option<DialogReturn>, sqlx::Error> {
    sqlx::query_as(
        "DELETE FROM dialog_returns WHERE state_hash = $1 \
         RETURNING session_id, token_ciphertext, key_id",
    )
    .bind(state_hash.as_str())
    .fetch_optional(db.writer())
    .await
}
