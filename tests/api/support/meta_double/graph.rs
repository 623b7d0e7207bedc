//! The double's Graph routes.

// Refusals are whole responses, built once per call of a test double.
#![allow(clippy::result_large_err)]

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use axum::{
    extract::{Path, Query, State as Axum},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use super::{meta_error, Failure, NumberState, State, TokenShape, WabaGrant, APP_ID, APP_SECRET};

type Shared = Arc<Mutex<State>>;
type Params = Query<HashMap<String, String>>;

pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/v23.0/oauth/access_token", get(access_token))
        .route("/v23.0/debug_token", get(debug_token))
        .route("/v23.0/me/accounts", get(accounts))
        .route("/v23.0/me", get(me))
        .route("/v23.0/{node}", get(node))
        .route(
            "/v23.0/{node}/phone_numbers",
            get(phone_numbers).post(add_phone_number),
        )
        .route("/v23.0/{node}/request_code", post(request_code))
        .route("/v23.0/{node}/verify_code", post(verify_code))
        .route(
            "/v23.0/{node}/subscribed_apps",
            post(subscribed_apps).delete(unsubscribed_apps),
        )
        .route("/v23.0/{node}/register", post(register))
        .route("/v23.0/{node}/smb_app_data", post(smb_app_data))
        .with_state(state)
}

fn error(status: StatusCode, code: i64, subcode: Option<i64>, message: &str) -> Response {
    (status, Json(meta_error(code, subcode, message))).into_response()
}

/// Counts the call; a queued failure answers it.
fn called(state: &Shared, route: &'static str) -> Option<Response> {
    let mut state = state.lock().unwrap();
    *state.calls.entry(route).or_default() += 1;
    let failure: Failure = state.failures.get_mut(route)?.pop_front()?;
    let mut response = (failure.status, Json(failure.body)).into_response();
    for (name, value) in failure.headers {
        response.headers_mut().insert(name, value.parse().unwrap());
    }
    Some(response)
}

/// The token of a call, once `appsecret_proof` (hex HMAC-SHA256 of the token keyed by
/// the app secret) checks out.
fn token(headers: &HeaderMap, params: &HashMap<String, String>) -> Result<String, Response> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned)
        .or_else(|| params.get("access_token").cloned())
        .ok_or_else(|| {
            error(
                StatusCode::BAD_REQUEST,
                104,
                None,
                "An access token is required",
            )
        })?;
    let mut mac = Hmac::<Sha256>::new_from_slice(APP_SECRET.as_bytes()).unwrap();
    mac.update(token.as_bytes());
    if params.get("appsecret_proof") != Some(&hex::encode(mac.finalize().into_bytes())) {
        return Err(error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "Invalid appsecret_proof provided in the API argument",
        ));
    }
    Ok(token)
}

fn used_code() -> Response {
    error(
        StatusCode::BAD_REQUEST,
        100,
        Some(36009),
        "This authorization code has been used.",
    )
}

fn invalid_token() -> Response {
    error(
        StatusCode::BAD_REQUEST,
        190,
        Some(463),
        "Error validating access token",
    )
}

fn business_grant(state: &Shared, token: &str) -> Result<WabaGrant, Response> {
    state
        .lock()
        .unwrap()
        .business_tokens
        .get(token)
        .cloned()
        .ok_or_else(invalid_token)
}

fn missing(node: &str) -> Response {
    error(StatusCode::BAD_REQUEST, 100, Some(33), &format!(
        "Unsupported get request. Object with ID '{node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation."
    ))
}

/// An answer that promises more than it sends: the client's read fails mid-answer.
fn broken_off(answer: Response) -> Response {
    let (mut parts, _) = answer.into_parts();
    parts
        .headers
        .insert(axum::http::header::CONTENT_LENGTH, "4096".parse().unwrap());
    Response::from_parts(parts, axum::body::Body::from("{\"access_token\""))
}

async fn access_token(state: Axum<Shared>, params: Params) -> Response {
    let cut = state.0.lock().unwrap().cut.remove("oauth/access_token");
    let answer = access_token_answer(state, params).await;
    if cut {
        broken_off(answer)
    } else {
        answer
    }
}

async fn access_token_answer(Axum(state): Axum<Shared>, Query(p): Params) -> Response {
    if let Some(failed) = called(&state, "oauth/access_token") {
        return failed;
    }
    if p.get("client_id").map(String::as_str) != Some(APP_ID)
        || p.get("client_secret").map(String::as_str) != Some(APP_SECRET)
    {
        return error(
            StatusCode::BAD_REQUEST,
            101,
            None,
            "Error validating application.",
        );
    }
    let mut state = state.lock().unwrap();
    if p.get("grant_type").map(String::as_str) == Some("fb_exchange_token") {
        let Some(pages) = p
            .get("fb_exchange_token")
            .and_then(|t| state.user_tokens.get(t))
            .cloned()
        else {
            return invalid_token();
        };
        let long = state.mint("EAAL");
        state.user_tokens.insert(long.clone(), pages);
        return Json(json!({"access_token": long, "token_type": "bearer", "expires_in": 5183944}))
            .into_response();
    }
    let code = p.get("code").cloned().unwrap_or_default();
    // docs/meta.md: no redirect_uri with the JS SDK; a full-page dialog's code needs the same
    // redirect_uri as its dialog.
    let redirect_uri = p.get("redirect_uri").cloned().unwrap_or_default();
    let redirect_differs = || {
        error(
            StatusCode::BAD_REQUEST,
            100,
            Some(36008),
            "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
        )
    };
    if let Some((pages, expected, used)) = state.dialog_codes.get(&code).cloned() {
        if used {
            return used_code();
        }
        if redirect_uri != expected {
            return redirect_differs();
        }
        state
            .dialog_codes
            .insert(code, (pages.clone(), expected, true));
        let user = state.mint("EAAU");
        state.user_tokens.insert(user.clone(), pages);
        return Json(json!({"access_token": user, "token_type": "bearer", "expires_in": 5183}))
            .into_response();
    }
    if !redirect_uri.is_empty() {
        return redirect_differs();
    }
    let Some((grant, used)) = state.codes.get(&code).cloned() else {
        return error(
            StatusCode::BAD_REQUEST,
            100,
            Some(36008),
            "Invalid verification code format.",
        );
    };
    if used {
        return used_code();
    }
    state.codes.insert(code, (grant.clone(), true));
    let business = state.mint("EAAB");
    state.business_tokens.insert(business.clone(), grant);
    Json(json!({"access_token": business, "token_type": "bearer"})).into_response()
}

async fn debug_token(Axum(state): Axum<Shared>, headers: HeaderMap, Query(p): Params) -> Response {
    if let Some(failed) = called(&state, "debug_token") {
        return failed;
    }
    match token(&headers, &p) {
        Ok(app) if app == format!("{APP_ID}|{APP_SECRET}") => {}
        Ok(_) => {
            return error(
                StatusCode::BAD_REQUEST,
                100,
                None,
                "an app token is required",
            )
        }
        Err(refused) => return refused,
    }
    let input = p.get("input_token").cloned().unwrap_or_default();
    if let Some(page_id) = state.lock().unwrap().page_tokens.get(&input).cloned() {
        return Json(
            json!({"data": {"app_id": APP_ID, "type": "PAGE", "is_valid": true,
            "expires_at": 0, "profile_id": page_id, "scopes": ["pages_messaging"]}}),
        )
        .into_response();
    }
    let Some(grant) = state.lock().unwrap().business_tokens.get(&input).cloned() else {
        return Json(json!({"data": {"is_valid": false, "scopes": []}})).into_response();
    };
    let app_id = if grant.shape == TokenShape::OtherApp {
        "999999999999"
    } else {
        APP_ID
    };
    let (scopes, granular) = match grant.shape {
        TokenShape::Documented => (
            json!([
                "whatsapp_business_management",
                "whatsapp_business_messaging"
            ]),
            json!([{"scope": "whatsapp_business_management", "target_ids": [grant.waba_id]},
                   {"scope": "whatsapp_business_messaging", "target_ids": [grant.waba_id]}]),
        ),
        _ => (
            json!(["business_management", "whatsapp_business_manage_events"]),
            json!([{"scope": "business_management"}, {"scope": "whatsapp_business_manage_events"}]),
        ),
    };
    Json(json!({"data": {
        "app_id": app_id, "type": "SYSTEM_USER", "application": "Double",
        "is_valid": grant.shape != TokenShape::Invalid, "expires_at": 0, "data_access_expires_at": 0,
        "scopes": scopes, "granular_scopes": granular, "user_id": "7001",
    }}))
    .into_response()
}

async fn node(
    Axum(state): Axum<Shared>,
    Path(node): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
) -> Response {
    let token = match token(&headers, &p) {
        Ok(token) => token,
        Err(refused) => return refused,
    };
    let grant = match business_grant(&state, &token) {
        Ok(grant) => grant,
        Err(refused) => return refused,
    };
    if node == grant.waba_id {
        if let Some(failed) = called(&state, "waba") {
            return failed;
        }
        return Json(
            json!({"id": node, "name": "Double Support", "currency": "USD",
            "timezone_id": "1", "message_template_namespace": "double"}),
        )
        .into_response();
    }
    let Some(number) = grant.numbers.iter().find(|n| n.id == node) else {
        return missing(&node);
    };
    if let Some(failed) = called(&state, "number") {
        return failed;
    }
    let (registered, name_status, set_health) = {
        let state = state.lock().unwrap();
        let registered = matches!(
            number.state,
            NumberState::Connected | NumberState::OnBusinessApp
        ) || state.registered.contains(&number.id);
        let name = state.name_status.get(&number.id).cloned();
        (
            registered,
            name.unwrap_or_else(|| "APPROVED".into()),
            state.health.get(&number.id).cloned(),
        )
    };
    let health = set_health.unwrap_or_else(|| number_health(&number.id, registered, &name_status));
    Json(json!({
        "status": if registered { "CONNECTED" } else { "PENDING" },
        "code_verification_status": if number.state == NumberState::Unverified { "NOT_VERIFIED" } else { "VERIFIED" },
        "name_status": name_status,
        "platform_type": if registered { "CLOUD_API" } else { "NOT_APPLICABLE" },
        "quality_rating": "GREEN", "id": number.id,
        "health_status": health,
    }))
    .into_response()
}

/// `health_status` as the number's registration and display name review make it
/// (docs/meta.md, "Send readiness"): a name under review or a number not registered
/// blocks the number.
fn number_health(id: &str, registered: bool, name_status: &str) -> Value {
    let error = match (name_status, registered) {
        ("PENDING_REVIEW", _) => Some("The display name is pending review."),
        ("DECLINED", _) => Some("The display name was rejected."),
        (_, false) => Some("The phone number is not registered."),
        _ => None,
    };
    let state = if error.is_some() {
        "BLOCKED"
    } else {
        "AVAILABLE"
    };
    let mut number = json!({"entity_type": "PHONE_NUMBER", "id": id, "can_send_message": state});
    if let Some(description) = error {
        number["errors"] = json!([{"error_code": 141000, "error_description": description,
            "possible_solution": "See WhatsApp Manager."}]);
    }
    json!({"can_send_message": state, "entities": [
        number,
        {"entity_type": "WABA", "id": "w", "can_send_message": "AVAILABLE"},
        {"entity_type": "BUSINESS", "id": "b", "can_send_message": "AVAILABLE"},
        {"entity_type": "APP", "id": "a", "can_send_message": "AVAILABLE"},
    ]})
}

async fn phone_numbers(
    Axum(state): Axum<Shared>,
    Path(node): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
) -> Response {
    let grant = match token(&headers, &p).and_then(|t| business_grant(&state, &t)) {
        Ok(grant) => grant,
        Err(refused) => return refused,
    };
    if let Some(failed) = called(&state, "phone_numbers") {
        return failed;
    }
    if node != grant.waba_id {
        return missing(&node);
    }
    let data: Vec<Value> = grant.numbers.iter().map(|n| json!({
        "id": n.id, "display_phone_number": n.display, "verified_name": "Double",
        "code_verification_status": "VERIFIED", "quality_rating": "GREEN", "platform_type": "CLOUD_API",
        "throughput": {"level": "STANDARD"},
    })).collect();
    Json(json!({"data": data, "paging": {"cursors": {"before": "B", "after": "A"}}}))
        .into_response()
}

async fn subscribed_apps(
    Axum(state): Axum<Shared>,
    Path(node): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
) -> Response {
    let token = match token(&headers, &p) {
        Ok(token) => token,
        Err(refused) => return refused,
    };
    if let Some(failed) = called(&state, "subscribed_apps") {
        return failed;
    }
    let fields = p.get("subscribed_fields").is_some_and(|f| !f.is_empty());
    subscription_answer(&state, &token, &node, fields)
}

/// `{"success": true}` when `token` is the page's (asking for fields) or the WABA's.
fn subscription_answer(state: &Shared, token: &str, node: &str, fields: bool) -> Response {
    let page = state.lock().unwrap().page_tokens.get(token).cloned();
    let allowed = match page {
        Some(page_id) => page_id == node && fields,
        None => business_grant(state, token).is_ok_and(|g| g.waba_id == node),
    };
    if !allowed {
        return error(StatusCode::FORBIDDEN, 200, None, "(#200) Permissions error");
    }
    Json(json!({"success": true})).into_response()
}

async fn register(
    Axum(state): Axum<Shared>,
    Path(node): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
    Json(body): Json<Value>,
) -> Response {
    let grant = match token(&headers, &p).and_then(|t| business_grant(&state, &t)) {
        Ok(grant) => grant,
        Err(refused) => return refused,
    };
    if let Some(failed) = called(&state, "register") {
        return failed;
    }
    let Some(number) = grant.numbers.iter().find(|n| n.id == node) else {
        return missing(&node);
    };
    let pin = body["pin"].as_str().unwrap_or_default().to_owned();
    if body["messaging_product"] != "whatsapp" || pin.len() != 6 {
        return error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "(#100) Invalid parameter",
        );
    }
    let mut state = state.lock().unwrap();
    let existing = match &number.state {
        NumberState::WithPin(pin) => Some(pin.clone()),
        _ => state.pins.get(&number.id).cloned(),
    };
    match &number.state {
        NumberState::Unverified => {
            return error(
                StatusCode::BAD_REQUEST,
                133006,
                None,
                "Phone number needs to be verified before registering",
            )
        }
        NumberState::QuotaSpent => {
            return error(
                StatusCode::BAD_REQUEST,
                133016,
                None,
                "Account register deregister rate limit exceeded",
            )
        }
        _ if existing.as_ref().is_some_and(|e| *e != pin) => {
            return error(
                StatusCode::BAD_REQUEST,
                133005,
                None,
                "Two step verification PIN Mismatch",
            )
        }
        _ => {}
    }
    if number.state == NumberState::OnBusinessApp {
        state.taken_off_app.push(number.id.clone());
    }
    state.pins.insert(number.id.clone(), pin);
    state.registered.push(number.id.clone());
    Json(json!({"success": true})).into_response()
}

/// `POST {phone_number_id}/smb_app_data` `{"messaging_product": "whatsapp", "sync_type":
/// "smb_app_state_sync" | "history"}`: a Business app number's contacts or chat history,
/// taken once each per onboarding (docs/meta.md). The answer's shape is not in
/// docs/meta.md: the double answers `{"success": true}`, and the server must not need
/// more.
async fn smb_app_data(
    Axum(state): Axum<Shared>,
    Path(node): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
    Json(body): Json<Value>,
) -> Response {
    let grant = match token(&headers, &p).and_then(|t| business_grant(&state, &t)) {
        Ok(grant) => grant,
        Err(refused) => return refused,
    };
    let route = match body["sync_type"].as_str() {
        Some("smb_app_state_sync") => "smb_app_data/smb_app_state_sync",
        Some("history") => "smb_app_data/history",
        _ => "smb_app_data/other",
    };
    if let Some(failed) = called(&state, route) {
        return failed;
    }
    let invalid = || {
        error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "(#100) Invalid parameter",
        )
    };
    if body["messaging_product"] != "whatsapp" || route == "smb_app_data/other" {
        return invalid();
    }
    let Some(number) = grant.numbers.iter().find(|n| n.id == node) else {
        return missing(&node);
    };
    let mut state = state.lock().unwrap();
    let sync = (
        number.id.clone(),
        body["sync_type"].as_str().unwrap_or("").to_owned(),
    );
    if number.state != NumberState::OnBusinessApp || state.synced.contains(&sync) {
        return invalid();
    }
    state.synced.push(sync);
    Json(json!({"success": true})).into_response()
}

async fn accounts(Axum(state): Axum<Shared>, headers: HeaderMap, Query(p): Params) -> Response {
    let token = match token(&headers, &p) {
        Ok(token) => token,
        Err(refused) => return refused,
    };
    if let Some(failed) = called(&state, "me/accounts") {
        return failed;
    }
    let mut state = state.lock().unwrap();
    let Some(pages) = state.user_tokens.get(&token).cloned() else {
        return invalid_token();
    };
    let limit: usize = p.get("limit").and_then(|l| l.parse().ok()).unwrap_or(25);
    let start: usize = p.get("after").and_then(|a| a.parse().ok()).unwrap_or(0);
    let end = (start + limit).min(pages.len());
    let mut data = Vec::new();
    for page in &pages[start..end] {
        let mut listed = json!({"id": page.id, "name": page.name, "category": "Shop",
            "tasks": ["ANALYZE", "ADVERTISE", "MESSAGING", "MODERATE", "CREATE_CONTENT", "MANAGE"]});
        if page.token {
            let page_token = state.mint("EAAP");
            state
                .page_tokens
                .insert(page_token.clone(), page.id.clone());
            listed["access_token"] = json!(page_token);
        }
        data.push(listed);
    }
    let mut paging = json!({"cursors": {"before": start.to_string(), "after": end.to_string()}});
    if end < pages.len() {
        paging["next"] = json!(format!(
            "https://graph.facebook.com/v23.0/me/accounts?access_token={token}&after={end}"
        ));
    }
    Json(json!({"data": data, "paging": paging})).into_response()
}

/// `GET /me?fields=id` with a user token: the app-scoped id of the user.
async fn me(Axum(state): Axum<Shared>, headers: HeaderMap, Query(p): Params) -> Response {
    let token = match token(&headers, &p) {
        Ok(token) => token,
        Err(refused) => return refused,
    };
    if !state.lock().unwrap().user_tokens.contains_key(&token) {
        return invalid_token();
    }
    Json(json!({"id": super::USER_ID})).into_response()
}

/// `DELETE /{node}/subscribed_apps` with the page's or the WABA's token.
async fn unsubscribed_apps(
    Axum(state): Axum<Shared>,
    Path(node): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
) -> Response {
    let token = match token(&headers, &p) {
        Ok(token) => token,
        Err(refused) => return refused,
    };
    if let Some(failed) = called(&state, "subscribed_apps (delete)") {
        return failed;
    }
    subscription_answer(&state, &token, &node, true)
}

/// A Graph call of a business token with its JSON body.
fn business_call(
    state: &Shared,
    headers: &HeaderMap,
    p: &HashMap<String, String>,
    route: &'static str,
) -> Result<(String, WabaGrant), Response> {
    let token = token(headers, p)?;
    let grant = business_grant(state, &token)?;
    if let Some(failed) = called(state, route) {
        return Err(failed);
    }
    Ok((token, grant))
}

/// A business token's call about one of its grant's numbers; answers the token.
fn number_call(
    state: &Shared,
    headers: &HeaderMap,
    p: &HashMap<String, String>,
    route: &'static str,
    node: &str,
) -> Result<String, Response> {
    let (token, grant) = business_call(state, headers, p, route)?;
    if !grant.numbers.iter().any(|n| n.id == node) {
        return Err(missing(node));
    }
    Ok(token)
}

fn bad_parameter() -> Response {
    error(
        StatusCode::BAD_REQUEST,
        100,
        None,
        "(#100) Invalid parameter",
    )
}

/// `POST {waba_id}/phone_numbers` (`cc`, `phone_number`, `verified_name`): the number
/// joins the WABA, not verified yet.
async fn add_phone_number(
    Axum(state): Axum<Shared>,
    Path(node): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
    Json(body): Json<Value>,
) -> Response {
    let (token, grant) = match business_call(&state, &headers, &p, "phone_numbers/add") {
        Ok(found) => found,
        Err(refused) => return refused,
    };
    if node != grant.waba_id {
        return missing(&node);
    }
    let field = |name: &str| body[name].as_str().unwrap_or_default().to_owned();
    let (cc, number, name) = (field("cc"), field("phone_number"), field("verified_name"));
    if cc.is_empty() || number.len() < 4 || name.len() < 3 {
        return bad_parameter();
    }
    let mut state = state.lock().unwrap();
    state.next += 1;
    let id = format!("7{:014}", state.next);
    let added = super::Number {
        id: id.clone(),
        display: format!("+{cc} {number}"),
        state: NumberState::Unverified,
    };
    state.added.push(body.clone());
    if let Some(grant) = state.business_tokens.get_mut(&token) {
        grant.numbers.push(added);
    }
    Json(json!({ "id": id })).into_response()
}

/// `POST {phone_number_id}/request_code` (`code_method`, `language`): the double
/// "sends" a new code, which a test reads as the customer reads the message.
async fn request_code(
    Axum(state): Axum<Shared>,
    Path(node): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
    Json(body): Json<Value>,
) -> Response {
    if let Err(refused) = number_call(&state, &headers, &p, "request_code", &node) {
        return refused;
    }
    let method = body["code_method"].as_str().unwrap_or_default();
    if !matches!(method, "SMS" | "VOICE") || body["language"].as_str().is_none() {
        return bad_parameter();
    }
    let mut state = state.lock().unwrap();
    state.next += 1;
    let code = format!("{:06}", 100_000 + state.next);
    state.code_requests.push(body.clone());
    state.sent_codes.insert(node, code);
    Json(json!({ "success": true })).into_response()
}

/// `POST {phone_number_id}/verify_code` (`code`): the last code sent verifies the
/// number; any other is refused.
async fn verify_code(
    Axum(state): Axum<Shared>,
    Path(node): Path<String>,
    headers: HeaderMap,
    Query(p): Params,
    Json(body): Json<Value>,
) -> Response {
    let token = match number_call(&state, &headers, &p, "verify_code", &node) {
        Ok(token) => token,
        Err(refused) => return refused,
    };
    let mut state = state.lock().unwrap();
    let sent = state.sent_codes.get(&node).cloned();
    if sent.is_none() || body["code"].as_str() != sent.as_deref() {
        return bad_parameter();
    }
    if let Some(grant) = state.business_tokens.get_mut(&token) {
        for number in grant.numbers.iter_mut().filter(|n| n.id == node) {
            number.state = NumberState::Fresh;
        }
    }
    Json(json!({ "success": true })).into_response()
}
