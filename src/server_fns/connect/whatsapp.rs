//! WhatsApp Embedded Signup: the page sends the code and Meta's event the moment each
//! arrives (in either order), then the customer's PIN or a retry when a step needs one.

use leptos::{prelude::*, server_fn::codec::Json};

#[cfg(feature = "ssr")]
use super::{access, cookie_header, counted, detached};
use crate::model::{
    connect::ConnectError,
    whatsapp::{SignupReport, WhatsAppStep},
};
#[cfg(feature = "ssr")]
use crate::observe::record::whatsapp_step;
#[cfg(feature = "ssr")]
use crate::{services::connect::whatsapp, state::AppState};

/// `FB.login`'s code: exchanged at once and the business token kept. `attempt` names
/// the run of Meta's dialog it came from (the page's choice).
#[server(prefix = "/api/connect", endpoint = "whatsapp/code", input = Json)]
pub async fn whatsapp_code(
    session_token: String,
    attempt: String,
    code: String,
) -> Result<WhatsAppStep, ConnectError> {
    let state = expect_context::<AppState>();
    let cookies = cookie_header();
    let result = detached(async move {
        let access = access(&state, &session_token, cookies.as_deref());
        let (db, meta) = (&state.db, &state.meta);
        whatsapp::receive_code(db, meta, &access, &attempt, &code).await
    })
    .await;
    counted("whatsapp", "code", result, whatsapp_step)
}

/// Meta's signup event: a finish's ids, or where the customer left.
#[server(prefix = "/api/connect", endpoint = "whatsapp/event", input = Json)]
pub async fn whatsapp_event(
    session_token: String,
    attempt: String,
    report: SignupReport,
) -> Result<WhatsAppStep, ConnectError> {
    let state = expect_context::<AppState>();
    let cookies = cookie_header();
    let result = detached(async move {
        let access = access(&state, &session_token, cookies.as_deref());
        let (db, meta) = (&state.db, &state.meta);
        whatsapp::receive_report(db, meta, &access, &attempt, &report).await
    })
    .await;
    counted("whatsapp", "event", result, whatsapp_step)
}

/// The number's existing two-step verification PIN, as the customer typed it.
#[server(prefix = "/api/connect", endpoint = "whatsapp/pin", input = Json)]
pub async fn whatsapp_pin(
    session_token: String,
    pin: String,
) -> Result<WhatsAppStep, ConnectError> {
    let state = expect_context::<AppState>();
    let cookies = cookie_header();
    let result = detached(async move {
        let access = access(&state, &session_token, cookies.as_deref());
        whatsapp::receive_pin(&state.db, &state.meta, &access, &pin).await
    })
    .await;
    counted("whatsapp", "pin", result, whatsapp_step)
}

/// Goes on from the step that failed, with what the server kept.
#[server(prefix = "/api/connect", endpoint = "whatsapp/retry", input = Json)]
pub async fn whatsapp_retry(session_token: String) -> Result<WhatsAppStep, ConnectError> {
    let state = expect_context::<AppState>();
    let cookies = cookie_header();
    let result = detached(async move {
        let access = access(&state, &session_token, cookies.as_deref());
        whatsapp::retry(&state.db, &state.meta, &access).await
    })
    .await;
    counted("whatsapp", "retry", result, whatsapp_step)
}
