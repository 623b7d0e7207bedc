//! What the browser reports from Meta, checked before it goes into a Graph URL, a
//! result message, a webhook or the database: ids, codes, user tokens and PINs.

use super::Invalid;

/// An id Meta gives a WhatsApp Business account, a phone number, a business portfolio
/// or a Page: decimal digits only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetaId(String);

impl MetaId {
    /// Meta's ids are 64-bit numbers written in decimal (up to 20 digits).
    pub const MAX_DIGITS: usize = 20;

    /// 1 to 20 ASCII digits; `field` names the value in the error.
    pub fn parse(field: &str, raw: &str) -> Result<Self, Invalid> {
        if raw.is_empty()
            || raw.len() > Self::MAX_DIGITS
            || !raw.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(Invalid::new(format!(
                "`{field}` must be a Meta id: 1 to {} digits",
                Self::MAX_DIGITS
            )));
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

/// An opaque credential Meta hands the browser (Embedded Signup's code, a Facebook
/// Login user token): checked only for a sane shape, so that nothing else reaches the
/// Graph API. Never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct MetaCredential(String);

impl std::fmt::Debug for MetaCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MetaCredential(redacted)")
    }
}

impl MetaCredential {
    pub const MAX_CHARS: usize = 4096;

    /// 1 to 4096 visible ASCII characters (no space or control character).
    pub fn parse(field: &str, raw: &str) -> Result<Self, Invalid> {
        if raw.is_empty()
            || raw.len() > Self::MAX_CHARS
            || !raw.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(Invalid::new(format!(
                "`{field}` must be 1 to {} visible ASCII characters",
                Self::MAX_CHARS
            )));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// One run of Meta's dialog, as the page names it, so that a code and an event are
/// paired only when they come from the same run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptId(String);

impl AttemptId {
    /// 1 to 64 ASCII letters, digits, `-` or `_`.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        if raw.is_empty()
            || raw.len() > 64
            || !raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(Invalid::new(
                "`attempt` must be 1 to 64 letters, digits, - or _",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A two-step verification PIN for a WhatsApp number: six digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(redacted)")
    }
}

impl Pin {
    /// Exactly six ASCII digits (surrounding spaces ignored, as people type them).
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let pin = raw.trim();
        if pin.len() != 6 || !pin.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Invalid::new("A PIN is exactly 6 digits."));
        }
        Ok(Self(pin.to_owned()))
    }

    /// Six random digits from the operating system's generator.
    pub fn generate() -> Self {
        use rand::{rngs::OsRng, TryRngCore};
        let mut bytes = [0u8; 8];
        OsRng
            .try_fill_bytes(&mut bytes)
            .expect("the operating system's random number generator failed");
        // 2^64 is so much larger than 10^6 that the modulo bias is negligible.
        Self(format!("{:06}", u64::from_le_bytes(bytes) % 1_000_000))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_ids_are_bounded_decimal_digits() {
        for good in ["1", "524126980791429", &"9".repeat(20)] {
            assert_eq!(MetaId::parse("waba_id", good).unwrap().as_str(), good);
        }
        for bad in [
            "",
            "930000000000001#<img src=x>",
            "12 34",
            "-1",
            "١٢٣",
            "0x10",
            &"1".repeat(21),
            "../me",
        ] {
            let error = MetaId::parse("waba_id", bad).unwrap_err();
            assert!(error.0.contains("`waba_id`"), "{bad}: {error}");
        }
    }

    #[test]
    fn credentials_are_visible_ascii_of_bounded_length() {
        assert!(MetaCredential::parse("code", "AQBx-_.~123").is_ok());
        for bad in ["", "a b", "tab\there", "é", &"a".repeat(4097)] {
            assert!(MetaCredential::parse("code", bad).is_err(), "{bad:?}");
        }
        let secret = MetaCredential::parse("code", "AQsecret").unwrap();
        assert!(!format!("{secret:?}").contains("AQsecret"));
    }

    #[test]
    fn attempts_are_short_plain_names() {
        assert!(AttemptId::parse("k3x9-2").is_ok());
        for bad in ["", "a b", "a/b", &"a".repeat(65)] {
            assert!(AttemptId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pins_are_six_digits() {
        assert_eq!(Pin::parse(" 012345 ").unwrap().expose(), "012345");
        for bad in ["", "12345", "1234567", "12a456", "١٢٣٤٥٦"] {
            assert!(Pin::parse(bad).is_err(), "{bad}");
        }
        for _ in 0..100 {
            let pin = Pin::generate();
            assert!(Pin::parse(pin.expose()).is_ok());
        }
        assert!(!format!("{:?}", Pin::generate())
            .chars()
            .any(|c| c.is_ascii_digit()));
    }
}
