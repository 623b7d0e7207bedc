//! A connect session belongs to the browser that first opened its page. That browser
//! keeps a random key in a cookie of this session's own (`SameSite=Lax`, HTTP only;
//! `__Host-` and `Secure` in production), and the session keeps the key's SHA-256.
//! Every step of the flow asks for it, and so do Meta's full-page login and its return:
//! a connect link sent to someone else (or opened by someone else first) is no use to
//! the holder of the link alone.
//!
//! The first open is the one the vendor's page makes in the customer's browser (the
//! guide's flow: the vendor opens `connect_url` in a new tab). In an app's built-in
//! browser, where Meta's window may not open, the page hands the session on to the
//! phone's own browser once, with a single-use code in the link it offers
//! (`in_app_browser`): only the bound browser is ever shown that code.

use crate::{
    db::session_claims::ConnectSession,
    domain::{BrowserKey, SessionRef},
};

/// How long a binding cookie lives: a session can be completed up to 30 minutes after
/// its page was first opened (`claim::COMPLETION_GRACE_MS`), plus a margin.
pub const COOKIE_SECONDS: i64 = 31 * 60;

/// The cookies a connect page or call came with.
#[derive(Debug, Clone, Copy)]
pub struct BrowserCookies<'a> {
    /// The `Cookie` header, all of it.
    header: Option<&'a str>,
    /// Production: `__Host-` cookies, sent over HTTPS only.
    host_only: bool,
}

impl<'a> BrowserCookies<'a> {
    pub fn new(header: Option<&'a str>, host_only: bool) -> Self {
        Self { header, host_only }
    }

    fn name(&self, session_id: &str) -> String {
        match self.host_only {
            true => format!("__Host-wpb_{session_id}"),
            false => format!("wpb_{session_id}"),
        }
    }

    /// The browser's key for this session, if it sent one.
    pub fn key_of(&self, session_id: &str) -> Option<BrowserKey> {
        let name = self.name(session_id);
        self.header?
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(cookie, _)| *cookie == name)
            .and_then(|(_, value)| BrowserKey::parse(value).ok())
    }

    /// The `Set-Cookie` value that gives this browser the session's key.
    pub fn set_cookie(&self, session_id: &str, key: &BrowserKey) -> String {
        let secure = if self.host_only { "; Secure" } else { "" };
        format!(
            "{}={}; Max-Age={COOKIE_SECONDS}; Path=/; HttpOnly; SameSite=Lax{secure}",
            self.name(session_id),
            key.expose()
        )
    }
}

/// Whether this browser holds the session.
pub fn holds(session: &ConnectSession, cookies: &BrowserCookies<'_>) -> bool {
    match (&session.browser_hash, cookies.key_of(&session.id)) {
        (Some(bound), Some(key)) => key.hash().as_str() == bound,
        _ => false,
    }
}

/// What a connect call names and what it proves: the session (its token, or its id once
/// the page has it) and the browser's cookies.
#[derive(Debug, Clone, Copy)]
pub struct Access<'a> {
    pub session: &'a str,
    pub cookies: BrowserCookies<'a>,
}

impl Access<'_> {
    /// The session named, if it is a token or an id at all.
    pub fn reference(&self) -> Option<SessionRef> {
        SessionRef::parse(self.session).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_read_for_its_session_only() {
        let key = BrowserKey::generate();
        let header = format!("other=1; wpb_ses_1={}; wpb_ses_2=bad", key.expose());
        let cookies = BrowserCookies::new(Some(&header), false);
        assert_eq!(cookies.key_of("ses_1"), Some(key.clone()));
        assert_eq!(cookies.key_of("ses_2"), None, "not a key");
        assert_eq!(cookies.key_of("ses_3"), None);
        let production = BrowserCookies::new(Some(&header), true);
        assert_eq!(
            production.key_of("ses_1"),
            None,
            "production reads __Host- only"
        );
    }

    #[test]
    fn production_cookies_are_host_only_and_secure() {
        let key = BrowserKey::generate();
        let set = BrowserCookies::new(None, true).set_cookie("ses_1", &key);
        assert!(set.starts_with("__Host-wpb_ses_1="), "{set}");
        for attribute in ["Path=/", "HttpOnly", "SameSite=Lax", "Secure"] {
            assert!(set.contains(attribute), "{set}");
        }
        assert!(!set.contains("Domain"));
        let development = BrowserCookies::new(None, false).set_cookie("ses_1", &key);
        assert!(development.starts_with("wpb_ses_1=") && !development.contains("Secure"));
    }
}
