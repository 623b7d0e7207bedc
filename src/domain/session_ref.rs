//! How a connect page and its calls name their session: by its token (the contract's
//! `connect_url`, the first time the page is opened) or, once the browser is bound to
//! the session, by the session's id (not a secret: the binding cookie is the proof).

use super::{Invalid, SessionToken};

/// A session's token or id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionRef {
    Token(SessionToken),
    Id(String),
}

/// Session ids: `ses_` and 24 lowercase hex characters (`db::new_id`).
fn is_session_id(raw: &str) -> bool {
    raw.strip_prefix("ses_").is_some_and(|rest| {
        rest.len() == 24 && rest.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

impl SessionRef {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if let Ok(token) = SessionToken::parse(raw) {
            return Ok(Self::Token(token));
        }
        if is_session_id(raw) {
            return Ok(Self::Id(raw.to_owned()));
        }
        Err(Invalid::new("not a session token or id"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_ids_are_told_apart_and_anything_else_refused() {
        let token = "ab".repeat(32);
        assert!(matches!(
            SessionRef::parse(&token),
            Ok(SessionRef::Token(_))
        ));
        let id = format!("ses_{}", "0f".repeat(12));
        assert_eq!(SessionRef::parse(&id), Ok(SessionRef::Id(id.clone())));
        for bad in [
            "",
            "ses_",
            "ses_XYZ",
            &format!("wsp_{}", "0f".repeat(12)),
            &format!("ses_{}", "0f".repeat(13)),
            "../ses_0",
        ] {
            assert!(SessionRef::parse(bad).is_err(), "{bad}");
        }
    }
}
