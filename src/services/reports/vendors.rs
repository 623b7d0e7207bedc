//! What the admin pages show of vendors and their sessions, read from the database and
//! shaped for display. Tokens and keys never appear here: only ids, names, prefixes and
//! times.

use super::{fetch_page, DAY_MS};
use crate::{
    db::{self, session_reports::SessionLine},
    model::admin::{
        FunnelView, KeyRow, OriginRow, RateLimitView, ReturnUrlRow, SessionRow, VendorDetailView,
        VendorListView, VendorRow, VendorUserRow,
    },
    services::{
        time_text::utc_minute,
        vendors::{self, require_vendor},
        webhooks, ServiceError,
    },
};

pub const VENDORS_PER_PAGE: i64 = 50;
pub const RECENT_SESSIONS: i64 = 50;

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

/// What happened in Meta's dialog, in one line for staff.
fn meta_summary(line: &SessionLine) -> Option<String> {
    let event = line.meta_event.as_deref()?;
    let mut text = event.to_owned();
    if let Some(step) = &line.meta_step {
        text.push_str(&format!(" at {step}"));
    }
    if let Some(error) = &line.meta_error {
        text.push_str(&format!(" ({error})"));
    }
    Some(text)
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

/// A user of the vendor's team as the vendor page lists them.
fn team_row(user: db::vendor_users::VendorUser) -> VendorUserRow {
    VendorUserRow {
        status: match (user.disabled_at, user.is_activated()) {
            (Some(_), _) => "disabled",
            (None, false) => "invited",
            (None, true) => "active",
        }
        .to_owned(),
        created: utc_minute(user.created_at),
        id: user.id,
        email: user.email,
        role: user.role,
    }
}

/// A vendor with its keys, origins, recent sessions and the funnel of the last `days` days.
pub async fn vendor_detail(
    db: &db::Db,
    vendor_id: &str,
    days: u32,
    settings: &crate::config::Settings,
) -> Result<VendorDetailView, ServiceError> {
    let default_rate_limit = settings.api_rate_limit_per_minute;
    let kept_days =
        u32::try_from(settings.retention.sessions.as_secs() / 86_400).unwrap_or(u32::MAX);
    let vendor = require_vendor(db, vendor_id).await?;
    let days = days.clamp(1, 90);
    let now = db::now_ms();
    let keys = db::api_keys::list(db, vendor_id).await?;
    let origins = db::origins::list(db, vendor_id).await?;
    let return_urls = db::return_urls::list(db, vendor_id).await?;
    let sessions = db::session_reports::recent(db, vendor_id, RECENT_SESSIONS).await?;
    let webhook = webhooks::endpoints::view(db, vendor_id).await?;
    let since = now - i64::from(days) * DAY_MS;
    let funnel = db::session_reports::funnel(db, Some(vendor_id), since, now).await?;
    let left_meta_at = db::session_reports::left_meta_at(db, vendor_id, since).await?;
    let rate_limit = RateLimitView {
        per_minute: db::vendors::rate_limit(db, vendor_id).await?,
        default_per_minute: default_rate_limit,
    };
    let theme = vendors::theme::theme_view(db, vendor_id).await?;
    let coexistence_default = db::vendors::coexistence_default(db, vendor_id).await?;
    let team = db::vendor_users::list(db, vendor_id).await?;
    Ok(VendorDetailView {
        team: team.into_iter().map(team_row).collect(),
        rate_limit,
        theme,
        coexistence_default,
        active: vendor.is_active(),
        created: utc_minute(vendor.created_at),
        id: vendor.id,
        name: vendor.name,
        logo_url: vendor.logo_url,
        keys: keys
            .into_iter()
            .map(|k| KeyRow {
                rotatable: k.revoked_at.is_none() && k.retires_at.is_none(),
                id: k.id,
                prefix: k.prefix,
                mode: k.mode,
                created: utc_minute(k.created_at),
                last_used: k.last_used_at.map(utc_minute),
                revoked: k.revoked_at.map(utc_minute),
                retires: k.retires_at.map(utc_minute),
            })
            .collect(),
        origins: origins
            .into_iter()
            .map(|(origin, added)| OriginRow {
                origin,
                added: utc_minute(added),
            })
            .collect(),
        return_urls: return_urls
            .into_iter()
            .map(|(url, added)| ReturnUrlRow {
                url,
                added: utc_minute(added),
            })
            .collect(),
        sessions: sessions
            .into_iter()
            .map(|s| SessionRow {
                state: session_state(&s, now).to_owned(),
                meta: meta_summary(&s),
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
            kept_days,
            created: funnel.created,
            opened: funnel.opened,
            completed: funnel.completed,
            failed: funnel.failed,
            expired: funnel.expired,
            left_meta_at,
        },
    })
}
