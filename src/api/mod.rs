//! The vendor REST API, for vendors' servers. It sends no CORS headers on purpose: a
//! browser must not be able to read its responses.

mod error;
mod json_body;
mod rate_limit;
mod sessions;
mod setup_links;
mod test_events;
mod vendor_key;
mod workspaces;

pub use error::ApiError;

use axum::{
    extract::DefaultBodyLimit,
    http::{header, HeaderValue},
    routing::{delete, get, post},
    Router,
};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::state::AppState;

/// The largest request body the vendor API reads.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The OpenAPI 3.1 document of the vendor endpoints; the tests check every answer
/// against it.
pub const OPENAPI: &str = include_str!("openapi.json");

async fn openapi() -> impl axum::response::IntoResponse {
    (
        [
            (axum::http::header::CONTENT_TYPE, "application/json"),
            (axum::http::header::CACHE_CONTROL, "public, max-age=300"),
        ],
        OPENAPI,
    )
}

/// The vendor endpoints: every answer, error or not, is `Cache-Control: no-store` (it
/// holds a session token or a customer's data).
pub fn router() -> Router<AppState> {
    let vendor = Router::new()
        .route(
            "/api/vendor/sessions",
            post(sessions::create).fallback(error::post_only),
        )
        .route(
            "/api/vendor/sessions/{session_id}",
            get(sessions::show).fallback(error::get_only),
        )
        .route(
            "/api/vendor/setup-links",
            get(setup_links::list)
                .post(setup_links::create)
                .fallback(error::get_or_post),
        )
        .route(
            "/api/vendor/setup-links/{setup_link_id}",
            get(setup_links::show).fallback(error::get_only),
        )
        .route(
            "/api/vendor/setup-links/{setup_link_id}/revoke",
            post(setup_links::revoke).fallback(error::post_only),
        )
        .route(
            "/api/vendor/workspaces",
            get(workspaces::list).fallback(error::get_only),
        )
        .route(
            "/api/vendor/workspaces/{external_id}",
            get(workspaces::show)
                .delete(workspaces::erase)
                .fallback(error::get_or_delete),
        )
        .route(
            "/api/vendor/workspaces/{external_id}/whatsapp",
            delete(workspaces::disconnect_whatsapp).fallback(error::delete_only),
        )
        .route(
            "/api/vendor/workspaces/{external_id}/whatsapp/numbers/{phone_number_id}",
            delete(workspaces::disconnect_number).fallback(error::delete_only),
        )
        .route(
            "/api/vendor/workspaces/{external_id}/pages/{page_id}",
            delete(workspaces::disconnect_page).fallback(error::delete_only),
        )
        .route(
            "/api/vendor/test/workspaces/{external_id}/events",
            post(test_events::send).fallback(error::post_only),
        )
        .layer(axum::middleware::from_fn(rate_limit::write_headers))
        .route("/api/{*rest}", axum::routing::any(error::not_found))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    Router::new()
        .route("/api/openapi.json", get(openapi))
        .merge(vendor)
}
