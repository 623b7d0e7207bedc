//! The Graph API endpoints, with Meta's shapes: `{"error": {...}}` bodies with `code`,
//! `error_subcode`, `type` and `fbtrace_id`; `appsecret_proof` required with every token.

use std::{collections::HashMap, sync::Arc, time::Duration};

use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde_json::json;

use super::proof::appsecret_proof;
use super::{
    faults::FaultKind,
    grants::{CodeProblem, Grant},
    Simulator, APP_ID, APP_SECRET,
};

pub(super) type Params = Query<HashMap<String, String>>;

pub fn router() -> Router<Arc<Simulator>> {
    use super::graph_whatsapp as whatsapp;
    Router::new()
        .route("/graph/{version}/oauth/access_token", get(exchange_code))
        .route("/graph/{version}/debug_token", get(whatsapp::debug_token))
        .route("/graph/{version}/{node}", get(whatsapp::node))
        .route(
            "/graph/{version}/{node}/phone_numbers",
            get(whatsapp::phone_numbers),
        )
        .route(
            "/graph/{version}/{node}/subscribed_apps",
            post(whatsapp::subscribe_app).delete(super::graph_lifecycle::unsubscribe),
        )
        .route(
            "/graph/{version}/{node}/register",
            post(whatsapp::register_phone),
        )
        .route(
            "/graph/{version}/me/accounts",
            get(super::graph_pages::accounts),
        )
        .route("/graph/{version}/me", get(super::graph_lifecycle::me))
}

/// Meta's error body.
pub(super) fn graph_error(
    status: StatusCode,
    code: i64,
    subcode: Option<i64>,
    message: &str,
) -> Response {
    let mut error = json!({
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": format!("SIM{}", crate::db::new_id("trace").trim_start_matches("trace_")),
    });
    if let Some(subcode) = subcode {
        error["error_subcode"] = json!(subcode);
    }
    if matches!(code, 1 | 2) {
        error["is_transient"] = json!(true);
    }
    (status, Json(json!({ "error": error }))).into_response()
}

/// The simulator's storage failed: Meta's answer for an error on its side. Storage that
/// cannot serve for a moment (the database restarting) is Meta's "temporarily
/// unavailable", and only a warning, as for the product's own calls.
pub(super) fn storage_failed(error: sqlx::Error) -> Response {
    if crate::db::log_failure(&error, "the Meta simulator's storage") {
        return graph_error(
            StatusCode::SERVICE_UNAVAILABLE,
            2,
            None,
            "Service temporarily unavailable",
        );
    }
    graph_error(
        StatusCode::INTERNAL_SERVER_ERROR,
        2,
        None,
        "An unexpected error has occurred. Please retry your request later.",
    )
}

pub(super) fn bad_token() -> Response {
    graph_error(
        StatusCode::BAD_REQUEST,
        190,
        Some(463),
        "Invalid OAuth access token - Cannot parse access token",
    )
}

/// Applies the first fault aimed at this call, if any.
pub(super) async fn injected(
    sim: &Simulator,
    endpoint: &str,
    target: Option<&str>,
) -> Option<Response> {
    let fault = sim.faults.take(endpoint, target)?;
    Some(match fault.kind {
        FaultKind::Slow => {
            tokio::time::sleep(Duration::from_secs(1)).await;
            return None;
        }
        FaultKind::Http500 => graph_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            2,
            None,
            "An unexpected error has occurred. Please retry your request later.",
        ),
        FaultKind::Timeout => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        FaultKind::GraphError => {
            let code = fault.code.unwrap_or(1);
            graph_error(
                StatusCode::BAD_REQUEST,
                code,
                None,
                &format!("Simulated Graph error {code}"),
            )
        }
        // These change what a normal answer says; the handlers apply them.
        FaultKind::ExpireCode | FaultKind::NotGranted | FaultKind::DocumentedTokenShape => {
            return None
        }
    })
}

/// The grant behind `Authorization: Bearer <token>`, checking `appsecret_proof`.
pub(super) async fn authorized(
    sim: &Simulator,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
) -> Result<(String, Option<Grant>), Box<Response>> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .or_else(|| params.get("access_token").map(String::as_str))
        .ok_or_else(|| {
            Box::new(graph_error(
                StatusCode::BAD_REQUEST,
                104,
                None,
                "An access token is required to request this resource.",
            ))
        })?;
    let proof_ok = params
        .get("appsecret_proof")
        .is_some_and(|p| *p == appsecret_proof(APP_SECRET, token));
    if !proof_ok {
        return Err(Box::new(graph_error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "Invalid appsecret_proof provided in the API argument",
        )));
    }
    let app_token = format!("{APP_ID}|{APP_SECRET}");
    if token == app_token {
        return Ok((token.to_owned(), None));
    }
    let grant = sim
        .grants
        .token(token)
        .await
        .map_err(|e| Box::new(storage_failed(e)))?
        .ok_or_else(|| Box::new(bad_token()))?;
    Ok((token.to_owned(), Some(grant)))
}

async fn exchange_code(State(sim): State<Arc<Simulator>>, Query(params): Params) -> Response {
    if params.get("client_id").map(String::as_str) != Some(APP_ID)
        || params.get("client_secret").map(String::as_str) != Some(APP_SECRET)
    {
        return graph_error(
            StatusCode::BAD_REQUEST,
            101,
            None,
            "Error validating application. Invalid application ID.",
        );
    }
    if params.get("grant_type").map(String::as_str) == Some("fb_exchange_token") {
        return super::graph_pages::exchange_long_lived(&sim, &params).await;
    }
    let Some(code) = params.get("code") else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "Missing 'code' parameter.",
        );
    };
    let subject = match sim.grants.peek_code(code).await {
        Ok(grant) => grant.map(|g| g.subject),
        Err(e) => return storage_failed(e),
    };
    if let Some(response) = injected(&sim, "oauth/access_token", subject.as_deref()).await {
        return response;
    }
    if sim.faults.take_kind(
        "oauth/access_token",
        subject.as_deref(),
        FaultKind::ExpireCode,
    ) {
        if let Err(e) = sim.grants.expire_code(code).await {
            return storage_failed(e);
        }
    }
    let exchanged = match sim
        .grants
        .exchange(code, params.get("redirect_uri").map(String::as_str))
        .await
    {
        Ok(exchanged) => exchanged,
        Err(e) => return storage_failed(e),
    };
    match exchanged {
        Ok(token) => Json(json!({ "access_token": token, "token_type": "bearer" })).into_response(),
        Err(CodeProblem::Expired) => graph_error(
            StatusCode::BAD_REQUEST,
            100,
            Some(36007),
            "This authorization code has expired.",
        ),
        Err(CodeProblem::Used) => graph_error(
            StatusCode::BAD_REQUEST,
            100,
            Some(36009),
            "This authorization code has been used.",
        ),
        Err(CodeProblem::Unknown) => graph_error(
            StatusCode::BAD_REQUEST,
            100,
            Some(36008),
            "Invalid verification code format.",
        ),
        Err(CodeProblem::RedirectMismatch) => graph_error(
            StatusCode::BAD_REQUEST,
            100,
            Some(36008),
            "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
        ),
    }
}
