//! Signed-out visitors of an admin or console page get a real redirect (`303 See
//! Other`) to their area's sign-in page, before any page is rendered: with JavaScript
//! off a page that only names a `Location` would stay blank. A signed-in vendor's user
//! opening the console's sign-in page goes to their vendor's page.

use axum::{
    extract::{Request, State},
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::staff_cookie::StaffCookie;
use crate::{services::console, services::staff, state::AppState};

pub const SIGN_IN: &str = "/admin/sign-in";
pub const CONSOLE_SIGN_IN: &str = "/console";
const CONSOLE_INVITATION: &str = "/console/invitation";

/// The pages a request may be for, as this guard sees them.
#[derive(Debug, PartialEq, Eq)]
enum Page {
    Admin,
    ConsoleSignIn,
    Console,
    Other,
}

fn page_of(path: &str) -> Page {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    if (path == "/admin" || path.starts_with("/admin/")) && path != SIGN_IN {
        Page::Admin
    } else if path == CONSOLE_SIGN_IN {
        Page::ConsoleSignIn
    } else if path.starts_with("/console/") && path != CONSOLE_INVITATION {
        Page::Console
    } else {
        Page::Other
    }
}

fn unavailable(error: crate::services::ServiceError, what: &'static str) -> Response {
    match &error {
        crate::services::ServiceError::Internal(e) => {
            crate::db::log_failure(e, what);
        }
        other => tracing::error!(error = %other, "{what} failed"),
    }
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

fn see_other(location: &str) -> Response {
    match header::HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::SEE_OTHER, [(header::LOCATION, value)]).into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

pub async fn redirect_signed_out(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let page = page_of(request.uri().path());
    if request.method() != Method::GET || page == Page::Other {
        return next.run(request).await;
    }
    let environment = state.settings.environment;
    if page == Page::Admin {
        let cookie = StaffCookie::for_environment(environment).read(request.headers());
        return match staff::auth::authenticate(&state.db, cookie.as_deref()).await {
            Ok(Some(_)) => next.run(request).await,
            Ok(None) => see_other(SIGN_IN),
            Err(error) => unavailable(error, "checking a staff session"),
        };
    }
    let cookie = StaffCookie::console_for_environment(environment).read(request.headers());
    match (
        page,
        console::auth::authenticate(&state.db, cookie.as_deref()).await,
    ) {
        (Page::ConsoleSignIn, Ok(Some(user))) => {
            see_other(&format!("/console/vendors/{}", user.vendor_id))
        }
        (Page::ConsoleSignIn, Ok(None)) | (_, Ok(Some(_))) => next.run(request).await,
        (_, Ok(None)) => see_other(CONSOLE_SIGN_IN),
        (_, Err(error)) => unavailable(error, "checking a console session"),
    }
}

#[cfg(test)]
mod tests {
    use super::{page_of, Page};

    #[test]
    fn every_admin_and_console_page_but_the_sign_in_pages_is_guarded() {
        for path in [
            "/admin",
            "/admin/",
            "/admin/vendors",
            "/admin/vendors/v1/workspaces",
        ] {
            assert_eq!(page_of(path), Page::Admin, "{path}");
        }
        for path in ["/console/vendors/v1", "/console/audit", "/console/x/"] {
            assert_eq!(page_of(path), Page::Console, "{path}");
        }
        assert_eq!(page_of("/console"), Page::ConsoleSignIn);
        assert_eq!(page_of("/console/"), Page::ConsoleSignIn);
        for path in [
            "/admin/sign-in",
            "/administrator",
            "/",
            "/api/admin/me",
            "/console/invitation",
            "/consoles",
            "/api/console/me",
        ] {
            assert_eq!(page_of(path), Page::Other, "{path}");
        }
    }
}
