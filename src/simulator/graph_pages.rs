//! The Graph endpoints of Facebook Login for Pages: the long-lived token exchange,
//! `/me/accounts` with cursor paging, and subscribing a page to the app's webhooks.

use std::{collections::HashMap, sync::Arc};

use axum::{
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};

use super::proof::appsecret_proof;
use super::{
    facebook_users::pages_of,
    graph_answers::{bad_token, graph_error, injected, storage_failed},
    Simulator, APP_SECRET,
};

const DEFAULT_LIMIT: usize = 25;
const MAX_LIMIT: usize = 100;

fn bearer<'a>(headers: &'a HeaderMap, params: &'a HashMap<String, String>) -> Option<&'a str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .or_else(|| params.get("access_token").map(String::as_str))
}

fn proof_ok(params: &HashMap<String, String>, token: &str) -> bool {
    params
        .get("appsecret_proof")
        .is_some_and(|p| *p == appsecret_proof(APP_SECRET, token))
}

fn bad_proof() -> Response {
    graph_error(
        StatusCode::BAD_REQUEST,
        100,
        None,
        "Invalid appsecret_proof provided in the API argument",
    )
}

/// `grant_type=fb_exchange_token`: a long-lived user token for a short-lived one.
pub async fn exchange_long_lived(sim: &Simulator, params: &HashMap<String, String>) -> Response {
    let short = params
        .get("fb_exchange_token")
        .map(String::as_str)
        .unwrap_or("");
    let grant = match sim.grants.token(short).await {
        Ok(grant) => grant,
        Err(e) => return storage_failed(e),
    };
    let Some(grant) = grant else {
        return bad_token();
    };
    if let Some(response) = injected(sim, "oauth/access_token", Some(&grant.subject)).await {
        return response;
    }
    let token = match sim.grants.long_lived(short, grant).await {
        Ok(token) => token,
        Err(e) => return storage_failed(e),
    };
    Json(json!({ "access_token": token, "token_type": "bearer", "expires_in": 5_184_000 }))
        .into_response()
}

/// `GET /me/accounts`: the user's pages with their tokens and tasks, a page at a time.
pub async fn accounts(
    State(sim): State<Arc<Simulator>>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(token) = bearer(&headers, &params) else {
        return bad_token();
    };
    if !proof_ok(&params, token) {
        return bad_proof();
    }
    let grant = match sim.grants.token(token).await {
        Ok(grant) => grant,
        Err(e) => return storage_failed(e),
    };
    let Some(user_id) = grant.and_then(|g| g.user_id) else {
        return bad_token();
    };
    if let Some(response) = injected(&sim, "me/accounts", Some(&user_id)).await {
        return response;
    }
    let limit = params
        .get("limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, MAX_LIMIT);
    let start = params
        .get("after")
        .and_then(|a| hex::decode(a).ok())
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(0);
    let pages = pages_of(&user_id);
    let end = (start + limit).min(pages.len());
    let mut data: Vec<Value> = Vec::with_capacity(end.saturating_sub(start));
    for page in &pages[start.min(end)..end] {
        data.push({
            let tasks: Vec<&str> = if page.can_message {
                vec![
                    "ADVERTISE",
                    "ANALYZE",
                    "CREATE_CONTENT",
                    "MESSAGING",
                    "MODERATE",
                    "MANAGE",
                ]
            } else {
                vec!["ANALYZE", "CREATE_CONTENT"]
            };
            let mut listed = json!({
                "id": page.id,
                "name": page.name,
                "category": page.category,
                "tasks": tasks,
            });
            if page.has_token {
                match sim.grants.page_token_for(token, &page.id).await {
                    Ok(page_token) => listed["access_token"] = json!(page_token),
                    Err(e) => return storage_failed(e),
                }
            }
            listed
        });
    }
    let cursor = |i: usize| hex::encode(i.to_string());
    let mut paging = json!({ "cursors": { "before": cursor(start), "after": cursor(end) } });
    if end < pages.len() {
        paging["next"] = json!(format!("me/accounts?limit={limit}&after={}", cursor(end)));
    }
    Json(json!({ "data": data, "paging": paging })).into_response()
}

/// `POST /{page_id}/subscribed_apps` with a page token; `None` when the caller's token
/// is not a page token (then it is the WhatsApp call).
pub async fn subscribe_page(
    sim: &Simulator,
    node: &str,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
) -> Option<Response> {
    let token = bearer(headers, params)?;
    let page = match sim.grants.page_token(token).await {
        Ok(page) => page?,
        Err(e) => return Some(storage_failed(e)),
    };
    if !proof_ok(params, token) {
        return Some(bad_proof());
    }
    if let Some(response) = injected(sim, "subscribed_apps", Some(&page.page_id)).await {
        return Some(response);
    }
    if page.page_id != node {
        return Some(graph_error(
            StatusCode::FORBIDDEN,
            200,
            None,
            "(#200) Permissions error",
        ));
    }
    if params.get("subscribed_fields").is_none_or(|f| f.is_empty()) {
        return Some(graph_error(
            StatusCode::BAD_REQUEST,
            100,
            None,
            "(#100) Param subscribed_fields is required",
        ));
    }
    Some(Json(json!({ "success": true })).into_response())
}
