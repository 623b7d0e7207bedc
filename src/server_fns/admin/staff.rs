//! Staff accounts: list, add, disable or enable, reset a password.

use leptos::prelude::*;

use crate::model::admin::{AdminError, StaffRow};

/// Every staff account.
#[server(prefix = "/api/admin", endpoint = "staff/list")]
pub async fn list_staff() -> Result<Vec<StaffRow>, AdminError> {
    use super::caller::{from_service, Caller, Need};
    use crate::services::reports;

    let caller = Caller::current()?;
    let result = async {
        caller.staff(Need::Read).await?;
        reports::staff::staff(&caller.state.db)
            .await
            .map_err(from_service)
    }
    .await;
    caller.read(result)
}

/// Adds an account with a generated password, returned (and shown) once.
#[server(prefix = "/api/admin", endpoint = "staff/add")]
pub async fn add_staff(email: String, role: String) -> Result<String, AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::staff;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        let created = staff::accounts::create_staff(
            &caller.state.db,
            caller.actor(&staff),
            &email,
            &role,
            None,
        )
        .await
        .map_err(from_service)?;
        Ok(created
            .generated_password
            .map(|p| p.expose().to_owned())
            .unwrap_or_default())
    }
    .await;
    let outcome = match &result {
        Ok(password) => Outcome::secret(
            format!(
                "Account created for {}. Its password (shown once):",
                email.trim()
            ),
            password.clone(),
        ),
        Err(_) => Outcome::default(),
    };
    caller.finish(result, outcome).await
}

/// Disables (ending its sessions) or enables an account.
#[server(prefix = "/api/admin", endpoint = "staff/set-disabled")]
pub async fn set_staff_disabled(staff_id: String, disabled: bool) -> Result<(), AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::staff;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        staff::accounts::set_disabled(&caller.state.db, caller.actor(&staff), &staff_id, disabled)
            .await
            .map_err(from_service)
    }
    .await;
    let text = if disabled {
        "Account disabled."
    } else {
        "Account enabled."
    };
    caller.finish(result, Outcome::notice(text)).await
}

/// Gives an account a new generated password, returned (and shown) once.
#[server(prefix = "/api/admin", endpoint = "staff/reset-password")]
pub async fn reset_staff_password(staff_id: String) -> Result<String, AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::staff;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        staff::accounts::reset_password(&caller.state.db, caller.actor(&staff), &staff_id)
            .await
            .map(|p| p.expose().to_owned())
            .map_err(from_service)
    }
    .await;
    let outcome = match &result {
        Ok(password) => Outcome::secret("New password (shown once):", password.clone()),
        Err(_) => Outcome::default(),
    };
    caller.finish(result, outcome).await
}
