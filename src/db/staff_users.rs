use super::{new_id, now_ms, Db};
use crate::model::Named;
use crate::{domain::StaffEmail, model::StaffRole};

/// A staff account, without its password hash.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffUser {
    pub id: String,
    pub email: String,
    #[sqlx(try_from = "String")]
    pub role: StaffRole,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
}

/// Creates an account; `None` when the email is taken.
#[tracing::instrument(skip(db, password_hash))]
pub async fn insert(
    db: &Db,
    email: &StaffEmail,
    role: StaffRole,
    password_hash: &str,
) -> Result<Option<String>, sqlx::Error> {
    let id = new_id("stf");
    let done = sqlx::query(
        "INSERT INTO staff_users (id, email, role, password_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (email) DO NOTHING",
    )
    .bind(&id)
    .bind(email.as_str())
    .bind(role.as_str())
    .bind(password_hash)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

/// The enabled account with this email and its password hash, for signing in.
#[tracing::instrument(skip(db))]
pub async fn credentials(db: &Db, email: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, password_hash FROM staff_users WHERE email = $1 AND disabled_at IS NULL",
    )
    .bind(email)
    .fetch_optional(db.pool())
    .await
}

#[tracing::instrument(skip(db))]
pub async fn find(db: &Db, id: &str) -> Result<Option<StaffUser>, sqlx::Error> {
    sqlx::query_as("SELECT id, email, role, created_at, disabled_at FROM staff_users WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await
}

/// Every account, by email.
#[tracing::instrument(skip(db))]
pub async fn list(db: &Db) -> Result<Vec<StaffUser>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, email, role, created_at, disabled_at FROM staff_users ORDER BY email",
    )
    .fetch_all(db.pool())
    .await
}

/// Disables or enables an account; `false` when there is no such account.
#[tracing::instrument(skip(db))]
pub async fn set_disabled(db: &Db, id: &str, disabled: bool) -> Result<bool, sqlx::Error> {
    let sql = if disabled {
        "UPDATE staff_users SET disabled_at = COALESCE(disabled_at, $2), updated_at = $2 WHERE id = $1"
    } else {
        "UPDATE staff_users SET disabled_at = NULL, updated_at = $2 WHERE id = $1"
    };
    let done = sqlx::query(sql)
        .bind(id)
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Replaces an account's password hash; `false` when there is no such account.
#[tracing::instrument(skip(db, password_hash))]
pub async fn set_password(db: &Db, id: &str, password_hash: &str) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE staff_users SET password_hash = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(password_hash)
            .bind(now_ms())
            .execute(db.writer())
            .await?;
    Ok(done.rows_affected() == 1)
}
