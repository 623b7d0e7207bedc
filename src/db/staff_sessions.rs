use super::{now_ms, Db};
use crate::{domain::TokenHash, model::StaffRole};

/// The signed-in staff member behind a session cookie.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SignedIn {
    pub staff_id: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: StaffRole,
    pub last_seen_at: i64,
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
