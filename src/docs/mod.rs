//! The integration guide served at `/docs`: static HTML written for vendors, correcting
//! the mistakes of the guide they were first given (the tab opened before any `await`,
//! messages checked by origin and source, results confirmed on the server).

use axum::{http::header, response::Response, routing::get, Router};

use crate::{http::static_file::static_file, state::AppState};

const GUIDE: &str = include_str!("guide.html");
const STYLE: &str = include_str!("docs.css");

fn page(content_type: &'static str, body: &'static str) -> Response {
    static_file(
        content_type,
        body,
        &[(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; frame-ancestors 'none'",
        )],
    )
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
