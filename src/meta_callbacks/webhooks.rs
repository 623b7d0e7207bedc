//! `/meta/webhooks`: Meta's verification of the callback URL (`GET` with `hub.*`), and
//! deliveries (`POST`, signed with `X-Hub-Signature-256`), stored before they are
//! acknowledged and processed by the lifecycle worker.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use super::{refused, simulated_meta_refused};
use crate::{
    meta::webhooks::{parse_delivery, signature_matches},
    model::Mode,
    services::lifecycle::meta_events,
    state::AppState,
};

/// Whether two texts are equal, compared through their digests (no early exit on the
/// secret's own bytes).
fn same_secret(given: &str, expected: &str) -> bool {
    !expected.is_empty() && Sha256::digest(given.as_bytes()) == Sha256::digest(expected.as_bytes())
}

/// `GET ?hub.mode=subscribe&hub.verify_token=<ours>&hub.challenge=<n>`: the challenge.
pub async fn verify(
    State(state): State<AppState>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let text = |name: &str| params.get(name).map(String::as_str).unwrap_or("");
    let challenge = text("hub.challenge");
    let expected = state.settings.meta.webhook_verify_token.expose();
    let challenge_ok = !challenge.is_empty()
        && challenge.len() <= 128
        && challenge.bytes().all(|b| b.is_ascii_alphanumeric());
    if text("hub.mode") != "subscribe"
        || !challenge_ok
        || !same_secret(text("hub.verify_token"), expected)
    {
        tracing::warn!("refused a webhook verification: wrong mode, token or challenge");
        return refused(StatusCode::FORBIDDEN, "Verification refused");
    }
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "text/plain; charset=utf-8",
        )],
        challenge.to_owned(),
    )
        .into_response()
}

/// `POST`: a delivery. Refused unless signed with the app secret; stored, then answered
/// `200` (Meta retries anything else, and disables a callback that keeps failing).
pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = state.settings.meta_callback_secret() else {
        return simulated_meta_refused();
    };
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    if !signature_matches(secret, &body, signature) {
        tracing::warn!(
            bytes = body.len(),
            "refused a webhook delivery without a valid signature"
        );
        return refused(StatusCode::UNAUTHORIZED, "Invalid X-Hub-Signature-256");
    }
    let changes = match parse_delivery(&body) {
        Ok(changes) => changes,
        Err(e) => {
            tracing::warn!(error = %e, "refused an unreadable webhook delivery");
            return refused(StatusCode::BAD_REQUEST, "Not a webhook delivery");
        }
    };
    match meta_events::ingest(&state.db, Mode::Live, &changes, None).await {
        Ok(new) => {
            tracing::info!(
                changes = changes.len(),
                new,
                "stored a Meta webhook delivery"
            );
            state.meta_events.notify_one();
            (StatusCode::OK, "EVENT_RECEIVED").into_response()
        }
        Err(e) => {
            crate::db::log_failure(&e, "storing a Meta webhook delivery");
            refused(StatusCode::SERVICE_UNAVAILABLE, "Try again later")
        }
    }
}
