//! Signed-out visitors of an admin page get a real redirect (`303 See Other`) to the
//! sign-in page, before any page is rendered: with JavaScript off a page that only
//! names a `Location` would stay blank.

use axum::{
    extract::{Request, State},
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

use super::staff_cookie::StaffCookie;
use crate::{services::staff, state::AppState};

pub const SIGN_IN: &str = "/admin/sign-in";

fn is_admin_page(path: &str) -> bool {
    (path == "/admin" || path.starts_with("/admin/")) && path != SIGN_IN
}

pub async fn redirect_signed_out(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::GET || !is_admin_page(request.uri().path()) {
        return next.run(request).await;
    }
    let cookie = StaffCookie::for_environment(state.settings.environment).read(request.headers());
    match staff::auth::authenticate(&state.db, cookie.as_deref()).await {
        Ok(Some(_)) => next.run(request).await,
        Ok(None) => (StatusCode::SEE_OTHER, [(header::LOCATION, SIGN_IN)]).into_response(),
        Err(error) => {
            match &error {
                crate::services::ServiceError::Internal(e) => {
                    crate::db::log_failure(e, "checking a staff session");
                }
                other => tracing::error!(error = %other, "checking a staff session failed"),
            }
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_admin_page;

    #[test]
    fn every_admin_page_but_the_sign_in_page_is_guarded() {
        for path in [
            "/admin",
            "/admin/",
            "/admin/vendors",
            "/admin/vendors/v1/workspaces",
        ] {
            assert!(is_admin_page(path), "{path}");
        }
        for path in ["/admin/sign-in", "/administrator", "/", "/api/admin/me"] {
            assert!(!is_admin_page(path), "{path}");
        }
    }
}
