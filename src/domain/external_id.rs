use super::Invalid;

/// The vendor's own stable id for its customer. Together with the vendor it names one
/// workspace, so it is kept exactly as sent (no trimming, no case folding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalId(String);

impl ExternalId {
    pub const FIELD: &'static str = "externalId";
    pub const MAX_CHARS: usize = 64;

    /// 1 to 64 characters from `A-Z a-z 0-9 - _ .` and space; never `/`.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.is_empty() {
            return Err(Invalid::new("`externalId` must not be empty"));
        }
        if raw.chars().count() > Self::MAX_CHARS {
            return Err(Invalid::new("`externalId` must be at most 64 characters"));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ');
        if let Some(bad) = raw.chars().find(|c| !allowed(*c)) {
            return Err(Invalid::new(format!(
                "`externalId` may contain only letters, digits, '-', '_', '.' and spaces (found {bad:?})"
            )));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_allowed_character() {
        let id = "Customer_123-eu.west 9";
        assert_eq!(ExternalId::parse(id).unwrap().as_str(), id);
    }

    #[test]
    fn keeps_the_value_exactly() {
        assert_eq!(ExternalId::parse(" a ").unwrap().as_str(), " a ");
    }

    #[test]
    fn accepts_64_and_refuses_65_characters() {
        assert!(ExternalId::parse(&"a".repeat(64)).is_ok());
        let err = ExternalId::parse(&"a".repeat(65)).unwrap_err();
        assert!(err.0.contains("64"), "{err}");
    }

    #[test]
    fn refuses_slash_and_other_characters() {
        for bad in ["a/b", "a@b", "ü", "a\nb", "a+b"] {
            let err = ExternalId::parse(bad).unwrap_err();
            assert!(err.0.contains("externalId"), "{bad}: {err}");
        }
    }

    #[test]
    fn refuses_empty() {
        assert!(ExternalId::parse("").is_err());
    }
}
