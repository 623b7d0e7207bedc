//! Where connections stand after the connect: the state Meta's events, the token health
//! check and the vendor API move them to, each move kept in `connection_history`.

use super::{new_id, now_ms, Db};
use crate::model::{ConnectionStatus, Mode, Named};

/// `whatsapp` or `page`: what a history line is about.
pub const WHATSAPP: &str = "whatsapp";
pub const PAGE: &str = "page";

/// Who a connection belongs to: what a vendor event names.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Owner {
    pub workspace_id: String,
    pub vendor_id: String,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub account_id: String,
    pub external_id: String,
}

/// A WhatsApp connection with its owner.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WabaConnection {
    #[sqlx(flatten)]
    pub owner: Owner,
    pub waba_id: String,
    pub phone_number_id: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: ConnectionStatus,
    pub has_token: i64,
    /// 1 when the number stays on the WhatsApp Business app.
    pub coexistence: i64,
}

impl WabaConnection {
    /// Whether the number stays on the WhatsApp Business app.
    pub fn is_coexistence(&self) -> bool {
        self.coexistence == 1
    }

    /// Whether a token is kept for it.
    pub fn holds_token(&self) -> bool {
        self.has_token == 1
    }

    /// Disconnected with no token left: nothing more can end it.
    pub fn is_ended(&self) -> bool {
        self.status == ConnectionStatus::Disconnected && !self.holds_token()
    }
}

const WABA_CONNECTION: &str =
    "SELECT w.id AS workspace_id, w.vendor_id, w.mode, w.account_id, w.external_id, \
     c.waba_id, c.phone_number_id, c.status, c.coexistence, \
     CASE WHEN c.token_ciphertext IS NULL THEN 0 ELSE 1 END AS has_token \
     FROM whatsapp_connections c JOIN workspaces w ON w.id = c.workspace_id";

/// Every connection of `waba_id` among the workspaces of `mode`.
pub async fn whatsapp_by_waba(
    conn: &mut sqlx::AnyConnection,
    mode: Mode,
    waba_id: &str,
) -> Result<Vec<WabaConnection>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{WABA_CONNECTION} WHERE c.waba_id = $1 AND w.mode = $2 ORDER BY w.id"
    )))
    .bind(waba_id)
    .bind(mode.as_str())
    .fetch_all(conn)
    .await
}

/// Holds the workspace's row until the caller's transaction ends; `false` when the
/// workspace is gone. A change that queues vendor events takes it first, as erasing a
/// workspace does: one waits for the other, so an erasure never leaves behind an event
/// queued while it ran.
pub async fn hold_workspace(
    conn: &mut sqlx::AnyConnection,
    workspace_id: &str,
) -> Result<bool, sqlx::Error> {
    let held = sqlx::query("UPDATE workspaces SET updated_at = updated_at WHERE id = $1")
        .bind(workspace_id)
        .execute(conn)
        .await?;
    Ok(held.rows_affected() == 1)
}

/// The workspace's WhatsApp connection.
pub async fn whatsapp_of(
    conn: &mut sqlx::AnyConnection,
    workspace_id: &str,
) -> Result<Option<WabaConnection>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{WABA_CONNECTION} WHERE w.id = $1"
    )))
    .bind(workspace_id)
    .fetch_optional(conn)
    .await
}

/// A state to move a connection to.
#[derive(Debug, Clone, Copy)]
pub struct Move<'a> {
    pub status: ConnectionStatus,
    /// Why (`app_uninstalled`, `token_invalid`, ...).
    pub reason: &'a str,
    /// What Meta said, as JSON.
    pub detail: Option<&'a str>,
    /// Forgets the token (it is dead, or the vendor asked).
    pub drop_token: bool,
    /// `meta`, `token_check`, `vendor_api`, `deauthorize`, `data_deletion`.
    pub source: &'a str,
}

async fn record(
    conn: &mut sqlx::AnyConnection,
    workspace_id: &str,
    kind: &str,
    subject_id: &str,
    status: ConnectionStatus,
    reason: Option<&str>,
    source: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO connection_history (id, workspace_id, kind, subject_id, status, reason, source, occurred_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id("hist"))
    .bind(workspace_id)
    .bind(kind)
    .bind(subject_id)
    .bind(status.as_str())
    .bind(reason)
    .bind(source)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// Records that a connection was made (or made again) by a connect session.
pub async fn record_connected(
    conn: &mut sqlx::AnyConnection,
    workspace_id: &str,
    kind: &str,
    subject_id: &str,
    status: ConnectionStatus,
) -> Result<(), sqlx::Error> {
    record(
        conn,
        workspace_id,
        kind,
        subject_id,
        status,
        None,
        "connect",
    )
    .await
}

/// Moves the workspace's WhatsApp connection and records the move.
pub async fn move_whatsapp(
    conn: &mut sqlx::AnyConnection,
    connection: &WabaConnection,
    to: &Move<'_>,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "UPDATE whatsapp_connections SET status = $2, status_at = $3, status_reason = $4, status_detail = $5, \
         updated_at = $3, \
         token_ciphertext = CASE WHEN $6 = 1 THEN NULL ELSE token_ciphertext END, \
         key_id = CASE WHEN $6 = 1 THEN NULL ELSE key_id END, \
         pin_ciphertext = CASE WHEN $6 = 1 THEN NULL ELSE pin_ciphertext END \
         WHERE workspace_id = $1",
    )
    .bind(&connection.owner.workspace_id)
    .bind(to.status.as_str())
    .bind(now)
    .bind(to.reason)
    .bind(to.detail)
    .bind(i64::from(to.drop_token))
    .execute(&mut *conn)
    .await?;
    record(
        conn,
        &connection.owner.workspace_id,
        WHATSAPP,
        &connection.waba_id,
        to.status,
        Some(to.reason),
        to.source,
    )
    .await
}

/// Keeps what Meta said of the number: its quality rating and its display name decision.
pub async fn note_number(
    conn: &mut sqlx::AnyConnection,
    workspace_id: &str,
    quality_rating: Option<&str>,
    display_name: Option<(&str, &str)>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE whatsapp_connections SET quality_rating = COALESCE($2, quality_rating), \
         display_name = COALESCE($3, display_name), display_name_status = COALESCE($4, display_name_status), \
         updated_at = $5 WHERE workspace_id = $1",
    )
    .bind(workspace_id)
    .bind(quality_rating)
    .bind(display_name.map(|(name, _)| name))
    .bind(display_name.map(|(_, decision)| decision))
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

/// A connected page with its owner.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PageConnection {
    #[sqlx(flatten)]
    pub owner: Owner,
    pub page_id: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub status: ConnectionStatus,
    pub has_token: i64,
}

impl PageConnection {
    /// Disconnected with no token left: nothing more can end it.
    pub fn is_ended(&self) -> bool {
        self.status == ConnectionStatus::Disconnected && self.has_token == 0
    }
}

const PAGE_CONNECTION: &str = "SELECT w.id AS workspace_id, w.vendor_id, w.mode, w.account_id, w.external_id, \
     p.page_id, p.name, p.status, CASE WHEN p.token_ciphertext IS NULL THEN 0 ELSE 1 END AS has_token \
     FROM page_connections p JOIN workspaces w ON w.id = p.workspace_id";

/// The pages a Facebook user's login connected, in the workspaces of `mode`.
pub async fn pages_of_user(
    conn: &mut sqlx::AnyConnection,
    mode: Mode,
    user_id: &str,
) -> Result<Vec<PageConnection>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{PAGE_CONNECTION} WHERE p.user_id = $1 AND w.mode = $2 ORDER BY w.id, p.page_id"
    )))
    .bind(user_id)
    .bind(mode.as_str())
    .fetch_all(conn)
    .await
}

/// One page of a workspace.
pub async fn page_of(
    conn: &mut sqlx::AnyConnection,
    workspace_id: &str,
    page_id: &str,
) -> Result<Option<PageConnection>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{PAGE_CONNECTION} WHERE w.id = $1 AND p.page_id = $2"
    )))
    .bind(workspace_id)
    .bind(page_id)
    .fetch_optional(conn)
    .await
}

/// Moves a page connection and records the move; `forget_user` also forgets whose
/// login it was (a data deletion request).
pub async fn move_page(
    conn: &mut sqlx::AnyConnection,
    page: &PageConnection,
    to: &Move<'_>,
    forget_user: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE page_connections SET status = $3, status_at = $4, status_reason = $5, updated_at = $4, \
         token_ciphertext = CASE WHEN $6 = 1 THEN NULL ELSE token_ciphertext END, \
         key_id = CASE WHEN $6 = 1 THEN NULL ELSE key_id END, \
         user_id = CASE WHEN $7 = 1 THEN NULL ELSE user_id END \
         WHERE workspace_id = $1 AND page_id = $2",
    )
    .bind(&page.owner.workspace_id)
    .bind(&page.page_id)
    .bind(to.status.as_str())
    .bind(now_ms())
    .bind(to.reason)
    .bind(i64::from(to.drop_token))
    .bind(i64::from(forget_user))
    .execute(&mut *conn)
    .await?;
    record(
        conn,
        &page.owner.workspace_id,
        PAGE,
        &page.page_id,
        to.status,
        Some(to.reason),
        to.source,
    )
    .await
}

/// A line of a workspace's connection history, for staff.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryLine {
    pub kind: String,
    pub subject_id: String,
    #[sqlx(try_from = "String")]
    pub status: ConnectionStatus,
    pub reason: Option<String>,
    pub source: String,
    pub occurred_at: i64,
}

/// The newest moves of a workspace's connections.
pub async fn history_of(
    db: &Db,
    workspace_id: &str,
    limit: i64,
) -> Result<Vec<HistoryLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kind, subject_id, status, reason, source, occurred_at FROM connection_history \
         WHERE workspace_id = $1 ORDER BY occurred_at DESC, id DESC LIMIT $2",
    )
    .bind(workspace_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Whether the workspace has a broken connection of `kind` (`whatsapp` or `page`).
pub async fn has_broken(db: &Db, workspace_id: &str, kind: &str) -> Result<bool, sqlx::Error> {
    let table = if kind == PAGE {
        "page_connections"
    } else {
        "whatsapp_connections"
    };
    let (count,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {table} WHERE workspace_id = $1 \
         AND status IN ('disconnected', 'restricted', 'token_invalid')"
    )))
    .bind(workspace_id)
    .fetch_one(db.pool())
    .await?;
    Ok(count > 0)
}

/// Deletes history lines older than `before`.
pub async fn sweep_history(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM connection_history WHERE occurred_at < $1")
        .bind(before)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
