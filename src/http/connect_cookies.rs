//! The connect sessions' binding cookies of a request (`services::connect::binding`).

use axum::http::{header, HeaderMap};

use crate::{config::Environment, services::connect::binding::BrowserCookies, state::AppState};

/// The request's cookies as the binding reads them: `__Host-` ones in production.
pub fn binding_cookies<'a>(app: &AppState, headers: &'a HeaderMap) -> BrowserCookies<'a> {
    let header = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    cookies_of(app, header)
}

/// A `Cookie` header as the binding reads it.
pub fn cookies_of<'a>(app: &AppState, header: Option<&'a str>) -> BrowserCookies<'a> {
    BrowserCookies::new(header, app.settings.environment == Environment::Production)
}
