//! The vendor console's people: a vendor's users, invited by staff or by one of the
//! vendor's owners with a single-use link, signing in with a password and a TOTP code.
//! What they change goes through the same services as staff's changes, as an `Actor`
//! of kind `vendor_user`.

pub mod auth;
pub mod invitations;
pub mod mail;
pub mod team;
pub mod totp;

use super::{Actor, ServiceError};
use crate::db::{self, audit::AuditEntry};

/// Records a change of the vendor's team.
async fn audit(
    db: &db::Db,
    actor: Actor<'_>,
    action: &str,
    (vendor_id, user_id): (&str, &str),
    detail: Option<&str>,
) -> Result<(), ServiceError> {
    db::audit::record(
        db,
        AuditEntry {
            target_kind: Some("vendor_user"),
            target_id: Some(user_id),
            vendor_id: Some(vendor_id),
            detail,
            ..actor.doing(action)
        },
    )
    .await?;
    Ok(())
}

fn no_such_user(user_id: &str) -> ServiceError {
    ServiceError::NotFound(format!("no user with id {user_id} in this vendor's team"))
}
