//! A development server answers only the hosts it is reached by on purpose: an IP
//! address, `localhost`, or its configured public URL's host. Any other name means a
//! page somewhere resolved its own domain to this machine (DNS rebinding) to read the
//! development server, its simulator and fault injection included, as a same-origin
//! page; such requests are refused before a route sees them. (Production sits behind a
//! proxy that routes by host.)

use std::net::IpAddr;

use axum::{
    extract::{Request, State},
    http::{header, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    Json,
};

/// The names besides IP addresses and `localhost` this server answers.
#[derive(Debug, Clone, Default)]
pub struct KnownHosts {
    /// The public URL's host, when one is configured.
    pub public: Option<String>,
}

impl KnownHosts {
    /// Whether `authority` (`host[:port]`) names this server on purpose.
    fn knows(&self, authority: &str) -> bool {
        let Ok(authority) = authority.parse::<axum::http::uri::Authority>() else {
            return false;
        };
        let host = authority.host();
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        bare.parse::<IpAddr>().is_ok()
            || host.eq_ignore_ascii_case("localhost")
            || self
                .public
                .as_deref()
                .is_some_and(|public| public.eq_ignore_ascii_case(host))
    }
}

/// The middleware (development only): a request naming another host is refused.
pub async fn refuse_other_hosts(
    State(known): State<KnownHosts>,
    request: Request,
    next: Next,
) -> Response {
    let authority = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| request.uri().authority().map(|a| a.to_string()));
    // No host at all cannot be a rebinding browser (browsers always send one).
    if authority.is_none_or(|a| known.knows(&a)) {
        return next.run(request).await;
    }
    tracing::warn!("refused a request for a host this development server does not serve");
    (
        StatusCode::MISDIRECTED_REQUEST,
        Json(serde_json::json!({
            "error": "This development server answers its own address only (an IP address or localhost)."
        })),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_addresses_localhost_and_the_public_host_are_known_other_names_not() {
        let known = KnownHosts {
            public: Some("dev.example.com".into()),
        };
        for host in [
            "127.0.0.1:3000",
            "localhost:3000",
            "LOCALHOST",
            "[::1]:3000",
            "192.168.1.20:3000",
            "dev.example.com",
        ] {
            assert!(known.knows(host), "{host}");
        }
        for host in [
            "rebind.attacker.example",
            "127.0.0.1.nip.io:3000",
            "localhost.attacker.example",
            "",
            "bad host",
        ] {
            assert!(!known.knows(host), "{host}");
        }
    }
}
