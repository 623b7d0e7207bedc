//! The connect pages' server functions: one call into a service each, answering with
//! the status of a typed failure.

mod pages;
mod whatsapp;

pub use pages::*;
pub use whatsapp::*;

use leptos::{prelude::*, server_fn::codec::Json};

use crate::model::{
    connect::{ConnectError, SessionView},
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

/// Gives a failed call the HTTP status of its error.
#[cfg(feature = "ssr")]
fn with_status<T>(result: Result<T, ConnectError>) -> Result<T, ConnectError> {
    if let Err(error) = &result {
        crate::response_status::set(error.status());
    }
    result
}
