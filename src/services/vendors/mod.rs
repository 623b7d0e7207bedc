//! Vendors: their accounts, API keys and allowed origins (every change audited), the
//! check of a presented API key, and what a vendor's server reads of a workspace.

pub mod accounts;
pub mod api_auth;
pub mod coexistence_default;
pub mod keys;
pub mod origins;
pub mod rate_limit;
pub mod return_urls;
pub mod theme;
pub mod workspace_status;

use super::{Actor, ServiceError};
use crate::db::{self, audit::AuditEntry};

/// Records a change concerning `vendor_id`.
pub(crate) async fn audit(
    db: &db::Db,
    actor: Actor<'_>,
    action: &str,
    target: (&str, &str),
    vendor_id: &str,
    detail: Option<&str>,
) -> Result<(), ServiceError> {
    db::audit::record(
        db,
        AuditEntry {
            target_kind: Some(target.0),
            target_id: Some(target.1),
            vendor_id: Some(vendor_id),
            detail,
            ..actor.doing(action)
        },
    )
    .await?;
    Ok(())
}

pub(crate) async fn require_vendor(
    db: &db::Db,
    vendor_id: &str,
) -> Result<db::vendors::Vendor, ServiceError> {
    db::vendors::find(db, vendor_id)
        .await?
        .ok_or_else(|| no_such_vendor(vendor_id))
}

pub(crate) fn no_such_vendor(vendor_id: &str) -> ServiceError {
    ServiceError::NotFound(format!("no vendor with id {vendor_id}"))
}
