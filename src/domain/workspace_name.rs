use super::{text::display_text, Invalid};

/// The display name of a workspace: usually the vendor's customer's business name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceName(String);

impl WorkspaceName {
    pub const FIELD: &'static str = "workspaceName";
    pub const MAX_CHARS: usize = 100;

    /// Trims surrounding white space; 1 to 100 characters, no control characters.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        display_text(Self::FIELD, raw, Self::MAX_CHARS).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_business_name_and_trims_it() {
        assert_eq!(
            WorkspaceName::parse("  Acme Co ").unwrap().as_str(),
            "Acme Co"
        );
    }

    #[test]
    fn accepts_exactly_100_characters_including_non_ascii() {
        let name = "é".repeat(100);
        assert_eq!(WorkspaceName::parse(&name).unwrap().as_str(), name);
    }

    #[test]
    fn refuses_101_characters() {
        let err = WorkspaceName::parse(&"a".repeat(101)).unwrap_err();
        assert!(err.0.contains("workspaceName"), "{err}");
        assert!(err.0.contains("100"), "{err}");
    }

    #[test]
    fn refuses_empty_and_blank() {
        assert!(WorkspaceName::parse("").is_err());
        assert!(WorkspaceName::parse("   ").is_err());
    }

    #[test]
    fn refuses_control_characters() {
        assert!(WorkspaceName::parse("Acme\nCo").is_err());
        assert!(WorkspaceName::parse("Acme\u{0}").is_err());
    }
}
