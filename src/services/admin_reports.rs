//! What the admin pages show of vendors, their sessions and staff, read from the
//! database and shaped for display. Tokens and keys never appear here: only ids, names,
//! prefixes and times. Workspaces and the audit log have their own modules.

use super::{time_text::utc_minute, vendor_admin::require_vendor, ServiceError};
use crate::{
    db::{self, session_reports::SessionLine},
    model::admin::{
        FunnelView, KeyRow, OriginRow, SessionRow, StaffRow, VendorDetailView, VendorListView,
        VendorRow,
    },
};

pub const VENDORS_PER_PAGE: i64 = 50;
pub const RECENT_SESSIONS: i64 = 50;
pub(super) const DAY_MS: i64 = 86_400_000;

/// Pages of `per_page` for `total` rows (at least one), and the 0-based offset of `page`
/// (1-based, clamped into range).
pub(super) fn paging(total: i64, per_page: i64, page: u32) -> (u32, u32, i64) {
    let pages = u32::try_from(((total + per_page - 1) / per_page).max(1)).unwrap_or(u32::MAX);
    let page = page.clamp(1, pages);
    (page, pages, i64::from(page - 1) * per_page)
}

/// One page of a list and its paging: `fetch(offset)` answers a page's rows and the
/// total. A page past the end shows the last one (a second fetch only then).
pub(super) struct ListPage<T> {
    pub rows: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
}

pub(super) async fn fetch_page<T, F, Fut>(
    page: u32,
    per_page: i64,
    fetch: F,
) -> Result<ListPage<T>, sqlx::Error>
where
    F: Fn(i64) -> Fut,
    Fut: std::future::Future<Output = Result<(Vec<T>, i64), sqlx::Error>>,
{
    let (mut rows, mut total) = fetch(i64::from(page.max(1) - 1) * per_page).await?;
    let (page, pages, offset) = paging(total, per_page, page);
    if rows.is_empty() && total > 0 {
        (rows, total) = fetch(offset).await?;
    }
    Ok(ListPage {
        rows,
        total,
        page,
        pages,
    })
}

/// One page of the vendor list.
pub async fn vendor_list(
    db: &db::Db,
    search: Option<&str>,
    page: u32,
) -> Result<VendorListView, ServiceError> {
    let search = search.map(str::trim).unwrap_or_default();
    let filter = (!search.is_empty()).then_some(search);
    let listed = fetch_page(page, VENDORS_PER_PAGE, |offset| {
        db::vendor_list::page(db, filter, offset, VENDORS_PER_PAGE)
    })
    .await?;
    Ok(VendorListView {
        vendors: listed
            .rows
            .into_iter()
            .map(|v| VendorRow {
                active: v.deactivated_at.is_none(),
                id: v.id,
                name: v.name,
                created: utc_minute(v.created_at),
            })
            .collect(),
        total: listed.total,
        page: listed.page,
        pages: listed.pages,
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
    let webhook = super::webhook_admin::view(db, vendor_id).await?;
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
        webhook,
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
