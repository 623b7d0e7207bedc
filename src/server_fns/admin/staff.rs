//! Staff accounts: list, add, disable or enable, reset a password.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{outcome::Outcome, run};
use crate::model::admin::{AdminError, StaffRow};
#[cfg(feature = "ssr")]
use crate::services::{reports, staff};

/// Every staff account.
#[server(prefix = "/api/admin", endpoint = "staff/list")]
pub async fn list_staff() -> Result<Vec<StaffRow>, AdminError> {
    run::read(async |state| reports::staff::staff(&state.db).await).await
}

/// Adds an account with a generated password, returned (and shown) once.
#[server(prefix = "/api/admin", endpoint = "staff/add")]
pub async fn add_staff(email: String, role: String) -> Result<String, AdminError> {
    run::change(
        async |state, actor| {
            let created =
                staff::accounts::create_staff(&state.db, actor, &email, &role, None).await?;
            Ok(created
                .generated_password
                .map(|p| p.expose().to_owned())
                .unwrap_or_default())
        },
        |password| {
            Outcome::secret(
                format!(
                    "Account created for {}. Its password (shown once):",
                    email.trim()
                ),
                password.clone(),
            )
        },
    )
    .await
}

/// Disables (ending its sessions) or enables an account.
#[server(prefix = "/api/admin", endpoint = "staff/set-disabled")]
pub async fn set_staff_disabled(staff_id: String, disabled: bool) -> Result<(), AdminError> {
    run::change(
        async |state, actor| {
            staff::accounts::set_disabled(&state.db, actor, &staff_id, disabled).await
        },
        |_| {
            Outcome::notice(if disabled {
                "Account disabled."
            } else {
                "Account enabled."
            })
        },
    )
    .await
}

/// Gives an account a new generated password, returned (and shown) once.
#[server(prefix = "/api/admin", endpoint = "staff/reset-password")]
pub async fn reset_staff_password(staff_id: String) -> Result<String, AdminError> {
    run::change(
        async |state, actor| {
            let password = staff::accounts::reset_password(&state.db, actor, &staff_id).await?;
            Ok(password.expose().to_owned())
        },
        |password| Outcome::secret("New password (shown once):", password.clone()),
    )
    .await
}
