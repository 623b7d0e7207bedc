use super::Invalid;

/// A staff member's email address, the name they sign in with. Kept lower-case so
/// that one person cannot hold two accounts by changing case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffEmail(String);

impl StaffEmail {
    pub const MAX_CHARS: usize = 254;

    /// Trims and lower-cases; one `@` with text on both sides, a dot in the domain,
    /// no white space or control characters, at most 254 characters.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let email = raw.trim().to_lowercase();
        let invalid = || Invalid::new("`email` must be an email address such as name@example.com");
        if email.is_empty() || email.chars().count() > Self::MAX_CHARS {
            return Err(invalid());
        }
        if email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        match email.split_once('@') {
            Some((local, domain))
                if !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.') =>
            {
                Ok(Self(email))
            }
            _ => Err(invalid()),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_lowercases() {
        assert_eq!(
            StaffEmail::parse("  Ada@WhatsPortal.Example ")
                .unwrap()
                .as_str(),
            "ada@whatsportal.example"
        );
    }

    #[test]
    fn refuses_what_is_not_an_address() {
        for bad in [
            "", "ada", "ada@", "@x.io", "a@b", "a@@b.io", "a b@c.io", "a@.io", "a@io.",
        ] {
            assert!(StaffEmail::parse(bad).is_err(), "{bad}");
        }
        assert!(StaffEmail::parse(&format!("{}@x.io", "a".repeat(250))).is_err());
    }
}
