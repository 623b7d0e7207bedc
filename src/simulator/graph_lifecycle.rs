//! The Graph calls made after the connect: `GET /me` (who a login is), `DELETE
//! /{node}/subscribed_apps` (ending the app's subscription), and, for development and
//! tests, revoking tokens as a customer removing the app or changing a password would.

use std::sync::Arc;

use axum::{
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;
use serde_json::json;

use super::{
    graph_answers::{authorized, bad_token, graph_error, storage_failed, Params},
    Simulator,
};

/// `GET /me?fields=id` with a user token.
pub async fn me(
    State(sim): State<Arc<Simulator>>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    match authorized(&sim, &headers, &params).await {
        Ok((_, Some(grant))) => match grant.user_id {
            Some(id) => Json(json!({ "id": id })).into_response(),
            None => graph_error(
                StatusCode::BAD_REQUEST,
                100,
                None,
                "(#100) Tried accessing nonexisting field (id) on node type (SystemUser)",
            ),
        },
        Ok(_) => bad_token(),
        Err(response) => *response,
    }
}

/// `DELETE /{node}/subscribed_apps` with the node's page token or business token.
pub async fn unsubscribe(
    State(sim): State<Arc<Simulator>>,
    Path((_version, node)): Path<(String, String)>,
    headers: HeaderMap,
    Query(params): Params,
) -> Response {
    let token = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .or_else(|| params.get("access_token").map(String::as_str))
        .unwrap_or("");
    match sim.grants.page_token(token).await {
        Ok(Some(page)) if page.page_id == node => {
            return Json(json!({ "success": true })).into_response()
        }
        Ok(_) => {}
        Err(e) => return storage_failed(e),
    }
    match authorized(&sim, &headers, &params).await {
        Ok((_, Some(grant))) if grant.waba_id.as_deref() == Some(node.as_str()) => {
            Json(json!({ "success": true })).into_response()
        }
        Ok((_, Some(_))) => {
            graph_error(StatusCode::FORBIDDEN, 200, None, "(#200) Permissions error")
        }
        Ok(_) => bad_token(),
        Err(response) => *response,
    }
}

/// What `POST /meta-sim/tokens/revoke` revokes.
#[derive(Debug, Deserialize)]
pub struct Revoke {
    waba_id: Option<String>,
    user_id: Option<String>,
    page_id: Option<String>,
}

/// Ends every token of a WABA, a user or a page: `debug_token` then says `is_valid:
/// false` and calls with them fail with code 190.
pub async fn revoke(State(sim): State<Arc<Simulator>>, Json(revoke): Json<Revoke>) -> Response {
    match sim
        .grants
        .revoke(
            revoke.waba_id.as_deref(),
            revoke.user_id.as_deref(),
            revoke.page_id.as_deref(),
        )
        .await
    {
        Ok(revoked) => Json(json!({ "revoked": revoked })).into_response(),
        Err(e) => storage_failed(e),
    }
}
