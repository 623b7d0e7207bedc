//! The client bundle built by cargo-leptos under `/pkg`. Hashed file names are cached for
//! a year; precompressed `.br` / `.gz` siblings are served when present (the release
//! build makes them), and the compression layer covers everything else. Other files of
//! the site root are served by Leptos' file-and-error fallback.

use std::path::Path;

use axum::{
    http::{header, HeaderValue},
    Router,
};
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

use crate::state::AppState;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const SHORT: &str = "public, max-age=300";

/// `/pkg/*` and the other files of the site root.
pub fn router(site_root: &Path, hashed: bool) -> Router<AppState> {
    let pkg_cache = if hashed { IMMUTABLE } else { SHORT };
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(site_root.join("pkg"))
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static(pkg_cache),
        ));
    Router::new().nest("/pkg", pkg)
}

/// Whether cargo-leptos built the site with hashed file names: it then leaves
/// `hash.txt` beside the server binary, which is where Leptos reads it from.
pub fn hashed_build() -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
        .is_some_and(|file| file.is_file())
}
