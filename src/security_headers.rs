//! Security headers of the pages Leptos renders, set from the shell so that the CSP
//! can carry the per-request nonce of Leptos' inline scripts.
//!
//! Connect pages are opened by vendors' windows and must keep `window.opener`, so they
//! send no `Cross-Origin-Opener-Policy` other than `unsafe-none`; they never go into a
//! referrer or a cache. Admin pages are isolated (`Cross-Origin-Opener-Policy:
//! same-origin`) and never cached. Every page refuses to be framed.

use axum::http::{header, HeaderName, HeaderValue};
use leptos::{
    nonce::{provide_nonce, use_nonce},
    prelude::*,
};
use leptos_axum::ResponseOptions;

use crate::{model::EventOrigins, state::AppState};

const CONNECT_PREFIX: &str = "/vendor/connect/";
const ADMIN_PREFIX: &str = "/admin";
const CONSOLE_PREFIX: &str = "/console";

/// The origin (`scheme://host[:port]`) of a URL, for the CSP.
fn origin_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    Some(url.origin().ascii_serialization()).filter(|o| o != "null")
}

/// The CSP of a page. Meta's origins (connect pages only) also take the full-page
/// login's form: its post to this site answers with a redirect to Meta's dialog, and
/// `form-action` rules redirects after a form too.
fn content_security_policy(nonce: &str, meta_origins: &[String]) -> String {
    let meta = meta_origins.join(" ");
    format!(
        "default-src 'none'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval' {meta}; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' https: data:; connect-src 'self' {meta}; frame-src 'self' {meta}; \
         font-src 'self'; base-uri 'none'; form-action 'self' {meta}; frame-ancestors 'none'"
    )
}

/// Provides the nonce and sets the headers for the page being rendered.
pub fn apply() {
    provide_nonce();
    let Some(response) = use_context::<ResponseOptions>() else {
        return;
    };
    let path = use_context::<axum::http::request::Parts>()
        .map(|parts| parts.uri.path().to_owned())
        .unwrap_or_default();
    let nonce = use_nonce().map(|n| n.to_string()).unwrap_or_default();
    let mut meta_origins = Vec::new();
    let is_connect = path.starts_with(CONNECT_PREFIX);
    if is_connect {
        if let Some(state) = use_context::<AppState>() {
            let client = &state.meta.live.client;
            meta_origins.extend(origin_of(&client.sdk_url));
            if let EventOrigins::Domain(domain) = &client.event_origins {
                meta_origins.push(format!("https://{domain}"));
                meta_origins.push(format!("https://*.{domain}"));
            }
        }
    }
    let set = |name: HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.insert_header(name, value);
        }
    };
    set(
        header::CONTENT_SECURITY_POLICY,
        &content_security_policy(&nonce, &meta_origins),
    );
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if is_connect {
        set(header::REFERRER_POLICY, "no-referrer");
        set(header::CACHE_CONTROL, "no-store");
        set(
            HeaderName::from_static("cross-origin-opener-policy"),
            "unsafe-none",
        );
    } else if [ADMIN_PREFIX, CONSOLE_PREFIX]
        .iter()
        .any(|area| path == *area || path.strip_prefix(area).is_some_and(|r| r.starts_with('/')))
    {
        // Staff's and vendors' signed-in pages: no other window may hold a reference to
        // them, and their data (and secrets shown once, and an invitation's address)
        // never goes into a cache or another site's `Referer`.
        set(header::REFERRER_POLICY, "same-origin");
        set(header::CACHE_CONTROL, "no-store");
        set(
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        );
    } else {
        set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csp_allows_only_self_the_nonce_and_metas_origins() {
        let csp = content_security_policy("abc", &["https://connect.facebook.net".into()]);
        assert!(csp.contains(
            "script-src 'self' 'nonce-abc' 'wasm-unsafe-eval' https://connect.facebook.net;"
        ));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("form-action 'self' https://connect.facebook.net;"));
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn origins_come_from_urls() {
        assert_eq!(
            origin_of("https://connect.facebook.net/en_US/sdk.js").as_deref(),
            Some("https://connect.facebook.net")
        );
        assert_eq!(origin_of("/meta-sim/sdk.js"), None);
    }
}
