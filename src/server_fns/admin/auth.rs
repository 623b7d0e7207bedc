//! Signing in and out, and who is signed in.

use leptos::prelude::*;

use crate::model::admin::{AdminError, Flash, StaffView};

/// Signs a staff member in with email and password; sets a fresh session cookie and
/// goes to the vendor list.
#[server(prefix = "/api/admin", endpoint = "sign-in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AdminError> {
    use super::{caller::Caller, outcome::Outcome};
    use crate::services::staff::{self, auth::SignInError};
    use axum::http::header::SET_COOKIE;

    let caller = Caller::current()?;
    let previous = caller.cookie();
    let device = caller.device_cookie();
    let credentials = staff::auth::Credentials {
        email: &email,
        password: &password,
        source_ip: caller.source_ip.as_deref(),
        previous: previous.as_deref(),
        device: device.as_deref(),
    };
    let keyring = caller.state.meta.keyring();
    let result = staff::auth::sign_in(&caller.state.db, keyring, credentials).await;
    let result = match result {
        Ok(session) => {
            let cookie = caller
                .staff_cookie()
                .set(session.token.expose(), staff::auth::ABSOLUTE_MS / 1000);
            caller.set_header(SET_COOKIE, &cookie);
            let device = caller
                .device_cookie_spec()
                .set(&session.device, staff::devices::DEVICE_MS / 1000);
            caller.set_header(SET_COOKIE, &device);
            Ok(())
        }
        Err(SignInError::BadCredentials) => Err(AdminError::BadCredentials),
        Err(SignInError::Throttled { minutes }) => Err(AdminError::Throttled(minutes)),
        Err(SignInError::Busy) => Err(AdminError::Busy),
        Err(SignInError::Internal(e)) => Err(super::caller::database_failure(&e, "signing in")),
    };
    let outcome = match &result {
        Ok(()) => Outcome::default().go_to("/admin/vendors"),
        Err(AdminError::Throttled(_)) => {
            Outcome::default().go_to("/admin/sign-in?failed=throttled")
        }
        Err(AdminError::Busy) => Outcome::default().go_to("/admin/sign-in?failed=busy"),
        Err(AdminError::Unavailable) => {
            Outcome::default().go_to("/admin/sign-in?failed=unavailable")
        }
        Err(_) => Outcome::default().go_to("/admin/sign-in?failed=credentials"),
    };
    caller.finish_sign_in(result, outcome)
}

/// Ends this browser's session and clears its cookie.
#[server(prefix = "/api/admin", endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), AdminError> {
    use super::{
        caller::{Caller, Need},
        outcome::Outcome,
    };
    use crate::services::staff;
    use axum::http::header::SET_COOKIE;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Read).await?;
        let cookie = caller.cookie().unwrap_or_default();
        staff::auth::sign_out(&caller.state.db, caller.actor(&staff), &cookie)
            .await
            .map_err(AdminError::from)
    }
    .await;
    let cleared = caller.staff_cookie().clear();
    caller.set_header(SET_COOKIE, &cleared);
    let result = match result {
        Err(AdminError::SignedOut) => Ok(()),
        other => other,
    };
    caller
        .finish(result, Outcome::default().go_to("/admin/sign-in"))
        .await
}

/// The signed-in staff member.
#[server(prefix = "/api/admin", endpoint = "me")]
pub async fn current_staff() -> Result<StaffView, AdminError> {
    use super::caller::{Caller, Need};

    let caller = Caller::current()?;
    let result = caller.staff(Need::Read).await.map(|s| s.view());
    caller.read(result)
}

/// The one-time message for this page, if any (shown once, then gone): of the staff
/// session, or of the console session on the console's pages.
#[server(prefix = "/api/admin", endpoint = "flash")]
pub async fn take_flash() -> Result<Option<Flash>, AdminError> {
    use super::caller::Caller;

    let caller = Caller::current()?;
    let result = async {
        caller.principal().await?;
        caller.take_flash().await
    }
    .await;
    caller.read(result)
}
