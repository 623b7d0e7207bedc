use super::Invalid;

/// Where a customer is sent back to the vendor when the connect page has no window to
/// post its result to: an exact `https` URL (a page of the vendor's, or a mobile app's
/// claimed link), registered by staff. Sessions name one exactly as registered, so the
/// connect page only ever redirects to a URL staff chose: never a pattern, never a URL
/// a request made up. A query is kept (the outcome's parameters are added to it); a
/// fragment, credentials and any other scheme are refused. Plain `http` is for
/// `localhost` and `127.0.0.1` only, in development.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnUrl(String);

impl ReturnUrl {
    pub const FIELD: &'static str = "returnUrl";
    const MAX_CHARS: usize = 2000;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let refuse = |why: &str| Invalid::new(format!("`{}` {why}", Self::FIELD));
        let shape = "must be an absolute URL such as https://app.example.com/connected";
        if raw.is_empty() || raw.len() > Self::MAX_CHARS || raw.trim() != raw {
            return Err(refuse(shape));
        }
        let url = url::Url::parse(raw).map_err(|_| refuse(shape))?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(refuse("must use https"));
        }
        let host = match url.host_str() {
            Some(host) if !host.is_empty() => host.to_owned(),
            _ => return Err(refuse("must include a host")),
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(refuse("must not contain credentials"));
        }
        if url.fragment().is_some() {
            return Err(refuse("must not contain a fragment"));
        }
        if url.scheme() == "http" && host != "localhost" && host != "127.0.0.1" {
            return Err(refuse(
                "must use https (http is allowed only for localhost and 127.0.0.1)",
            ));
        }
        Ok(Self(url.into()))
    }

    /// Rebuilds a URL read back from storage, where only parsed values are kept.
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

    /// The URL with `pairs` added to its query (after any query of its own), each
    /// name and value encoded.
    pub fn with_query<'a>(&self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
        let mut url = url::Url::parse(&self.0).expect("a return URL is a parsed URL");
        url.query_pairs_mut().extend_pairs(pairs);
        url.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_https_urls_with_a_path_and_a_query() {
        for good in [
            "https://app.example.com/connected",
            "https://links.example.com/app/whatsapp?tab=channels",
            "http://localhost:3000/back",
        ] {
            assert_eq!(ReturnUrl::parse(good).unwrap().as_str(), good);
        }
        // The parsed form is the one stored and compared.
        assert_eq!(
            ReturnUrl::parse("HTTPS://App.Example.com")
                .unwrap()
                .as_str(),
            "https://app.example.com/"
        );
    }

    #[test]
    fn refuses_what_could_go_elsewhere_or_leak() {
        for bad in [
            "",
            " https://a.example.com/",
            "/relative/path",
            "//a.example.com/x",
            "javascript:alert(1)",
            "myapp://callback",
            "http://app.example.com/back",
            "https://user:pw@app.example.com/",
            "https://app.example.com/back#done",
        ] {
            let err = ReturnUrl::parse(bad).unwrap_err();
            assert!(err.0.contains("`returnUrl`"), "{bad}: {err}");
        }
        assert!(ReturnUrl::parse(&format!("https://a.example.com/{}", "x".repeat(2000))).is_err());
    }

    #[test]
    fn adds_the_outcome_after_the_urls_own_query() {
        let url = ReturnUrl::parse("https://app.example.com/back?tab=wa").unwrap();
        assert_eq!(
            url.with_query([("status", "connected"), ("state", "a b&c")]),
            "https://app.example.com/back?tab=wa&status=connected&state=a+b%26c"
        );
        let bare = ReturnUrl::parse("https://app.example.com/back").unwrap();
        assert_eq!(
            bare.with_query([("status", "expired")]),
            "https://app.example.com/back?status=expired"
        );
    }
}
