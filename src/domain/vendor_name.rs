use super::{text::display_text, Invalid};

/// A vendor's product name, shown to its customers on the connect pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorName(String);

impl VendorName {
    pub const FIELD: &'static str = "name";
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
    fn accepts_and_trims() {
        assert_eq!(
            VendorName::parse(" Acme CRM ").unwrap().as_str(),
            "Acme CRM"
        );
    }

    #[test]
    fn refuses_blank_long_and_control() {
        assert!(VendorName::parse(" ").is_err());
        assert!(VendorName::parse(&"x".repeat(101)).is_err());
        assert!(VendorName::parse("a\tb").is_err());
    }
}
