//! Facebook Login's Deauthorize and Data Deletion callbacks (form posts carrying
//! `signed_request`), and the status page of a deletion request.

use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Response},
    Form, Json,
};
use serde::Deserialize;

use super::{refused, DATA_DELETION_PATH};
use crate::{
    config::Environment,
    db,
    meta::webhooks::parse_signed_request,
    model::Mode,
    services::{
        lifecycle::page_callbacks::{self, CallbackOutcome, PageCallback},
        time_text::rfc3339,
    },
    state::AppState,
};

#[derive(Deserialize)]
pub struct SignedForm {
    #[serde(default)]
    signed_request: String,
}

async fn handle(
    state: &AppState,
    form: &SignedForm,
    callback: PageCallback,
) -> Result<CallbackOutcome, Response> {
    let Some(request) = parse_signed_request(
        state.settings.meta.app_secret.expose(),
        &form.signed_request,
    ) else {
        tracing::warn!(
            ?callback,
            "refused a Facebook Login callback without a valid signed_request"
        );
        return Err(refused(StatusCode::BAD_REQUEST, "Invalid signed_request"));
    };
    page_callbacks::handle(&state.db, Mode::Live, callback, &request.user_id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, ?callback, "a Facebook Login callback failed");
            refused(StatusCode::SERVICE_UNAVAILABLE, "Try again later")
        })
}

/// The person removed the app: their pages' tokens are forgotten.
pub async fn deauthorize(State(state): State<AppState>, Form(form): Form<SignedForm>) -> Response {
    match handle(&state, &form, PageCallback::Deauthorize).await {
        Ok(outcome) => {
            tracing::info!(pages = outcome.pages, "a person removed the app");
            Json(serde_json::json!({ "success": true })).into_response()
        }
        Err(response) => response,
    }
}

/// Where this server is reached, for the absolute status URL Meta shows the person.
fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.parse::<axum::http::uri::Authority>().is_ok())
        .unwrap_or("localhost");
    let scheme = match state.settings.environment {
        Environment::Production => "https",
        Environment::Development => "http",
    };
    format!("{scheme}://{host}")
}

/// The person asked for their data to be deleted: `{url, confirmation_code}`.
pub async fn delete_data(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignedForm>,
) -> Response {
    match handle(&state, &form, PageCallback::DataDeletion).await {
        Ok(CallbackOutcome {
            confirmation_code: Some(code),
            ..
        }) => Json(serde_json::json!({
            "url": format!("{}{DATA_DELETION_PATH}/{code}", base_url(&state, &headers)),
            "confirmation_code": code,
        }))
        .into_response(),
        Ok(_) => refused(StatusCode::INTERNAL_SERVER_ERROR, "Try again later"),
        Err(response) => response,
    }
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body style=\"font-family:system-ui,sans-serif;max-width:36rem;\
         margin:2rem auto;padding:0 1rem;line-height:1.5\"><h1>{title}</h1>{body}</body></html>"
    ))
}

/// The status of a deletion request, by its confirmation code.
pub async fn deletion_status(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let well_formed =
        code.len() <= 64 && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let found = if well_formed {
        db::data_deletions::find(&state.db, &code).await
    } else {
        Ok(None)
    };
    match found {
        Ok(Some(request)) => {
            let completed = request
                .completed_at
                .map(rfc3339)
                .unwrap_or_else(|| "not yet".into());
            page(
                "Data deletion request",
                &format!(
                    "<p>Confirmation code: <code>{}</code></p><p>Received: {}</p><p>Completed: {}</p>\
                     <p>The access tokens of {} Facebook Page connection(s) made with your login were deleted, \
                     and the connections ended.</p>",
                    request.confirmation_code,
                    rfc3339(request.received_at),
                    completed,
                    request.pages_removed
                ),
            )
            .into_response()
        }
        Ok(None) => (
            StatusCode::NOT_FOUND,
            page(
                "Unknown request",
                "<p>No data deletion request has this confirmation code.</p>",
            ),
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "reading a data deletion request failed");
            refused(StatusCode::SERVICE_UNAVAILABLE, "Try again later")
        }
    }
}
