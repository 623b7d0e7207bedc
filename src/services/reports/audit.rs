//! The audit log as staff and vendors' users read it: filtered, newest first, paged by cursor.

use super::DAY_MS;
use crate::services::{time_text::utc_minute, ServiceError};
use crate::{
    db::{
        self,
        audit::{AuditFilter, AuditLine},
    },
    model::admin::{AuditListView, AuditRow},
};

pub const AUDIT_PER_PAGE: i64 = 100;

/// What the audit page was asked to show.
#[derive(Debug, Default, Clone)]
pub struct AuditQuery {
    pub actor: Option<String>,
    pub action: Option<String>,
    pub vendor_id: Option<String>,
    pub days: Option<u32>,
    /// The `next` of the previous page.
    pub before: Option<String>,
    /// Read by a vendor's user (their vendor's entries only): staff are named as such,
    /// without their email or address.
    pub for_vendor_user: bool,
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

fn audit_row(mut line: AuditLine, for_vendor_user: bool) -> AuditRow {
    if for_vendor_user && line.actor_kind == "staff" {
        line.actor_email = Some("WhatsPortal staff".into());
        line.source_ip = None;
    }
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
        entries: lines
            .into_iter()
            .map(|line| audit_row(line, query.for_vendor_user))
            .collect(),
        next,
    })
}
