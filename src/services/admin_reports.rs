//! What the admin pages show, read from the database and shaped for display. Tokens
//! and keys never appear here: only ids, names, prefixes and times.

use super::{time_text::utc_minute, vendor_admin::require_vendor, ServiceError};
use crate::{
    db::{
        self,
        audit::{AuditFilter, AuditLine},
        session_reports::SessionLine,
        workspace_reports::{PageLine, WorkspaceLine},
    },
    model::admin::{
        AuditListView, AuditRow, FunnelView, KeyRow, OriginRow, PageRow, SessionRow, StaffRow,
        VendorDetailView, VendorListView, VendorRow, WhatsAppRow, WorkspaceListView, WorkspaceRow,
    },
};

pub const VENDORS_PER_PAGE: i64 = 50;
pub const WORKSPACES_PER_PAGE: i64 = 50;
pub const RECENT_SESSIONS: i64 = 50;
pub const AUDIT_PER_PAGE: i64 = 100;
const DAY_MS: i64 = 86_400_000;

/// Pages of `per_page` for `total` rows (at least one), and the 0-based offset of `page`
/// (1-based, clamped into range).
fn paging(total: i64, per_page: i64, page: u32) -> (u32, u32, i64) {
    let pages = u32::try_from(((total + per_page - 1) / per_page).max(1)).unwrap_or(u32::MAX);
    let page = page.clamp(1, pages);
    (page, pages, i64::from(page - 1) * per_page)
}

/// One page of the vendor list.
pub async fn vendor_list(
    db: &db::Db,
    search: Option<&str>,
    page: u32,
) -> Result<VendorListView, ServiceError> {
    let search = search.map(str::trim).unwrap_or_default();
    let filter = (!search.is_empty()).then_some(search);
    let (mut rows, mut total) = db::vendor_list::page(
        db,
        filter,
        i64::from(page.max(1) - 1) * VENDORS_PER_PAGE,
        VENDORS_PER_PAGE,
    )
    .await?;
    let (page, pages, offset) = paging(total, VENDORS_PER_PAGE, page);
    if rows.is_empty() && total > 0 {
        // Asked past the last page: show the last one.
        (rows, total) = db::vendor_list::page(db, filter, offset, VENDORS_PER_PAGE).await?;
    }
    Ok(VendorListView {
        vendors: rows
            .into_iter()
            .map(|v| VendorRow {
                active: v.deactivated_at.is_none(),
                id: v.id,
                name: v.name,
                created: utc_minute(v.created_at),
            })
            .collect(),
        total,
        page,
        pages,
        search: search.to_owned(),
    })
}

/// A session's state as staff read it.
fn session_state(line: &SessionLine, now: i64) -> &'static str {
    if line.consumed_at.is_some() {
        "completed"
    } else if line.expires_at <= now {
        "expired"
    } else if line.failure_reason.is_some() {
        "failed"
    } else if line.opened_at.is_some() {
        "opened"
    } else {
        "created"
    }
}

/// A vendor with its keys, origins, recent sessions and the funnel of the last `days` days.
pub async fn vendor_detail(
    db: &db::Db,
    vendor_id: &str,
    days: u32,
) -> Result<VendorDetailView, ServiceError> {
    let vendor = require_vendor(db, vendor_id).await?;
    let days = days.clamp(1, 90);
    let now = db::now_ms();
    let keys = db::api_keys::list(db, vendor_id).await?;
    let origins = db::origins::list(db, vendor_id).await?;
    let sessions = db::session_reports::recent(db, vendor_id, RECENT_SESSIONS).await?;
    let funnel =
        db::session_reports::funnel(db, Some(vendor_id), now - i64::from(days) * DAY_MS, now)
            .await?;
    Ok(VendorDetailView {
        active: vendor.is_active(),
        created: utc_minute(vendor.created_at),
        id: vendor.id,
        name: vendor.name,
        logo_url: vendor.logo_url,
        keys: keys
            .into_iter()
            .map(|k| KeyRow {
                id: k.id,
                prefix: k.prefix,
                mode: k.mode,
                created: utc_minute(k.created_at),
                last_used: k.last_used_at.map(utc_minute),
                revoked: k.revoked_at.map(utc_minute),
            })
            .collect(),
        origins: origins
            .into_iter()
            .map(|(origin, added)| OriginRow {
                origin,
                added: utc_minute(added),
            })
            .collect(),
        sessions: sessions
            .into_iter()
            .map(|s| SessionRow {
                state: session_state(&s, now).to_owned(),
                id: s.id,
                external_id: s.external_id,
                integration_type: s.integration_type,
                mode: s.mode,
                origin: s.origin,
                created: utc_minute(s.created_at),
                failure_reason: s.failure_reason,
            })
            .collect(),
        funnel: FunnelView {
            days,
            created: funnel.created,
            opened: funnel.opened,
            completed: funnel.completed,
            failed: funnel.failed,
            expired: funnel.expired,
        },
    })
}

fn workspace_row(line: WorkspaceLine, pages: &[PageLine]) -> WorkspaceRow {
    WorkspaceRow {
        whatsapp: line.waba_id.map(|waba_id| WhatsAppRow {
            waba_id,
            phone_number_id: line.phone_number_id,
            connected: line
                .whatsapp_connected_at
                .map(utc_minute)
                .unwrap_or_default(),
        }),
        pages: pages
            .iter()
            .filter(|p| p.workspace_id == line.id)
            .map(|p| PageRow {
                id: p.page_id.clone(),
                name: p.name.clone(),
                category: p.category.clone(),
                connected: utc_minute(p.connected_at),
            })
            .collect(),
        external_id: line.external_id,
        account_id: line.account_id,
        name: line.name,
        mode: line.mode,
        created: utc_minute(line.created_at),
    }
}

/// One page of a vendor's workspaces with their connections.
pub async fn workspaces(
    db: &db::Db,
    vendor_id: &str,
    search: Option<&str>,
    page: u32,
) -> Result<WorkspaceListView, ServiceError> {
    let vendor = require_vendor(db, vendor_id).await?;
    let search = search.map(str::trim).unwrap_or_default();
    let filter = (!search.is_empty()).then_some(search);
    let (_, total) = db::workspace_reports::page(db, vendor_id, filter, 0, 0).await?;
    let (page, pages, offset) = paging(total, WORKSPACES_PER_PAGE, page);
    let (lines, _) =
        db::workspace_reports::page(db, vendor_id, filter, offset, WORKSPACES_PER_PAGE).await?;
    let ids: Vec<String> = lines.iter().map(|l| l.id.clone()).collect();
    let page_lines = db::workspace_reports::pages_of(db, &ids).await?;
    Ok(WorkspaceListView {
        vendor_id: vendor.id,
        vendor_name: vendor.name,
        workspaces: lines
            .into_iter()
            .map(|l| workspace_row(l, &page_lines))
            .collect(),
        total,
        page,
        pages,
        search: search.to_owned(),
    })
}

/// What the audit page was asked to show.
#[derive(Debug, Default, Clone)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub vendor_id: Option<String>,
    pub days: Option<u32>,
    /// The `next` of the previous page.
    pub before: Option<String>,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn audit_row(line: AuditLine) -> AuditRow {
    let actor = match (&line.actor_email, &line.actor_id) {
        (Some(email), _) => email.clone(),
        (None, Some(id)) => format!("{} {id}", line.actor_kind),
        (None, None) => line.actor_kind.clone(),
    };
    AuditRow {
        at: utc_minute(line.occurred_at),
        actor,
        target: match (line.target_kind, line.target_id) {
            (Some(kind), Some(id)) => Some(format!("{kind} {id}")),
            (_, id) => id,
        },
        id: line.id,
        action: line.action,
        vendor_id: line.vendor_id,
        source_ip: line.source_ip,
        detail: line.detail,
    }
}

/// One page of the audit log, newest first.
pub async fn audit(db: &db::Db, query: AuditQuery) -> Result<AuditListView, ServiceError> {
    let before = match non_empty(query.before) {
        None => None,
        Some(cursor) => {
            let parsed = cursor
                .split_once(':')
                .and_then(|(at, id)| Some((at.parse::<i64>().ok()?, id.to_owned())));
            Some(
                parsed
                    .ok_or_else(|| ServiceError::Invalid("`before` is not a page cursor".into()))?,
            )
        }
    };
    let filter = AuditFilter {
        actor: non_empty(query.actor).map(|a| a.to_lowercase()),
        action: non_empty(query.action),
        vendor_id: non_empty(query.vendor_id),
        since: query
            .days
            .map(|d| db::now_ms() - i64::from(d.clamp(1, 3650)) * DAY_MS),
        before,
    };
    let mut lines = db::audit::list(db, &filter, AUDIT_PER_PAGE + 1).await?;
    let more = lines.len() > AUDIT_PER_PAGE as usize;
    lines.truncate(AUDIT_PER_PAGE as usize);
    let next = lines
        .last()
        .filter(|_| more)
        .map(|last| format!("{}:{}", last.occurred_at, last.id));
    Ok(AuditListView {
        entries: lines.into_iter().map(audit_row).collect(),
        next,
    })
}

/// Every staff account.
pub async fn staff(db: &db::Db) -> Result<Vec<StaffRow>, ServiceError> {
    Ok(db::staff_users::list(db)
        .await?
        .into_iter()
        .map(|u| StaffRow {
            id: u.id,
            email: u.email,
            role: u.role,
            created: utc_minute(u.created_at),
            disabled: u.disabled_at.is_some(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::paging;

    #[test]
    fn paging_clamps_and_counts() {
        assert_eq!(paging(0, 50, 1), (1, 1, 0));
        assert_eq!(paging(10_000, 50, 3), (3, 200, 100));
        assert_eq!(paging(10_000, 50, 999), (200, 200, 9_950));
        assert_eq!(paging(51, 50, 0), (1, 2, 0));
    }
}
