use rand::{rngs::OsRng, TryRngCore};

use super::Invalid;

/// A password being set for a staff member. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

/// Letters and digits that cannot be mistaken for one another when read aloud or copied.
const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const GENERATED_CHARS: usize = 20;

impl NewPassword {
    pub const MIN_CHARS: usize = 12;
    pub const MAX_CHARS: usize = 256;

    /// 12 to 256 characters, kept exactly as typed.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let chars = raw.chars().count();
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&chars) {
            return Err(Invalid::new(format!(
                "`password` must be {} to {} characters",
                Self::MIN_CHARS,
                Self::MAX_CHARS
            )));
        }
        Ok(Self(raw.to_owned()))
    }

    /// A new random password of 20 characters (about 116 bits) from the OS CSPRNG.
    pub fn generate() -> Self {
        let mut password = String::with_capacity(GENERATED_CHARS);
        while password.len() < GENERATED_CHARS {
            let mut byte = [0u8; 1];
            OsRng
                .try_fill_bytes(&mut byte)
                .expect("the operating system's random number generator failed");
            // Rejection sampling keeps every character equally likely.
            let limit = 256 - 256 % ALPHABET.len();
            if usize::from(byte[0]) < limit {
                password.push(char::from(ALPHABET[usize::from(byte[0]) % ALPHABET.len()]));
            }
        }
        Self(password)
    }

    /// The password itself; never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse(&"x".repeat(257)).is_err());
        assert!(NewPassword::parse("  twelve chars").is_ok());
    }

    #[test]
    fn generated_passwords_are_valid_distinct_and_redacted() {
        let a = NewPassword::generate();
        let b = NewPassword::generate();
        assert_eq!(a.expose().len(), GENERATED_CHARS);
        assert!(NewPassword::parse(a.expose()).is_ok());
        assert_ne!(a, b);
        assert!(!format!("{a:?}").contains(a.expose()));
    }
}
