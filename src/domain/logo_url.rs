use super::Invalid;

/// Where a vendor's logo is served from. Shown in an `<img>` on the connect pages, so it
/// must be an absolute `https` URL (or `http` on localhost for development).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogoUrl(String);

impl LogoUrl {
    pub const FIELD: &'static str = "logoUrl";
    const MAX_CHARS: usize = 2048;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let raw = raw.trim();
        let refuse =
            || Invalid::new("`logoUrl` must be an absolute https URL of at most 2048 characters");
        if raw.is_empty() || raw.len() > Self::MAX_CHARS {
            return Err(refuse());
        }
        let url = url::Url::parse(raw).map_err(|_| refuse())?;
        let local = matches!(url.host_str(), Some("localhost" | "127.0.0.1"));
        match url.scheme() {
            "https" => {}
            "http" if local => {}
            _ => return Err(refuse()),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refuse());
        }
        Ok(Self(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_local_http() {
        assert!(LogoUrl::parse("https://cdn.example.com/logo.png").is_ok());
        assert!(LogoUrl::parse("http://localhost:8080/logo.svg").is_ok());
    }

    #[test]
    fn refuses_other_schemes_relative_and_overlong() {
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AA",
            "/logo.png",
            "http://cdn.example.com/a.png",
            "",
        ] {
            assert!(LogoUrl::parse(bad).is_err(), "{bad}");
        }
        let long = format!("https://cdn.example.com/{}", "a".repeat(2048));
        assert!(LogoUrl::parse(&long).is_err());
    }
}
