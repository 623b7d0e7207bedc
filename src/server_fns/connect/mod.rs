//! The connect pages' server functions: one call into a service each, answering with
//! the status of a typed failure.

mod add_number;
mod pages;
mod whatsapp;

pub use add_number::*;
pub use pages::*;
pub use whatsapp::*;

use leptos::{prelude::*, server_fn::codec::Json};

use crate::model::{
    connect::{ConnectError, ConnectPage},
    IntegrationType,
};

/// What the connect page for `flow` shows for this session (its token the first time,
/// then its id), in the session's language or else the browser's; records the first
/// opening and binds the session to this browser (a cookie), then sends a page opened
/// by its token on to the session's address by id. `dialog` is how Meta's full-page
/// dialog went, when the customer is back from it (`DialogReturn::name`); `hand_off`
/// a code moving the session to this browser.
#[server(prefix = "/api/connect", endpoint = "session", input = Json)]
pub async fn connect_session(
    session_token: String,
    flow: IntegrationType,
    #[server(default)] dialog: Option<String>,
    #[server(default)] hand_off: Option<String>,
) -> Result<ConnectPage, ConnectError> {
    use crate::services::connect::page_view;
    use axum::http::header;
    let state = expect_context::<crate::state::AppState>();
    let parts = use_context::<axum::http::request::Parts>();
    let browser = page_view::Browser {
        dialog: dialog.as_deref(),
        hand_off: hand_off.as_deref(),
        ..browser_of(parts.as_ref())
    };
    let access = access(
        &state,
        &session_token,
        header_of(parts.as_ref(), header::COOKIE),
    );
    let answer = page_view::connect_page(&state.db, &state.meta, &access, flow, &browser)
        .await
        .map_err(page_failure)?;
    if let Some(cookie) = &answer.set_cookie {
        set_header(header::SET_COOKIE, cookie);
    }
    if let Some(page) = &answer.go_to {
        set_header(header::LOCATION, page);
        crate::response_status::set(303);
    }
    Ok(answer.page)
}

/// What a connect call names and proves: the session, and this request's cookies.
#[cfg(feature = "ssr")]
fn access<'a>(
    state: &crate::state::AppState,
    session: &'a str,
    cookies: Option<&'a str>,
) -> crate::services::connect::binding::Access<'a> {
    crate::services::connect::binding::Access {
        session,
        cookies: crate::http::connect_cookies::cookies_of(state, cookies),
    }
}

/// A header of the page request, as text.
#[cfg(feature = "ssr")]
fn header_of(
    parts: Option<&axum::http::request::Parts>,
    name: axum::http::HeaderName,
) -> Option<&str> {
    parts?.headers.get(name)?.to_str().ok()
}

/// What the page request says of its browser.
#[cfg(feature = "ssr")]
fn browser_of(
    parts: Option<&axum::http::request::Parts>,
) -> crate::services::connect::page_view::Browser<'_> {
    use axum::http::header;
    crate::services::connect::page_view::Browser {
        locale: header_of(parts, header::ACCEPT_LANGUAGE)
            .map(crate::i18n::Locale::negotiate)
            .unwrap_or_default(),
        user_agent: header_of(parts, header::USER_AGENT).unwrap_or_default(),
        host: header_of(parts, header::HOST),
        dialog: None,
        hand_off: None,
    }
}

/// A page's data that could not be loaded: the database is away for a moment, or not.
#[cfg(feature = "ssr")]
fn page_failure(error: sqlx::Error) -> ConnectError {
    if crate::db::log_failure(&error, "loading a connect session") {
        ConnectError::Unavailable
    } else {
        ConnectError::Internal
    }
}

/// This request's `Cookie` header (connect calls bring the binding cookie in it).
#[cfg(feature = "ssr")]
fn cookie_header() -> Option<String> {
    let parts = use_context::<axum::http::request::Parts>()?;
    let cookie = parts.headers.get(axum::http::header::COOKIE)?;
    cookie.to_str().ok().map(str::to_owned)
}

/// Adds a header to the answer.
#[cfg(feature = "ssr")]
fn set_header(name: axum::http::HeaderName, value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::HeaderValue::from_str(value),
    ) {
        response.append_header(name, value);
    }
}

/// Runs a connect step on its own task, so that it goes to its end (and a completion
/// keeps its result for the page's repeat) even when the browser goes away mid-way.
#[cfg(feature = "ssr")]
async fn detached<T: Send + 'static>(
    step: impl std::future::Future<Output = Result<T, ConnectError>> + Send + 'static,
) -> Result<T, ConnectError> {
    use tracing::Instrument;
    tokio::spawn(step.instrument(tracing::Span::current()))
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "a connect step failed to run");
            Err(ConnectError::Internal)
        })
}

/// Counts a step's outcome (`observe`), then answers as `with_status`.
#[cfg(feature = "ssr")]
fn counted<T>(
    flow: &'static str,
    step: &'static str,
    result: Result<T, ConnectError>,
    outcome: fn(&T) -> &'static str,
) -> Result<T, ConnectError> {
    crate::observe::record::connect_step(flow, step, &result, outcome);
    with_status(result)
}

/// Gives a failed call the HTTP status of its error.
#[cfg(feature = "ssr")]
fn with_status<T>(result: Result<T, ConnectError>) -> Result<T, ConnectError> {
    if let Err(error) = &result {
        crate::response_status::set(error.status());
    }
    result
}
