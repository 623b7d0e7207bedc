//! The stored tokens of connections, for the token health check and for ending a
//! subscription at Meta (still sealed here).

use super::Db;
use crate::model::Mode;

/// A stored token and what it is for. `subject_id` is the WABA or the page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredToken {
    pub workspace_id: String,
    pub subject_id: String,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub token_ciphertext: String,
    pub key_id: String,
    /// When the check last planned to look (0: never).
    pub next_check_at: i64,
}

const WHATSAPP: &str =
    "SELECT c.workspace_id, c.waba_id AS subject_id, w.mode, c.token_ciphertext, c.key_id, \
     COALESCE(c.next_check_at, 0) AS next_check_at \
     FROM whatsapp_connections c JOIN workspaces w ON w.id = c.workspace_id \
     WHERE c.token_ciphertext IS NOT NULL AND c.key_id IS NOT NULL";

const PAGES: &str =
    "SELECT p.workspace_id, p.page_id AS subject_id, w.mode, p.token_ciphertext, p.key_id, \
     COALESCE(p.next_check_at, 0) AS next_check_at \
     FROM page_connections p JOIN workspaces w ON w.id = p.workspace_id \
     WHERE p.token_ciphertext IS NOT NULL AND p.key_id IS NOT NULL";

/// The workspace's WhatsApp token.
pub async fn whatsapp(db: &Db, workspace_id: &str) -> Result<Option<StoredToken>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{WHATSAPP} AND c.workspace_id = $1"
    )))
    .bind(workspace_id)
    .fetch_optional(db.pool())
    .await
}

/// A page's token in the workspace.
pub async fn page(
    db: &Db,
    workspace_id: &str,
    page_id: &str,
) -> Result<Option<StoredToken>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{PAGES} AND p.workspace_id = $1 AND p.page_id = $2"
    )))
    .bind(workspace_id)
    .bind(page_id)
    .fetch_optional(db.pool())
    .await
}

/// WhatsApp tokens whose check is due (never checked first).
pub async fn due_whatsapp(db: &Db, now: i64, limit: i64) -> Result<Vec<StoredToken>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{WHATSAPP} AND COALESCE(c.next_check_at, 0) <= $1 ORDER BY COALESCE(c.next_check_at, 0) LIMIT $2"
    )))
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Page tokens whose check is due.
pub async fn due_pages(db: &Db, now: i64, limit: i64) -> Result<Vec<StoredToken>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{PAGES} AND COALESCE(p.next_check_at, 0) <= $1 ORDER BY COALESCE(p.next_check_at, 0) LIMIT $2"
    )))
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

fn check_update(is_page: bool, condition: &str) -> String {
    let (table, subject) = if is_page {
        ("page_connections", "page_id")
    } else {
        ("whatsapp_connections", "waba_id")
    };
    format!("UPDATE {table} SET next_check_at = $3 WHERE workspace_id = $1 AND {subject} = $2{condition}")
}

/// Plans a token's next check at `at`.
pub async fn plan_check(
    db: &Db,
    token: &StoredToken,
    is_page: bool,
    at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(check_update(is_page, "")))
        .bind(&token.workspace_id)
        .bind(&token.subject_id)
        .bind(at)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Takes a token's check and plans the next one at `next` in one step; `false` when
/// another instance took it first.
pub async fn claim_check(
    db: &Db,
    token: &StoredToken,
    is_page: bool,
    next: i64,
) -> Result<bool, sqlx::Error> {
    let sql = check_update(is_page, " AND COALESCE(next_check_at, 0) = $4");
    let done = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(&token.workspace_id)
        .bind(&token.subject_id)
        .bind(next)
        .bind(token.next_check_at)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}
