//! Signing in to the vendor console and accepting an invitation. The console's other
//! calls are the admin area's calls about one vendor, which accept a vendor's user for
//! their own vendor (`caller::for_vendor`).

use leptos::prelude::*;

use crate::model::admin::{AdminError, ConsoleUserView, InvitationView};

/// The console's home for a signed-in user: their vendor's page.
#[cfg(feature = "ssr")]
fn home(vendor_id: &str) -> String {
    format!("/console/vendors/{vendor_id}")
}

/// Keeps a new console session in this browser, and goes to the vendor's page.
#[cfg(feature = "ssr")]
fn keep_session(
    caller: &super::caller::Caller,
    session: crate::services::console::auth::ConsoleSession,
) -> String {
    use axum::http::header::SET_COOKIE;

    let max_age = crate::services::console::auth::ABSOLUTE_MS / 1000;
    let cookie = caller
        .console_cookie_spec()
        .set(session.token.expose(), max_age);
    caller.set_header(SET_COOKIE, &cookie);
    home(session.vendor_id.as_deref().unwrap_or_default())
}

/// Signs a vendor's user in with email, password and a code of their authenticator
/// app; sets a fresh console cookie and goes to their vendor's page.
#[server(prefix = "/api/console", endpoint = "sign-in")]
pub async fn console_sign_in(
    email: String,
    password: String,
    code: String,
) -> Result<(), AdminError> {
    use super::{caller::Caller, outcome::Outcome};
    use crate::services::{console, staff::auth::SignInError};

    let caller = Caller::current()?;
    let previous = caller.console_cookie();
    let credentials = console::auth::Credentials {
        email: &email,
        password: &password,
        code: &code,
        source_ip: caller.source_ip.as_deref(),
        previous: previous.as_deref(),
    };
    let keyring = caller.state.meta.keyring();
    let result = match console::auth::sign_in(&caller.state.db, keyring, credentials).await {
        Ok(session) => Ok(keep_session(&caller, session)),
        Err(SignInError::BadCredentials) => Err(AdminError::BadConsoleCredentials),
        Err(SignInError::Throttled { minutes }) => Err(AdminError::Throttled(minutes)),
        Err(SignInError::Busy) => Err(AdminError::Busy),
        Err(SignInError::Internal(e)) => Err(super::caller::database_failure(&e, "signing in")),
    };
    let failed = |label: &str| Outcome::default().go_to(format!("/console?failed={label}"));
    let outcome = match &result {
        Ok(home) => Outcome::default().go_to(home.clone()),
        Err(AdminError::Throttled(_)) => failed("throttled"),
        Err(AdminError::Busy) => failed("busy"),
        Err(AdminError::Unavailable) => failed("unavailable"),
        Err(_) => failed("credentials"),
    };
    caller.finish_sign_in(result.map(|_| ()), outcome)
}

/// Ends this browser's console session and clears its cookie.
#[server(prefix = "/api/console", endpoint = "sign-out")]
pub async fn console_sign_out() -> Result<(), AdminError> {
    use super::{caller::Caller, outcome::Outcome};
    use crate::services::{console, Actor};
    use axum::http::header::SET_COOKIE;

    let caller = Caller::current()?;
    let result = async {
        let user = caller.console_user().await?.ok_or(AdminError::SignedOut)?;
        let actor = Actor::vendor_user(&user.user_id, caller.source_ip.as_deref());
        let cookie = caller.console_cookie().unwrap_or_default();
        console::auth::sign_out(&caller.state.db, actor, &user.vendor_id, &cookie)
            .await
            .map_err(AdminError::from)
    }
    .await;
    let cleared = caller.console_cookie_spec().clear();
    caller.set_header(SET_COOKIE, &cleared);
    let result = match result {
        Err(AdminError::SignedOut) => Ok(()),
        other => other,
    };
    caller.finish_sign_in(result, Outcome::default().go_to("/console"))
}

/// The signed-in console user.
#[server(prefix = "/api/console", endpoint = "me")]
pub async fn current_console_user() -> Result<ConsoleUserView, AdminError> {
    use super::caller::Caller;

    let caller = Caller::current()?;
    let result = caller.console_user_view().await;
    caller.read(result)
}

/// What an invitation link's page shows; refused when the link is unknown (404), used
/// or expired (409).
#[server(prefix = "/api/console", endpoint = "invitation")]
pub async fn open_invitation(token: String) -> Result<InvitationView, AdminError> {
    use super::caller::Caller;
    use crate::services::console;

    let caller = Caller::current()?;
    let keyring = caller.state.meta.keyring();
    let result = console::invitations::open(&caller.state.db, keyring, &token)
        .await
        .map(|open| InvitationView {
            email: open.email,
            vendor_name: open.vendor_name,
            is_reset: open.is_reset,
            typed_key: open.typed_key,
            otpauth_url: open.otpauth_url,
        })
        .map_err(AdminError::from);
    caller.read(result)
}

/// Accepts an invitation link: sets the user's password and second factor, signs them
/// in, and goes to their vendor's page. A form posted without JavaScript that fails
/// goes back to the link's page, which names the failure.
#[server(prefix = "/api/console", endpoint = "accept")]
pub async fn accept_invitation(
    token: String,
    password: String,
    code: String,
) -> Result<(), AdminError> {
    use super::{caller::Caller, outcome::Outcome};
    use crate::services::{
        console::{self, invitations::Acceptance},
        staff::auth::SignInError,
        ServiceError,
    };

    let caller = Caller::current()?;
    let signed_in = caller.console_user().await?;
    let acceptance = Acceptance {
        token: &token,
        password: &password,
        code: &code,
        source_ip: caller.source_ip.as_deref(),
        signed_in_vendor: signed_in.as_ref().map(|user| user.vendor_id.as_str()),
    };
    let keyring = caller.state.meta.keyring();
    let accepted = console::invitations::accept(&caller.state.db, keyring, acceptance).await;
    let failure = match &accepted {
        Ok(_) => None,
        Err(ServiceError::Invalid(m)) if m.starts_with("`code`") => Some("code"),
        Err(ServiceError::Invalid(_)) => Some("password"),
        Err(_) => Some("link"),
    };
    let result = match accepted {
        Ok(user_id) => {
            let source_ip = caller.source_ip.as_deref();
            match console::auth::start(&caller.state.db, &user_id, source_ip).await {
                Ok(session) => Ok(keep_session(&caller, session)),
                Err(SignInError::Internal(e)) => {
                    Err(super::caller::database_failure(&e, "signing in"))
                }
                Err(_) => Err(AdminError::Internal),
            }
        }
        Err(error) => Err(AdminError::from(error)),
    };
    let outcome = match (&result, failure) {
        (Ok(home), _) => Outcome::default().go_to(home.clone()),
        (Err(_), label) => {
            let token = crate::domain::InvitationToken::parse(token.trim())
                .map(|t| t.expose().to_owned())
                .unwrap_or_default();
            let label = label.unwrap_or("link");
            Outcome::default().go_to(format!("/console/invitation?token={token}&failed={label}"))
        }
    };
    caller.finish_sign_in(result.map(|_| ()), outcome)
}
