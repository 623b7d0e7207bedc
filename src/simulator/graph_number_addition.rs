//! The Graph calls that add a number to a simulated WABA shared without one:
//! `POST {waba_id}/phone_numbers`, `POST {phone_number_id}/request_code` and
//! `POST {phone_number_id}/verify_code` (`added_numbers` keeps the numbers).

use std::{collections::HashMap, sync::Arc};

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

use super::{
    accounts::find_waba,
    added_numbers::refused,
    graph_answers::{business_grant, graph_error, injected, Params},
    Simulator,
};

/// A text field of the call, from its JSON body or its query.
fn field<'a>(body: &'a Value, params: &'a HashMap<String, String>, name: &str) -> &'a str {
    body.get(name)
        .and_then(Value::as_str)
        .or_else(|| params.get(name).map(String::as_str))
        .unwrap_or_default()
}

/// `POST /{waba_id}/phone_numbers` with `cc`, `phone_number` and `verified_name`.
pub async fn add(
    State(sim): State<Arc<Simulator>>,
    Path((_version, node)): Path<(String, String)>,
    headers: HeaderMap,
    Query(params): Params,
    body: Option<Json<Value>>,
) -> Response {
    let grant = match business_grant(&sim, &headers, &params).await {
        Ok(grant) => grant,
        Err(response) => return *response,
    };
    if let Some(response) = injected(&sim, "phone_numbers/add", Some(&grant.subject)).await {
        return response;
    }
    let Some(waba) = find_waba(&node).filter(|w| grant.waba_id.as_deref() == Some(w.waba_id))
    else {
        return graph_error(StatusCode::FORBIDDEN, 200, None, "(#200) Permissions error");
    };
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let (cc, number, name) = (
        field(&body, &params, "cc"),
        field(&body, &params, "phone_number"),
        field(&body, &params, "verified_name"),
    );
    match sim.added.add(waba.waba_id, cc, number, name) {
        Ok(id) => Json(json!({ "id": id })).into_response(),
        Err(refusal) => refused(refusal),
    }
}

/// The added number `node` names, if the grant's WABA holds it.
async fn own_number(
    sim: &Simulator,
    node: &str,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    route: &str,
) -> Result<(), Response> {
    let grant = business_grant(sim, headers, params).await.map_err(|r| *r)?;
    if let Some(response) = injected(sim, route, Some(&grant.subject)).await {
        return Err(response);
    }
    match sim.added.find(node) {
        Some(added) if grant.waba_id.as_deref() == Some(added.waba_id.as_str()) => Ok(()),
        _ => Err(graph_error(
            StatusCode::FORBIDDEN,
            200,
            None,
            "(#200) Permissions error",
        )),
    }
}

/// `{success: true}`, Meta's refusal, or (no such number) a permissions error.
pub fn answered(outcome: Option<Result<(), super::added_numbers::Refusal>>) -> Response {
    match outcome {
        Some(Ok(())) => Json(json!({ "success": true })).into_response(),
        Some(Err(refusal)) => refused(refusal),
        None => graph_error(StatusCode::FORBIDDEN, 200, None, "(#200) Permissions error"),
    }
}

/// `POST /{phone_number_id}/request_code` with `code_method` (`SMS`, `VOICE`) and
/// `language`.
pub async fn request_code(
    State(sim): State<Arc<Simulator>>,
    Path((_version, node)): Path<(String, String)>,
    headers: HeaderMap,
    Query(params): Params,
    body: Option<Json<Value>>,
) -> Response {
    if let Err(response) = own_number(&sim, &node, &headers, &params, "request_code").await {
        return response;
    }
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let method = field(&body, &params, "code_method");
    let language = field(&body, &params, "language");
    if !matches!(method, "SMS" | "VOICE") || language.is_empty() {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "(#100) Invalid parameter",
        );
    }
    answered(sim.added.request_code(&node))
}

/// `POST /{phone_number_id}/verify_code` with `code`.
pub async fn verify_code(
    State(sim): State<Arc<Simulator>>,
    Path((_version, node)): Path<(String, String)>,
    headers: HeaderMap,
    Query(params): Params,
    body: Option<Json<Value>>,
) -> Response {
    if let Err(response) = own_number(&sim, &node, &headers, &params, "verify_code").await {
        return response;
    }
    let body = body.map(|Json(b)| b).unwrap_or_default();
    answered(sim.added.verify_code(&node, field(&body, &params, "code")))
}
