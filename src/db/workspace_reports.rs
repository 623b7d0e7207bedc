//! What staff see of workspaces and their connections (never a token).

use super::Db;
use crate::model::Named;
use crate::model::{ConnectionStatus, Mode};

/// A workspace with its WhatsApp connection, if any.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WorkspaceLine {
    pub id: String,
    pub external_id: String,
    pub account_id: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub created_at: i64,
    pub waba_id: Option<String>,
    pub phone_number_id: Option<String>,
    pub display_phone_number: Option<String>,
    pub whatsapp_connected_at: Option<i64>,
    /// `active`, or where an unfinished or broken connection stands.
    pub whatsapp_status: Option<ConnectionStatus>,
    pub whatsapp_status_reason: Option<String>,
    pub whatsapp_status_at: Option<i64>,
    pub quality_rating: Option<String>,
    pub display_name: Option<String>,
    pub display_name_status: Option<String>,
    /// 1 when the number stays on the WhatsApp Business app.
    pub whatsapp_coexistence: Option<i64>,
}

/// The columns of a `WorkspaceLine`, from `workspaces w LEFT JOIN whatsapp_connections c`.
const LINE_COLUMNS: &str = "w.id, w.external_id, w.account_id, w.name, w.mode, w.created_at, \
     c.waba_id, c.phone_number_id, c.connected_at AS whatsapp_connected_at, c.status AS whatsapp_status, \
     c.status_reason AS whatsapp_status_reason, c.status_at AS whatsapp_status_at, c.quality_rating, \
     c.display_name, c.display_name_status, c.coexistence AS whatsapp_coexistence, \
     c.display_phone_number \
     FROM workspaces w LEFT JOIN whatsapp_connections c ON c.workspace_id = w.id";

/// A connected Facebook Page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PageLine {
    pub workspace_id: String,
    pub page_id: String,
    pub name: String,
    pub category: String,
    pub connected_at: i64,
    #[sqlx(try_from = "String")]
    pub status: ConnectionStatus,
    pub status_reason: Option<String>,
    pub status_at: Option<i64>,
}

/// A vendor's newest workspaces whose externalId contains `search` or whose account_id is
/// `search`; and how many match in all.
#[tracing::instrument(skip(db))]
pub async fn page(
    db: &Db,
    vendor_id: &str,
    search: Option<&str>,
    offset: i64,
    limit: i64,
) -> Result<(Vec<WorkspaceLine>, i64), sqlx::Error> {
    let search = search.map(str::trim).filter(|s| !s.is_empty());
    let filter = "w.vendor_id = $1 AND ($2 IS NULL OR w.account_id = $2 OR w.external_id = $2)";
    let rows = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {LINE_COLUMNS} \
         WHERE {filter} ORDER BY w.created_at DESC, w.id DESC LIMIT $3 OFFSET $4"
    )))
    .bind(vendor_id)
    .bind(search)
    .bind(limit)
    .bind(offset)
    .fetch_all(db.pool())
    .await?;
    let (total,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM workspaces w WHERE {filter}"
    )))
    .bind(vendor_id)
    .bind(search)
    .fetch_one(db.pool())
    .await?;
    Ok((rows, total))
}

/// A vendor's workspace of one mode by its externalId, with its WhatsApp connection.
#[tracing::instrument(skip(db))]
pub async fn find(
    db: &Db,
    vendor_id: &str,
    mode: Mode,
    external_id: &str,
) -> Result<Option<WorkspaceLine>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {LINE_COLUMNS} WHERE w.vendor_id = $1 AND w.mode = $2 AND w.external_id = $3"
    )))
    .bind(vendor_id)
    .bind(mode.as_str())
    .bind(external_id)
    .fetch_optional(db.pool())
    .await
}

/// A vendor's workspace by its account_id (either mode).
#[tracing::instrument(skip(db))]
pub async fn find_by_account(
    db: &Db,
    vendor_id: &str,
    account_id: &str,
) -> Result<Option<WorkspaceLine>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {LINE_COLUMNS} WHERE w.vendor_id = $1 AND w.account_id = $2"
    )))
    .bind(vendor_id)
    .bind(account_id)
    .fetch_optional(db.pool())
    .await
}

/// The pages connected to these workspaces.
#[tracing::instrument(skip(db))]
pub async fn pages_of(db: &Db, workspace_ids: &[String]) -> Result<Vec<PageLine>, sqlx::Error> {
    if workspace_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = super::placeholders(workspace_ids.len());
    let sql = format!(
        "SELECT workspace_id, page_id, name, category, connected_at, status, status_reason, status_at \
         FROM page_connections \
         WHERE workspace_id IN ({placeholders}) ORDER BY name, page_id"
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in workspace_ids {
        query = query.bind(id);
    }
    query.fetch_all(db.pool()).await
}

/// Where a page of workspaces starts: after the workspace created at `created_at` with `id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct After {
    pub created_at: i64,
    pub id: String,
}

/// A vendor's workspaces of one mode, newest first, after `after`; with `status`, only
/// those whose WhatsApp connection or one of whose pages is in that state.
#[tracing::instrument(skip(db))]
pub async fn list(
    db: &Db,
    vendor_id: &str,
    mode: Mode,
    status: Option<&str>,
    after: Option<&After>,
    limit: i64,
) -> Result<Vec<WorkspaceLine>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {LINE_COLUMNS} WHERE w.vendor_id = $1 AND w.mode = $2 \
         AND ($3 = '' OR c.status = $3 OR EXISTS (SELECT 1 FROM page_connections p \
              WHERE p.workspace_id = w.id AND p.status = $3)) \
         AND ($4 < 0 OR w.created_at < $4 OR (w.created_at = $4 AND w.id < $5)) \
         ORDER BY w.created_at DESC, w.id DESC LIMIT $6"
    )))
    .bind(vendor_id)
    .bind(mode.as_str())
    .bind(status.unwrap_or(""))
    .bind(after.map_or(-1, |a| a.created_at))
    .bind(after.map_or("", |a| a.id.as_str()))
    .bind(limit)
    .fetch_all(db.pool())
    .await
}
