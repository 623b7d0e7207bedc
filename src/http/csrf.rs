//! Cross-site request refusal for every state-changing request, server functions
//! included: a browser says where a request comes from (`Sec-Fetch-Site`, `Origin`),
//! and anything from another site is refused before it reaches a handler.
//!
//! The vendor REST API is exempt: it is authenticated by a bearer key, which a browser
//! never attaches on its own, and it is called from vendors' servers. So are Meta's
//! callbacks under `/meta/`: Meta's servers call them, each signed with the app secret.

use axum::{
    extract::Request,
    http::{header, HeaderMap, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};

const EXEMPT_PREFIXES: [&str; 2] = ["/api/vendor/", "/meta/"];

/// Why a request looks cross-site, if it does. `authority` is the request target's
/// own authority (HTTP/2 sends it instead of `Host`; an HTTP/1.1 absolute-form target
/// carries it too), used when there is no `Host` header.
fn cross_site_reason(headers: &HeaderMap, authority: Option<&str>) -> Option<&'static str> {
    let text = |name| headers.get(name).and_then(|v| v.to_str().ok());
    match text("sec-fetch-site") {
        // The browser itself says so (no page can set this header). Its `Origin` may
        // then be `null`: a page with `Referrer-Policy: no-referrer` (the connect pages)
        // posts its forms so.
        Some("same-origin") => return None,
        Some("none") | None => {}
        Some(_) => return Some("Sec-Fetch-Site is not same-origin"),
    }
    if let Some(origin) = text(header::ORIGIN.as_str()) {
        // A request naming an origin but no host (a raw HTTP/1.0 request) cannot be
        // shown to be same-origin: refused, never waved through.
        let Some(host) = text(header::HOST.as_str()).or(authority) else {
            return Some("Origin is given but no Host to compare it with");
        };
        if !same_host(origin, host) {
            return Some("Origin is another site");
        }
    }
    None
}

/// Whether `origin` (`scheme://host[:port]`) names the `Host` this request was sent to.
fn same_host(origin: &str, host: &str) -> bool {
    let Ok(origin) = url::Url::parse(origin) else {
        return false;
    };
    let (Some(origin_host), Some(origin_port)) =
        (origin.host_str(), origin.port_or_known_default())
    else {
        return false;
    };
    let Ok(authority) = host.parse::<axum::http::uri::Authority>() else {
        return false;
    };
    authority.host().eq_ignore_ascii_case(origin_host)
        && authority.port_u16().unwrap_or(origin_port) == origin_port
}

/// The middleware: safe methods and the vendor API pass; the rest must not be cross-site.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let path = request.uri().path();
    if safe
        || EXEMPT_PREFIXES
            .iter()
            .any(|prefix| path.starts_with(prefix))
    {
        return next.run(request).await;
    }
    let authority = request.uri().authority().map(|a| a.as_str());
    match cross_site_reason(request.headers(), authority) {
        None => next.run(request).await,
        Some(reason) => {
            tracing::warn!(
                path = request.uri().path(),
                reason,
                "refused a cross-site request"
            );
            (
                StatusCode::FORBIDDEN,
                Json(serde_json::json!({
                    "error": "Cross-site requests are refused: submit the form from this site."
                })),
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn same_origin_and_headerless_requests_pass() {
        assert_eq!(cross_site_reason(&headers(&[]), None), None);
        assert_eq!(
            cross_site_reason(
                &headers(&[
                    ("host", "127.0.0.1:3000"),
                    ("origin", "http://127.0.0.1:3000"),
                    ("sec-fetch-site", "same-origin"),
                ]),
                None
            ),
            None
        );
        assert_eq!(
            cross_site_reason(
                &headers(&[
                    ("host", "admin.example.com"),
                    ("origin", "https://admin.example.com")
                ]),
                None
            ),
            None
        );
    }

    #[test]
    fn other_sites_are_refused() {
        for site in ["cross-site", "same-site"] {
            let mut map = headers(&[("host", "a.example.com")]);
            map.insert("sec-fetch-site", HeaderValue::from_static(site));
            assert!(cross_site_reason(&map, None).is_some(), "{site}");
        }
        for origin in ["https://evil.example", "http://127.0.0.1:3001", "null"] {
            let mut map = headers(&[("host", "127.0.0.1:3000")]);
            map.insert("origin", HeaderValue::from_static(origin));
            assert!(cross_site_reason(&map, None).is_some(), "{origin}");
        }
    }

    #[test]
    fn a_same_origin_form_of_a_no_referrer_page_passes_with_a_null_origin() {
        let map = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "null"),
            ("sec-fetch-site", "same-origin"),
        ]);
        assert_eq!(cross_site_reason(&map, None), None);
        let without_metadata = headers(&[("host", "127.0.0.1:3000"), ("origin", "null")]);
        assert!(cross_site_reason(&without_metadata, None).is_some());
    }

    #[test]
    fn an_origin_without_a_host_is_refused_and_the_target_authority_counts_as_one() {
        let map = headers(&[("origin", "https://evil.example")]);
        assert!(cross_site_reason(&map, None).is_some());
        assert!(cross_site_reason(&map, Some("admin.example.com")).is_some());
        let own = headers(&[("origin", "https://admin.example.com")]);
        assert_eq!(cross_site_reason(&own, Some("admin.example.com")), None);
    }
}
