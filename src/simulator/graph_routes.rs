//! The Graph API routes of the simulator, and the code exchange. Every answer has
//! Meta's shapes (`graph_answers`); `appsecret_proof` is required with every token.

use std::sync::Arc;

use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde_json::json;

use super::{
    faults::FaultKind,
    grants::CodeProblem,
    graph_answers::{graph_error, injected, storage_failed, Params},
    Simulator, APP_ID, APP_SECRET,
};

pub fn router() -> Router<Arc<Simulator>> {
    use super::graph_whatsapp as whatsapp;
    Router::new()
        .route("/graph/{version}/oauth/access_token", get(exchange_code))
        .route("/graph/{version}/debug_token", get(whatsapp::debug_token))
        .route("/graph/{version}/{node}", get(whatsapp::node))
        .route(
            "/graph/{version}/{node}/phone_numbers",
            get(whatsapp::phone_numbers).post(super::graph_number_addition::add),
        )
        .route(
            "/graph/{version}/{node}/request_code",
            post(super::graph_number_addition::request_code),
        )
        .route(
            "/graph/{version}/{node}/verify_code",
            post(super::graph_number_addition::verify_code),
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
        .route(
            "/graph/{version}/{node}/smb_app_data",
            post(super::app_data::request),
        )
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
