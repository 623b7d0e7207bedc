//! The connect pages' server functions.

use leptos::{prelude::*, server_fn::codec::Json};

use crate::model::{
    connect::{
        ConnectError, PageChoice, PagesConnected, SessionView, WhatsAppConnected, WhatsAppSignup,
    },
    IntegrationType,
};

/// What the connect page for `flow` shows for this token; records the first opening.
#[server(prefix = "/api/connect", endpoint = "session", input = Json)]
pub async fn connect_session(
    session_token: String,
    flow: IntegrationType,
) -> Result<SessionView, ConnectError> {
    let state = expect_context::<crate::state::AppState>();
    crate::services::connect::page_view::session_view(&state.db, &state.meta, &session_token, flow)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "loading a connect session failed");
            ConnectError::Internal
        })
}

/// Completes WhatsApp Embedded Signup for the session.
#[server(prefix = "/api/connect", endpoint = "whatsapp/complete", input = Json)]
pub async fn complete_whatsapp(
    session_token: String,
    signup: WhatsAppSignup,
) -> Result<WhatsAppConnected, ConnectError> {
    let state = expect_context::<crate::state::AppState>();
    let result = crate::services::connect::whatsapp::complete_whatsapp(
        &state.db,
        &state.meta,
        &session_token,
        &signup,
    )
    .await;
    with_status(result)
}

/// Lists the pages the customer manages, from `FB.login`'s user access token. The page
/// tokens stay on the server.
#[server(prefix = "/api/connect", endpoint = "pages/list", input = Json)]
pub async fn list_pages(
    session_token: String,
    user_access_token: String,
) -> Result<Vec<PageChoice>, ConnectError> {
    let state = expect_context::<crate::state::AppState>();
    let result = crate::services::connect::facebook_pages::list_pages(
        &state.db,
        &state.meta,
        &session_token,
        &user_access_token,
    )
    .await;
    with_status(result)
}

/// Connects the chosen pages and completes the session.
#[server(prefix = "/api/connect", endpoint = "pages/complete", input = Json)]
pub async fn connect_pages(
    session_token: String,
    page_ids: Vec<String>,
) -> Result<PagesConnected, ConnectError> {
    let state = expect_context::<crate::state::AppState>();
    let result = crate::services::connect::facebook_pages::connect_pages(
        &state.db,
        &state.meta,
        &session_token,
        &page_ids,
    )
    .await;
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
