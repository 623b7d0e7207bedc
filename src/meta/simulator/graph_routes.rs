//! The Graph API endpoints, with Meta's shapes: `{"error": {...}}` bodies with `code`,
//! `error_subcode`, `type` and `fbtrace_id`; `appsecret_proof` required with every token.

use std::{collections::HashMap, sync::Arc, time::Duration};

use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde_json::{json, Value};

use super::{
    faults::FaultKind,
    grants::{CodeProblem, Grant},
    Simulator, APP_ID, APP_SECRET,
};
use crate::meta::graph::appsecret_proof;

type Params = Query<HashMap<String, String>>;

pub fn router() -> Router<Arc<Simulator>> {
    Router::new()
        .route("/graph/{version}/oauth/access_token", get(exchange_code))
        .route("/graph/{version}/debug_token", get(debug_token))
        .route(
            "/graph/{version}/{node}/subscribed_apps",
            post(subscribe_app),
        )
        .route("/graph/{version}/{node}/register", post(register_phone))
        .route(
            "/graph/{version}/me/accounts",
            get(super::graph_pages::accounts),
        )
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
        // These two change what a normal answer says; the handlers apply them.
        FaultKind::ExpireCode | FaultKind::NotGranted => return None,
    })
}

/// The grant behind `Authorization: Bearer <token>`, checking `appsecret_proof`.
fn authorized(
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
    let subject = sim.grants.peek_code(code).map(|g| g.subject);
    if let Some(response) = injected(&sim, "oauth/access_token", subject.as_deref()).await {
        return response;
    }
    if sim.faults.take_kind(
        "oauth/access_token",
        subject.as_deref(),
        FaultKind::ExpireCode,
    ) {
        sim.grants.expire_code(code);
    }
    match sim.grants.exchange(code) {
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
    }
}

async fn debug_token(
    State(sim): State<Arc<Simulator>>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let (_, caller) = match authorized(&sim, &headers, &params) {
        Ok(found) => found,
        Err(response) => return *response,
    };
    if caller.is_some() {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "debug_token must be called with an app access token",
        );
    }
    let Some(grant) = params.get("input_token").and_then(|t| sim.grants.token(t)) else {
        return Json(json!({ "data": { "app_id": APP_ID, "is_valid": false, "scopes": [] } }))
            .into_response();
    };
    if let Some(response) = injected(&sim, "debug_token", Some(&grant.subject)).await {
        return response;
    }
    let mut targets: Vec<String> = grant.waba_id.iter().cloned().collect();
    if sim
        .faults
        .take_kind("debug_token", Some(&grant.subject), FaultKind::NotGranted)
    {
        targets = vec!["929999999999999".to_owned()];
    }
    Json(json!({
        "data": {
            "app_id": APP_ID,
            "type": "USER",
            "application": "WhatsPortal (simulated)",
            "is_valid": true,
            "scopes": ["whatsapp_business_management", "whatsapp_business_messaging"],
            "granular_scopes": [
                { "scope": "whatsapp_business_management", "target_ids": targets },
                { "scope": "whatsapp_business_messaging", "target_ids": targets },
            ],
        }
    }))
    .into_response()
}

async fn subscribe_app(
    State(sim): State<Arc<Simulator>>,
    Path((_version, node)): Path<(String, String)>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    if let Some(response) = super::graph_pages::subscribe_page(&sim, &node, &headers, &params).await
    {
        return response;
    }
    let grant = match authorized(&sim, &headers, &params) {
        Ok((_, Some(grant))) => grant,
        Ok((_, None)) => return bad_token(),
        Err(response) => return *response,
    };
    if let Some(response) = injected(&sim, "subscribed_apps", Some(&grant.subject)).await {
        return response;
    }
    if grant.waba_id.as_deref() != Some(node.as_str()) {
        return graph_error(StatusCode::FORBIDDEN, 200, None, "(#200) Permissions error");
    }
    Json(json!({ "success": true })).into_response()
}

async fn register_phone(
    State(sim): State<Arc<Simulator>>,
    Path((_version, node)): Path<(String, String)>,
    headers: HeaderMap,
    Query(params): Params,
    body: Option<Json<Value>>,
) -> Response {
    let grant = match authorized(&sim, &headers, &params) {
        Ok((_, Some(grant))) => grant,
        Ok((_, None)) => return bad_token(),
        Err(response) => return *response,
    };
    if let Some(response) = injected(&sim, "register", Some(&grant.subject)).await {
        return response;
    }
    if grant.phone_number_id.as_deref() != Some(node.as_str()) {
        return graph_error(StatusCode::FORBIDDEN, 200, None, "(#200) Permissions error");
    }
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let pin_ok = body
        .get("pin")
        .and_then(Value::as_str)
        .is_some_and(|p| p.len() == 6 && p.bytes().all(|b| b.is_ascii_digit()));
    if body.get("messaging_product").and_then(Value::as_str) != Some("whatsapp") || !pin_ok {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "(#100) Invalid parameter",
        );
    }
    Json(json!({ "success": true })).into_response()
}
