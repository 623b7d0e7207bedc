//! A vendor's team: its users, their roles, and disabling them. A vendor keeps at least
//! one enabled owner, so that someone can always manage its team without staff.

use super::{audit, no_such_user};
use crate::model::Named;
use crate::services::{Actor, ServiceError};
use crate::{
    db::{self, browser_sessions::SessionTable, vendor_users::VendorUser},
    model::VendorRole,
};

/// The vendor's users, by email.
pub async fn list(db: &db::Db, vendor_id: &str) -> Result<Vec<VendorUser>, ServiceError> {
    Ok(db::vendor_users::list(db, vendor_id).await?)
}

async fn find(db: &db::Db, vendor_id: &str, user_id: &str) -> Result<VendorUser, ServiceError> {
    db::vendor_users::find(db, vendor_id, user_id)
        .await?
        .ok_or_else(|| no_such_user(user_id))
}

/// Refuses a change that would leave the vendor without an enabled owner.
async fn keep_an_owner(db: &db::Db, user: &VendorUser) -> Result<(), ServiceError> {
    let is_enabled_owner = user.role == VendorRole::Owner && user.disabled_at.is_none();
    if is_enabled_owner && db::vendor_users::enabled_owners(db, &user.vendor_id).await? <= 1 {
        return Err(ServiceError::Conflict(
            "this is the team's only owner: make another user owner first".into(),
        ));
    }
    Ok(())
}

/// Gives a user another role.
pub async fn set_role(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    user_id: &str,
    role: &str,
) -> Result<(), ServiceError> {
    let role = VendorRole::parse(role.trim())?;
    let user = find(db, vendor_id, user_id).await?;
    if role != VendorRole::Owner {
        keep_an_owner(db, &user).await?;
    }
    if !db::vendor_users::set_role(db, vendor_id, user_id, role).await? {
        return Err(no_such_user(user_id));
    }
    let target = (vendor_id, user_id);
    audit(
        db,
        actor,
        "vendor_user.set_role",
        target,
        Some(role.as_str()),
    )
    .await
}

/// Disables a user (their sessions end at once) or enables them again.
pub async fn set_disabled(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    user_id: &str,
    disabled: bool,
) -> Result<(), ServiceError> {
    let user = find(db, vendor_id, user_id).await?;
    if disabled {
        keep_an_owner(db, &user).await?;
    }
    if !db::vendor_users::set_disabled(db, vendor_id, user_id, disabled).await? {
        return Err(no_such_user(user_id));
    }
    if disabled {
        db::browser_sessions::delete_for(db, SessionTable::Console, user_id).await?;
    }
    let action = if disabled {
        "vendor_user.disable"
    } else {
        "vendor_user.enable"
    };
    audit(db, actor, action, (vendor_id, user_id), None).await
}
