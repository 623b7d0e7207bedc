//! The neutral page the SDK's tab shows while the vendor's backend creates the session:
//! "Connecting…" in the customer's browser language, styled as the connect pages are
//! (light or dark, as the system is), and running nothing.

use std::sync::LazyLock;

use axum::{
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
};
use base64::Engine;
use sha2::{Digest, Sha256};

use crate::i18n::{catalogue, Key, Locale};

/// The page's only style: a centred line with a turning ring (still for those who ask
/// for reduced motion).
const STYLE: &str = "body{margin:0;min-height:100vh;display:grid;place-items:center;\
font:1.125rem/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1f2933;background:#f5f7fa}\
@media (prefers-color-scheme:dark){body{color:#e4e7eb;background:#16191d}}\
p::before{content:'';display:inline-block;width:1em;height:1em;margin-inline-end:.6em;\
vertical-align:-.15em;border:.15em solid currentColor;border-inline-end-color:transparent;\
border-radius:50%;animation:turn 1s linear infinite}\
@keyframes turn{to{transform:rotate(1turn)}}\
@media (prefers-reduced-motion:reduce){p::before{animation:none}}";

/// Only that style may apply: no script, no other source.
static POLICY: LazyLock<HeaderValue> = LazyLock::new(|| {
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE));
    let policy = format!("default-src 'none'; style-src 'sha256-{hash}'; frame-ancestors 'none'");
    HeaderValue::from_str(&policy).expect("a policy of ASCII")
});

/// The page in `locale`.
pub fn page(locale: Locale) -> String {
    let texts = catalogue::texts(locale);
    let connecting = texts
        .get(Key::Connecting)
        .replace('&', "&amp;")
        .replace('<', "&lt;");
    format!(
        "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"color-scheme\" content=\"light dark\">\
         <title>{connecting}</title><style>{STYLE}</style></head>\n\
         <body><p role=\"status\">{connecting}</p></body>\n</html>\n",
        lang = locale.tag(),
        dir = locale.dir(),
    )
}

/// `GET /sdk/v1/loading`. It keeps `window.opener` (no opener policy): the vendor's
/// page sends this tab on to the connect page.
pub async fn serve(request: HeaderMap) -> Response {
    let asked = request
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let mut response = page(Locale::negotiate(asked)).into_response();
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CACHE_CONTROL, "public, max-age=300"),
        (header::VARY, "Accept-Language"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(header::CONTENT_SECURITY_POLICY, POLICY.clone());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_speaks_the_language_and_its_direction() {
        let arabic = page(Locale::Ar);
        assert!(arabic.contains(r#"<html lang="ar" dir="rtl">"#));
        let connecting = catalogue::texts(Locale::Ar).get(Key::Connecting).to_owned();
        assert!(arabic.contains(&format!("<title>{connecting}</title>")));
        assert!(arabic.contains(&format!(r#"<p role="status">{connecting}</p>"#)));
        assert!(page(Locale::Es).contains("Conectando…"));
        assert!(!arabic.contains("<script"));
    }

    #[test]
    fn only_the_pages_own_style_is_allowed() {
        let policy = POLICY.to_str().unwrap();
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(STYLE));
        assert!(policy.contains(&format!("style-src 'sha256-{hash}'")));
        assert!(policy.starts_with("default-src 'none'"));
    }
}
