//! The integration guide served at `/docs`: static HTML written for vendors, correcting
//! the mistakes of the guide they were first given (the tab opened before any `await`,
//! messages checked by origin and source, results confirmed on the server).

use axum::{
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

use crate::startup::AppState;

const GUIDE: &str = include_str!("guide.html");
const STYLE: &str = include_str!("docs.css");

fn page(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'self'; frame-ancestors 'none'"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/docs",
            get(|| async { page("text/html; charset=utf-8", GUIDE) }),
        )
        .route(
            "/docs/docs.css",
            get(|| async { page("text/css; charset=utf-8", STYLE) }),
        )
}
