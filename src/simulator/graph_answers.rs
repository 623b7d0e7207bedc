//! The answers every simulated Graph endpoint shares: Meta's error body, the refusal of
//! a token it does not know, an injected fault, and the check of a call's token and
//! `appsecret_proof`.

use std::{collections::HashMap, time::Duration};

use axum::{
    extract::Query,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

use super::proof::appsecret_proof;
use super::{faults::FaultKind, grants::Grant, Simulator, APP_ID, APP_SECRET};

pub(super) type Params = Query<HashMap<String, String>>;

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

/// The business token of a WhatsApp grant, or the answer refusing the caller.
pub(super) async fn business_grant(
    sim: &Simulator,
    headers: &HeaderMap,
    params: &std::collections::HashMap<String, String>,
) -> Result<Grant, Box<Response>> {
    match authorized(sim, headers, params).await {
        Ok((_, Some(grant))) if grant.waba_id.is_some() => Ok(grant),
        Ok(_) => Err(Box::new(bad_token())),
        Err(response) => Err(response),
    }
}
