//! Managing staff accounts. Every change is audited; a disabled account or a reset
//! password ends the account's sessions at once.

use super::passwords;
use crate::model::Named;
use crate::services::{Actor, ServiceError};
use crate::{
    db::{self, audit::AuditEntry},
    domain::{NewPassword, StaffEmail},
    model::StaffRole,
};

/// An account just created; `password` is set when it was generated (shown once).
#[derive(Debug)]
pub struct CreatedStaff {
    pub staff_id: String,
    pub email: StaffEmail,
    pub generated_password: Option<NewPassword>,
}

async fn audit(
    db: &db::Db,
    actor: Actor<'_>,
    action: &str,
    staff_id: &str,
    detail: Option<&str>,
) -> Result<(), ServiceError> {
    db::audit::record(
        db,
        AuditEntry {
            target_kind: Some("staff"),
            target_id: Some(staff_id),
            detail,
            ..actor.doing(action)
        },
    )
    .await?;
    Ok(())
}

fn no_such_staff(staff_id: &str) -> ServiceError {
    ServiceError::NotFound(format!("no staff account with id {staff_id}"))
}

/// Creates an account with `password`, or a generated one when `None`.
pub async fn create_staff(
    db: &db::Db,
    actor: Actor<'_>,
    email: &str,
    role: &str,
    password: Option<&str>,
) -> Result<CreatedStaff, ServiceError> {
    let email = StaffEmail::parse(email)?;
    let role = StaffRole::parse(role.trim())?;
    let (password, generated) = match password {
        Some(raw) => (NewPassword::parse(raw)?, false),
        None => (NewPassword::generate(), true),
    };
    let hash = passwords::hash(&password).await;
    let staff_id = db::staff_users::insert(db, &email, role, &hash)
        .await?
        .ok_or_else(|| {
            ServiceError::Conflict(format!("{} already has an account", email.as_str()))
        })?;
    let detail = format!("{} ({})", email.as_str(), role.as_str());
    audit(db, actor, "staff.create", &staff_id, Some(&detail)).await?;
    Ok(CreatedStaff {
        staff_id,
        email,
        generated_password: generated.then_some(password),
    })
}

/// Disables or enables an account. Nobody disables their own account.
pub async fn set_disabled(
    db: &db::Db,
    actor: Actor<'_>,
    staff_id: &str,
    disabled: bool,
) -> Result<(), ServiceError> {
    if disabled && actor.id == Some(staff_id) {
        return Err(ServiceError::Invalid(
            "you cannot disable your own account".into(),
        ));
    }
    if !db::staff_users::set_disabled(db, staff_id, disabled).await? {
        return Err(no_such_staff(staff_id));
    }
    if disabled {
        db::browser_sessions::delete_for(db, db::browser_sessions::SessionTable::Staff, staff_id)
            .await?;
    }
    let action = if disabled {
        "staff.disable"
    } else {
        "staff.enable"
    };
    audit(db, actor, action, staff_id, None).await
}

/// Gives an account a new generated password (shown once) and ends its sessions.
pub async fn reset_password(
    db: &db::Db,
    actor: Actor<'_>,
    staff_id: &str,
) -> Result<NewPassword, ServiceError> {
    let password = NewPassword::generate();
    let hash = passwords::hash(&password).await;
    if !db::staff_users::set_password(db, staff_id, &hash).await? {
        return Err(no_such_staff(staff_id));
    }
    db::browser_sessions::delete_for(db, db::browser_sessions::SessionTable::Staff, staff_id)
        .await?;
    audit(db, actor, "staff.reset_password", staff_id, None).await?;
    Ok(password)
}
