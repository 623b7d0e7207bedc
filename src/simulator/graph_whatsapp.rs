//! The Graph endpoints of WhatsApp Embedded Signup, as docs/meta.md describes Meta in 2026:
//! `debug_token` no longer naming the WABA, the WABA and its numbers readable with the
//! business token, the number's state, subscribing, and registering with its PIN and
//! its quota.

use std::sync::Arc;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

use super::{
    accounts::{find_number, find_waba, NumberKind},
    faults::FaultKind,
    grants::Grant,
    graph_answers::{authorized, business_grant, graph_error, injected, storage_failed, Params},
    health,
    numbers::RegisterProblem,
    Simulator, APP_ID,
};

/// Meta's answer for an object the token may not read.
fn missing(node: &str) -> Response {
    graph_error(
        StatusCode::BAD_REQUEST,
        100,
        Some(33),
        &format!(
            "Unsupported get request. Object with ID '{node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation."
        ),
    )
}

/// `GET debug_token`: since June 2026 the business token of Embedded Signup names no
/// WABA (`business_management` and `whatsapp_business_manage_events` without target
/// ids). The `documented_token_shape` fault answers the shape Meta's page still shows.
pub async fn debug_token(
    State(sim): State<Arc<Simulator>>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let (_, caller) = match authorized(&sim, &headers, &params).await {
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
    let input = params.get("input_token").map(String::as_str).unwrap_or("");
    let grant = match sim.grants.token(input).await {
        Ok(grant) => grant,
        Err(e) => return storage_failed(e),
    };
    let Some(grant) = grant else {
        return page_token_debug(&sim, input).await;
    };
    if let Some(response) = injected(&sim, "debug_token", Some(&grant.subject)).await {
        return response;
    }
    let documented = sim.faults.take_kind(
        "debug_token",
        Some(&grant.subject),
        FaultKind::DocumentedTokenShape,
    );
    let targets: Vec<String> = grant.waba_id.iter().cloned().collect();
    let (token_type, scopes, granular) = if documented {
        (
            "USER",
            json!([
                "whatsapp_business_management",
                "whatsapp_business_messaging"
            ]),
            json!([
                { "scope": "whatsapp_business_management", "target_ids": targets },
                { "scope": "whatsapp_business_messaging", "target_ids": targets },
            ]),
        )
    } else {
        (
            "SYSTEM_USER",
            json!(["business_management", "whatsapp_business_manage_events"]),
            json!([
                { "scope": "business_management" },
                { "scope": "whatsapp_business_manage_events" },
            ]),
        )
    };
    Json(json!({
        "data": {
            "app_id": APP_ID,
            "type": token_type,
            "application": "WhatsPortal (simulated)",
            "is_valid": true,
            "expires_at": 0,
            "data_access_expires_at": 0,
            "scopes": scopes,
            "granular_scopes": granular,
            "user_id": "2729063490586005",
        }
    }))
    .into_response()
}

/// `debug_token` of what is not a user or business token: a page token is valid while
/// it lives; anything else is not.
async fn page_token_debug(sim: &Simulator, input: &str) -> Response {
    match sim.grants.page_token(input).await {
        Ok(Some(page)) => Json(json!({ "data": {
            "app_id": APP_ID, "type": "PAGE", "application": "WhatsPortal (simulated)",
            "is_valid": true, "expires_at": 0, "profile_id": page.page_id,
            "scopes": ["pages_show_list", "pages_messaging", "pages_manage_metadata"],
        } }))
        .into_response(),
        Ok(None) => Json(json!({ "data": { "app_id": APP_ID, "is_valid": false, "scopes": [] } }))
            .into_response(),
        Err(e) => storage_failed(e),
    }
}

/// `GET /{node}`: a WABA or a phone number, for a token of its WABA.
pub async fn node(
    State(sim): State<Arc<Simulator>>,
    Path((_version, node)): Path<(String, String)>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let grant = match business_grant(&sim, &headers, &params).await {
        Ok(grant) => grant,
        Err(response) => return *response,
    };
    if let Some(waba) = find_waba(&node) {
        if let Some(response) = injected(&sim, "waba", Some(&grant.subject)).await {
            return response;
        }
        let not_granted = sim
            .faults
            .take_kind("waba", Some(&grant.subject), FaultKind::NotGranted);
        if grant.waba_id.as_deref() != Some(waba.waba_id) || not_granted {
            return missing(&node);
        }
        return Json(json!({
            "id": waba.waba_id,
            "name": waba.waba_name,
            "currency": "USD",
            "timezone_id": "1",
            "message_template_namespace": format!("sim_{}", waba.waba_id),
        }))
        .into_response();
    }
    let Some((waba, number)) = find_number(&node) else {
        return added_number(&sim, &node, &grant);
    };
    if grant.waba_id.as_deref() != Some(waba.waba_id) {
        return missing(&node);
    }
    let registered = sim.numbers.is_registered(&number);
    let verified = number.kind != NumberKind::Unverified;
    let name_status = health::name_status(&sim, &number).await;
    let ids = (waba.waba_id, waba.business_id);
    Json(json!({
        "id": number.id,
        "status": if registered { "CONNECTED" } else { "PENDING" },
        "code_verification_status": if verified { "VERIFIED" } else { "NOT_VERIFIED" },
        "name_status": name_status,
        "platform_type": if registered { "CLOUD_API" } else { "NOT_APPLICABLE" },
        "quality_rating": "GREEN",
        "health_status": health::health_status(
            (number.id, number.kind),
            ids,
            (registered, name_status),
            grant.health.as_deref(),
        ),
    }))
    .into_response()
}

/// `GET /{node}` of a number added to the grant's WABA (its name is approved at once).
fn added_number(sim: &Simulator, node: &str, grant: &Grant) -> Response {
    let waba_id = grant.waba_id.as_deref();
    let Some((added, waba)) = sim
        .added
        .find(node)
        .filter(|a| waba_id == Some(a.waba_id.as_str()))
        .and_then(|a| find_waba(&a.waba_id).map(|w| (a, w)))
    else {
        return missing(node);
    };
    let registered = added.registered();
    let ids = (waba.waba_id, waba.business_id);
    Json(json!({
        "id": node,
        "status": if registered { "CONNECTED" } else { "PENDING" },
        "code_verification_status": if added.verified { "VERIFIED" } else { "NOT_VERIFIED" },
        "name_status": "APPROVED",
        "platform_type": if registered { "CLOUD_API" } else { "NOT_APPLICABLE" },
        "quality_rating": "GREEN",
        "health_status": health::health_status(
            (node, NumberKind::Fresh),
            ids,
            (registered, "APPROVED"),
            grant.health.as_deref(),
        ),
    }))
    .into_response()
}

/// `GET /{waba_id}/phone_numbers`.
pub async fn phone_numbers(
    State(sim): State<Arc<Simulator>>,
    Path((_version, node)): Path<(String, String)>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let grant = match business_grant(&sim, &headers, &params).await {
        Ok(grant) => grant,
        Err(response) => return *response,
    };
    if let Some(response) = injected(&sim, "phone_numbers", Some(&grant.subject)).await {
        return response;
    }
    let Some(waba) = find_waba(&node).filter(|w| grant.waba_id.as_deref() == Some(w.waba_id))
    else {
        return missing(&node);
    };
    let listed = |id: &str, display: &str, name: &str, verified: bool, registered: bool| {
        json!({
            "id": id,
            "display_phone_number": display,
            "verified_name": name,
            "code_verification_status": if verified { "VERIFIED" } else { "NOT_VERIFIED" },
            "quality_rating": "GREEN",
            "platform_type": if registered { "CLOUD_API" } else { "NOT_APPLICABLE" },
            "throughput": { "level": "STANDARD" },
        })
    };
    let own = waba.number.iter().map(|number| {
        let verified = number.kind != NumberKind::Unverified;
        let registered = sim.numbers.is_registered(number);
        listed(
            number.id,
            number.display,
            waba.business_name,
            verified,
            registered,
        )
    });
    let added = sim.added.of_waba(waba.waba_id).into_iter().map(|(id, a)| {
        listed(
            &id,
            &a.display,
            &a.verified_name,
            a.verified,
            a.registered(),
        )
    });
    let data: Vec<Value> = own.chain(added).collect();
    Json(json!({ "data": data, "paging": { "cursors": { "before": "QVFI", "after": "QVFI" } } }))
        .into_response()
}

/// `POST /{node}/subscribed_apps`: a page (with a page token) or a WABA.
pub async fn subscribe_app(
    State(sim): State<Arc<Simulator>>,
    Path((_version, node)): Path<(String, String)>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    if let Some(response) = super::graph_pages::subscribe_page(&sim, &node, &headers, &params).await
    {
        return response;
    }
    let grant = match business_grant(&sim, &headers, &params).await {
        Ok(grant) => grant,
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

/// `POST /{phone_number_id}/register` with `{"messaging_product": "whatsapp", "pin"}`.
pub async fn register_phone(
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
    if let Some(response) = injected(&sim, "register", Some(&grant.subject)).await {
        return response;
    }
    let number = find_number(&node).filter(|(w, _)| grant.waba_id.as_deref() == Some(w.waba_id));
    let added = sim
        .added
        .find(&node)
        .filter(|a| grant.waba_id.as_deref() == Some(a.waba_id.as_str()));
    if number.is_none() && added.is_none() {
        return graph_error(StatusCode::FORBIDDEN, 200, None, "(#200) Permissions error");
    }
    let body = body.map(|Json(b)| b).unwrap_or_default();
    let pin = body
        .get("pin")
        .and_then(Value::as_str)
        .filter(|p| p.len() == 6 && p.bytes().all(|b| b.is_ascii_digit()));
    let (Some("whatsapp"), Some(pin)) =
        (body.get("messaging_product").and_then(Value::as_str), pin)
    else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "(#100) Invalid parameter",
        );
    };
    let Some((_, number)) = number else {
        return super::graph_number_addition::answered(sim.added.register(&node, pin));
    };
    match sim.numbers.register(&number, pin) {
        Ok(()) => Json(json!({ "success": true })).into_response(),
        Err(RegisterProblem::PinMismatch) => graph_error(
            StatusCode::BAD_REQUEST,
            133005,
            None,
            "Two step verification PIN Mismatch",
        ),
        Err(RegisterProblem::NeedsVerification) => graph_error(
            StatusCode::BAD_REQUEST,
            133006,
            None,
            "Phone number needs to be verified before registering",
        ),
        Err(RegisterProblem::QuotaSpent) => graph_error(
            StatusCode::BAD_REQUEST,
            133016,
            None,
            "Account register deregister rate limit exceeded",
        ),
        Err(RegisterProblem::OnBusinessApp) => graph_error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "(#100) This phone number is in use on the WhatsApp Business app: registering it would take it off the app",
        ),
    }
}
