//! The hosted JavaScript SDK for vendors' pages: `/sdk/v1/connect.js`, its TypeScript
//! declarations, and the neutral page the SDK's tab shows while the vendor's backend
//! creates the session (`loading`). Plain files, no build step; cached for five minutes
//! (v1 may still receive fixes), and compressed by the server's compression layer.

mod loading;

use axum::{http::header, response::Response, routing::get, Router};

use crate::{http::static_file::static_file, state::AppState};

const CONNECT_JS: &str = include_str!("connect.js");
const CONNECT_D_TS: &str = include_str!("connect.d.ts");

/// Public, credential-free files: vendors may load them with `crossorigin` and SRI.
fn public_file(content_type: &'static str, body: &'static str) -> Response {
    static_file(
        content_type,
        body,
        &[(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")],
    )
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/sdk/v1/connect.js",
            get(|| async { public_file("text/javascript; charset=utf-8", CONNECT_JS) }),
        )
        .route(
            "/sdk/v1/connect.d.ts",
            get(|| async { public_file("application/typescript; charset=utf-8", CONNECT_D_TS) }),
        )
        .route("/sdk/v1/loading", get(loading::serve))
}
