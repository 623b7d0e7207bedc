//! The connect sessions' binding cookies of a request (`services::connect::binding`).

use axum::http::{header, HeaderMap};

use crate::{config::Environment, services::connect::binding::BrowserCookies, state::AppState};

/// The request's cookies as the binding reads them: `__Host-` ones in production.
pub fn binding_cookies<'a>(app: &AppState, headers: &'a HeaderMap) -> BrowserCookies<'a> {
    let header = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    BrowserCookies::new(header, app.settings.environment == Environment::Production)
}
