//! Facebook Pages: tokens pending while the customer chooses, and connected pages.

use super::{now_ms, Db};

/// A page listed for a session, its token sealed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PendingPage {
    pub page_id: String,
    pub name: String,
    pub category: String,
    pub token_ciphertext: String,
    pub key_id: String,
    /// The Facebook user whose login listed it.
    pub user_id: Option<String>,
}

/// Replaces the pages listed for a session (a new login lists them again).
#[tracing::instrument(skip_all, fields(session_id, pages = pages.len()))]
pub async fn replace_pending(
    db: &Db,
    session_id: &str,
    pages: &[PendingPage],
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    let mut tx = db.writer().begin().await?;
    sqlx::query("DELETE FROM pending_page_tokens WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    for page in pages {
        sqlx::query(
            "INSERT INTO pending_page_tokens (session_id, page_id, name, category, token_ciphertext, key_id, \
             created_at, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(session_id)
        .bind(&page.page_id)
        .bind(&page.name)
        .bind(&page.category)
        .bind(&page.token_ciphertext)
        .bind(&page.key_id)
        .bind(now)
        .bind(&page.user_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The pages listed for a session.
pub async fn pending(db: &Db, session_id: &str) -> Result<Vec<PendingPage>, sqlx::Error> {
    sqlx::query_as(
        "SELECT page_id, name, category, token_ciphertext, key_id, user_id FROM pending_page_tokens \
         WHERE session_id = $1 ORDER BY name, page_id",
    )
    .bind(session_id)
    .fetch_all(db.pool())
    .await
}

/// A page to store as connected, its token sealed for its row.
#[derive(Debug)]
pub struct NewPageConnection<'a> {
    pub page_id: &'a str,
    pub name: &'a str,
    pub category: &'a str,
    pub token_ciphertext: &'a str,
    pub key_id: &'a str,
    pub user_id: Option<&'a str>,
}

/// Stores (or updates) the connected pages, in the caller's transaction.
#[tracing::instrument(skip_all, fields(workspace_id, pages = pages.len()))]
pub async fn store_connected(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
    pages: &[NewPageConnection<'_>],
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    for page in pages {
        sqlx::query(
            "INSERT INTO page_connections (workspace_id, page_id, name, category, token_ciphertext, key_id, \
             connected_at, updated_at, user_id, status, status_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, 'active', $7) \
             ON CONFLICT (workspace_id, page_id) DO UPDATE SET name = excluded.name, category = excluded.category, \
             token_ciphertext = excluded.token_ciphertext, key_id = excluded.key_id, \
             connected_at = excluded.connected_at, updated_at = excluded.updated_at, user_id = excluded.user_id, \
             status = 'active', status_at = excluded.status_at, status_reason = NULL, next_check_at = NULL",
        )
        .bind(workspace_id)
        .bind(page.page_id)
        .bind(page.name)
        .bind(page.category)
        .bind(page.token_ciphertext)
        .bind(page.key_id)
        .bind(now)
        .bind(page.user_id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Forgets the page tokens listed for a session, in the caller's transaction.
pub async fn forget_pending(
    tx: &mut sqlx::AnyConnection,
    session_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM pending_page_tokens WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Deletes the page tokens fetched for a choice before `before` and never chosen (a
/// completion deletes its session's at once); returns how many.
pub async fn sweep_pending(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM pending_page_tokens WHERE created_at < $1")
        .bind(before)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
