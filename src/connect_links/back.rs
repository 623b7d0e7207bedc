//! `GET /vendor/connect/back/{session_id}`: "Back to {vendor}" on a connect page whose
//! session named a return URL.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};

use crate::{
    http::{connect_cookies::binding_cookies, redirect::see_other},
    services::connect::return_to_vendor::back_to_vendor,
    state::AppState,
};

/// To the session's return URL with its outcome; `404` for an unknown session or one
/// without a return URL.
pub async fn to_vendor(
    State(app): State<AppState>,
    headers: HeaderMap,
    Path(session_id): Path<String>,
) -> Response {
    let cookies = binding_cookies(&app, &headers);
    match back_to_vendor(&app.db, &session_id, &cookies).await {
        Ok(Some(location)) => see_other(&location),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            "This session has no way back to its vendor: go back to the vendor's app.",
        )
            .into_response(),
        Err(error) => {
            tracing::error!(error = %error, "the way back to a vendor could not be read");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "The way back could not be read: try again in a moment.",
            )
                .into_response()
        }
    }
}
