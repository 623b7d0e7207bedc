use super::Invalid;

/// The vendor's opaque `state`, echoed back in the result message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionState(String);

impl SessionState {
    pub const FIELD: &'static str = "state";
    pub const MAX_CHARS: usize = 1024;

    /// Any string of at most 1024 characters, kept exactly as sent.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(Invalid::new("`state` must be at most 1024 characters"));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_any_text_up_to_1024_characters() {
        let state = "ö".repeat(1024);
        assert_eq!(SessionState::parse(&state).unwrap().as_str(), state);
        assert_eq!(SessionState::parse("").unwrap().as_str(), "");
    }

    #[test]
    fn refuses_1025_characters() {
        let err = SessionState::parse(&"a".repeat(1025)).unwrap_err();
        assert!(err.0.contains("state"), "{err}");
    }
}
