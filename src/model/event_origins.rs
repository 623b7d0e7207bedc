//! Which windows Embedded Signup's message events are taken from: Meta sends them from
//! several Facebook hosts (www, web for the regional redirect, m, business).

use serde::{Deserialize, Serialize};

/// Where the connect page accepts signup events from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventOrigins {
    /// `https` and a host that is the domain or ends in `.` and the domain
    /// (`facebook.com`: `www.facebook.com`, `web.facebook.com`, ...; never
    /// `evilfacebook.com`).
    Domain(String),
    /// The simulator: this page's own origin, or its twin on the other loopback name
    /// (`127.0.0.1` and `localhost`, same scheme and port), which stands in for Meta's
    /// second host.
    Simulator,
}

impl EventOrigins {
    /// The family of Meta's web origin: `https://www.facebook.com` stands for
    /// `facebook.com` and every host under it.
    pub fn of_web_origin(web_origin: &str) -> Self {
        let host = web_origin
            .trim_end_matches('/')
            .rsplit("://")
            .next()
            .unwrap_or(web_origin);
        let host = host.split(':').next().unwrap_or(host);
        Self::Domain(
            host.strip_prefix("www.")
                .unwrap_or(host)
                .to_ascii_lowercase(),
        )
    }

    /// Whether a message event from `origin` may be a signup event, for a page at
    /// `own_origin`.
    pub fn accepts(&self, origin: &str, own_origin: &str) -> bool {
        match self {
            Self::Domain(domain) => {
                let Some(host) = origin.strip_prefix("https://") else {
                    return false;
                };
                // An origin has no path; a port or user part is not Meta's.
                if host.contains([':', '/', '@']) {
                    return false;
                }
                let host = host.to_ascii_lowercase();
                host == *domain
                    || host
                        .strip_suffix(domain.as_str())
                        .is_some_and(|sub| sub.ends_with('.') && sub.len() > 1)
            }
            Self::Simulator => {
                origin == own_origin || Some(origin) == twin_origin(own_origin).as_deref()
            }
        }
    }
}

/// The same origin under the other loopback name.
pub fn twin_origin(origin: &str) -> Option<String> {
    if origin.contains("://127.0.0.1") {
        Some(origin.replacen("://127.0.0.1", "://localhost", 1))
    } else if origin.contains("://localhost") {
        Some(origin.replacen("://localhost", "://127.0.0.1", 1))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_https_facebook_host_and_nothing_else() {
        let facebook = EventOrigins::of_web_origin("https://www.facebook.com");
        assert_eq!(facebook, EventOrigins::Domain("facebook.com".into()));
        for good in [
            "https://www.facebook.com",
            "https://web.facebook.com",
            "https://m.facebook.com",
            "https://business.facebook.com",
            "https://facebook.com",
            "https://WWW.Facebook.com",
        ] {
            assert!(facebook.accepts(good, "https://x"), "{good}");
        }
        for bad in [
            "http://www.facebook.com",
            "https://evilfacebook.com",
            "https://facebook.com.evil.com",
            "https://www.facebook.com:8443",
            "https://.facebook.com",
            "https://user@www.facebook.com",
            "null",
            "",
        ] {
            assert!(!facebook.accepts(bad, "https://x"), "{bad}");
        }
    }

    #[test]
    fn the_simulator_speaks_from_the_page_origin_or_its_twin() {
        let own = "http://127.0.0.1:3000";
        assert!(EventOrigins::Simulator.accepts(own, own));
        assert!(EventOrigins::Simulator.accepts("http://localhost:3000", own));
        assert!(!EventOrigins::Simulator.accepts("http://localhost:3001", own));
        assert!(!EventOrigins::Simulator.accepts("https://www.facebook.com", own));
        assert_eq!(
            twin_origin("http://localhost:9").as_deref(),
            Some("http://127.0.0.1:9")
        );
        assert_eq!(twin_origin("https://example.com"), None);
    }
}
