use super::Invalid;

/// A web origin in its normalised form `scheme://host[:port]`: lower case, default port
/// dropped, no path, query, fragment or trailing slash. This is the form stored in the
/// allowed-origin list and compared against a session's `origin`, and the exact
/// target origin of the result's `postMessage`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin(String);

impl Origin {
    pub const FIELD: &'static str = "origin";
    const MAX_CHARS: usize = 255;

    /// Accepts `https://host[:port]` and, for local development only,
    /// `http://localhost[:port]` and `http://127.0.0.1[:port]`. One trailing `/` is
    /// tolerated and dropped; any other path, a query, a fragment or credentials are not.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let refuse = |why: &str| Invalid::new(format!("`origin` {why}"));
        if raw.is_empty() {
            return Err(refuse("must not be empty"));
        }
        if raw.len() > Self::MAX_CHARS || raw.trim() != raw {
            return Err(refuse(
                "must be a scheme and host such as https://app.example.com",
            ));
        }
        let url = url::Url::parse(raw)
            .map_err(|_| refuse("must be a scheme and host such as https://app.example.com"))?;
        let host = match url.host_str() {
            Some(host) if !host.is_empty() => host.to_owned(),
            _ => return Err(refuse("must include a host")),
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refuse("must not contain credentials"));
        }
        if url.path() != "/" || raw.ends_with("//") {
            return Err(refuse("must not contain a path"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(refuse("must not contain a query or fragment"));
        }
        match url.scheme() {
            "https" => {}
            "http" if host == "localhost" || host == "127.0.0.1" => {}
            "http" => {
                return Err(refuse(
                    "must use https (http is allowed only for localhost and 127.0.0.1)",
                ))
            }
            _ => return Err(refuse("must use https")),
        }
        let normalised = match url.port() {
            Some(port) => format!("{}://{host}:{port}", url.scheme()),
            None => format!("{}://{host}", url.scheme()),
        };
        Ok(Self(normalised))
    }

    /// Rebuilds an origin read back from storage, where only normalised values are kept.
    pub fn from_stored(stored: String) -> Self {
        Self(stored)
    }

    /// `http://localhost` or `http://127.0.0.1`: for development only.
    pub fn is_plain_http(&self) -> bool {
        self.0.starts_with("http://")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(raw: &str) -> String {
        Origin::parse(raw).unwrap().as_str().to_owned()
    }

    #[test]
    fn keeps_a_plain_https_origin() {
        assert_eq!(
            normalised("https://app.example.com"),
            "https://app.example.com"
        );
    }

    #[test]
    fn lowercases_drops_default_port_and_trailing_slash() {
        assert_eq!(
            normalised("HTTPS://App.Example.COM:443/"),
            "https://app.example.com"
        );
    }

    #[test]
    fn keeps_a_non_default_port() {
        assert_eq!(
            normalised("https://app.example.com:8443"),
            "https://app.example.com:8443"
        );
    }

    #[test]
    fn allows_http_only_for_local_development() {
        assert_eq!(normalised("http://localhost:3000"), "http://localhost:3000");
        assert_eq!(normalised("http://127.0.0.1:5173"), "http://127.0.0.1:5173");
        assert!(Origin::parse("http://app.example.com").is_err());
        assert!(Origin::parse("http://localhost.example.com").is_err());
    }

    #[test]
    fn refuses_paths_queries_fragments_and_credentials() {
        for bad in [
            "https://app.example.com/path",
            "https://app.example.com//",
            "https://app.example.com?x=1",
            "https://app.example.com/?",
            "https://app.example.com#top",
            "https://user:pw@app.example.com",
        ] {
            assert!(Origin::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn refuses_non_web_schemes_and_garbage() {
        for bad in [
            "",
            " https://a.com",
            "ftp://a.com",
            "javascript:alert(1)",
            "app.example.com",
            "https://",
            "null",
        ] {
            let err = Origin::parse(bad).unwrap_err();
            assert!(err.0.contains("origin"), "{bad}: {err}");
        }
    }
}
