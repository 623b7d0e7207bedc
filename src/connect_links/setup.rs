//! `GET /vendor/connect/setup/{token}`: a setup link, opened by the customer.

use axum::{
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};

use crate::{http::redirect::see_other, services::connect::setup_links, state::AppState};

/// On to a fresh session's page (or, for a link that can no longer be used, to a page
/// that says so).
pub async fn open(State(app): State<AppState>, Path(token): Path<String>) -> Response {
    match setup_links::open(&app.db, &token).await {
        Ok(location) => see_other(&location),
        Err(error) => {
            tracing::error!(error = %error, "a setup link could not be opened");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "This link could not be opened just now: try again in a moment.",
            )
                .into_response()
        }
    }
}
