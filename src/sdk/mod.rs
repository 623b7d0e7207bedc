//! The hosted JavaScript SDK for vendors' pages: `/sdk/v1/connect.js`, its TypeScript
//! declarations, and the neutral page the SDK's tab shows while the vendor's backend
//! creates the session. Plain files, no build step; cached for five minutes (v1 may
//! still receive fixes), and compressed by the server's compression layer.

use axum::{
    http::{header, HeaderValue},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

use crate::startup::AppState;

const CONNECT_JS: &str = include_str!("connect.js");
const CONNECT_D_TS: &str = include_str!("connect.d.ts");
const LOADING_HTML: &str = include_str!("loading.html");

fn file(content_type: &'static str, body: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    // Public, credential-free files: vendors may load them with `crossorigin` and SRI.
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// The loading page keeps `window.opener` (no opener policy) and runs nothing.
async fn loading() -> Response {
    let mut response = file("text/html; charset=utf-8", LOADING_HTML);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/sdk/v1/connect.js",
            get(|| async { file("text/javascript; charset=utf-8", CONNECT_JS) }),
        )
        .route(
            "/sdk/v1/connect.d.ts",
            get(|| async { file("application/typescript; charset=utf-8", CONNECT_D_TS) }),
        )
        .route("/sdk/v1/loading", get(loading))
}
