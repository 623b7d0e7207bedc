//! Facebook Login's Deauthorize and Data Deletion callbacks (form posts carrying
//! `signed_request`), and the status page of a deletion request.

use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{Html, IntoResponse, Response},
    Form, Json,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::{refused, DATA_DELETION_PATH};
use crate::{
    db,
    meta::webhooks::{parse_signed_request, SignedRequest},
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

/// How old a signed request may be: Meta calls at once, and retries for a while.
const MAX_AGE_SECONDS: i64 = 24 * 60 * 60;
/// How far ahead of our clock its time may be.
const MAX_SKEW_SECONDS: i64 = 5 * 60;

/// Whether a signed request was issued recently: one without a time, or from long ago
/// (a captured one replayed), is refused.
fn is_fresh(issued_at: Option<i64>, now_seconds: i64) -> bool {
    issued_at.is_some_and(|at| {
        at > now_seconds - MAX_AGE_SECONDS && at <= now_seconds + MAX_SKEW_SECONDS
    })
}

/// The person a callback is about, once its `signed_request` proves Meta sent it, lately.
fn verified(
    state: &AppState,
    form: &SignedForm,
    callback: PageCallback,
) -> Result<SignedRequest, Box<Response>> {
    let Some(secret) = state.settings.meta_callback_secret() else {
        return Err(Box::new(super::simulated_meta_refused()));
    };
    let Some(request) = parse_signed_request(secret, &form.signed_request) else {
        tracing::warn!(
            ?callback,
            "refused a Facebook Login callback without a valid signed_request"
        );
        return Err(Box::new(refused(
            StatusCode::BAD_REQUEST,
            "Invalid signed_request",
        )));
    };
    if !is_fresh(request.issued_at, db::now_ms() / 1000) {
        tracing::warn!(?callback, "refused a stale Facebook Login callback");
        return Err(Box::new(refused(
            StatusCode::BAD_REQUEST,
            "The signed_request is not recent (issued_at)",
        )));
    }
    Ok(request)
}

async fn handle(
    state: &AppState,
    form: &SignedForm,
    callback: PageCallback,
    request: &SignedRequest,
) -> Result<CallbackOutcome, Response> {
    let request_hash = hex::encode(Sha256::digest(form.signed_request.trim().as_bytes()));
    let user_id = &request.user_id;
    page_callbacks::handle(&state.db, Mode::Live, callback, user_id, &request_hash)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, ?callback, "a Facebook Login callback failed");
            refused(StatusCode::SERVICE_UNAVAILABLE, "Try again later")
        })
}

/// The person removed the app: their pages' tokens are forgotten.
pub async fn deauthorize(State(state): State<AppState>, Form(form): Form<SignedForm>) -> Response {
    let callback = PageCallback::Deauthorize;
    let request = match verified(&state, &form, callback) {
        Ok(request) => request,
        Err(refused) => return *refused,
    };
    match handle(&state, &form, callback, &request).await {
        Ok(outcome) => {
            tracing::info!(pages = outcome.pages, "a person removed the app");
            Json(serde_json::json!({ "success": true })).into_response()
        }
        Err(response) => response,
    }
}

/// The person asked for their data to be deleted: `{url, confirmation_code}`. The status
/// URL is built from this server's configured address, never from the request's `Host`.
pub async fn delete_data(State(state): State<AppState>, Form(form): Form<SignedForm>) -> Response {
    let callback = PageCallback::DataDeletion;
    let request = match verified(&state, &form, callback) {
        Ok(request) => request,
        Err(refused) => return *refused,
    };
    let Some(site_url) = state.site_url.clone() else {
        tracing::error!(
            "a Data Deletion request was refused: set WHATSPORTAL_PUBLIC_URL so its status page has an address"
        );
        return refused(StatusCode::SERVICE_UNAVAILABLE, "Try again later");
    };
    match handle(&state, &form, callback, &request).await {
        Ok(CallbackOutcome {
            confirmation_code: Some(code),
            ..
        }) => Json(serde_json::json!({
            "url": format!("{site_url}{DATA_DELETION_PATH}/{code}"),
            "confirmation_code": code,
        }))
        .into_response(),
        Ok(_) => refused(StatusCode::INTERNAL_SERVER_ERROR, "Try again later"),
        Err(response) => response,
    }
}

/// The status page: the guide's stylesheet, and nothing else may load or run.
fn page(title: &str, body: &str) -> Response {
    let html = Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/docs/docs.css\"></head>\
         <body><main><h1>{title}</h1>{body}</main></body></html>"
    ));
    (
        [
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            ),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_recent_signed_requests_are_fresh() {
        let now = 1_800_000_000;
        assert!(is_fresh(Some(now), now));
        assert!(is_fresh(Some(now - 3600), now));
        assert!(is_fresh(Some(now + 60), now));
        assert!(!is_fresh(Some(now - MAX_AGE_SECONDS), now));
        assert!(!is_fresh(Some(978_307_200), now), "2001");
        assert!(!is_fresh(Some(now + 3600), now));
        assert!(!is_fresh(None, now));
    }
}
