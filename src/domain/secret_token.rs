//! The bearer secrets of the product: vendors' API keys, customers' session tokens,
//! staff members' sign-in cookies, the `state` of Meta's full-page dialog, the cookie
//! binding a connect session to its browser and the code handing it to another.
//! Both are 32 bytes from the operating system's CSPRNG, written as 64 lowercase hex
//! characters, and stored only as their SHA-256.

use rand::{rngs::OsRng, TryRngCore};
use sha2::{Digest, Sha256};

use super::Invalid;

const SECRET_BYTES: usize = 32;
const SECRET_HEX_LEN: usize = SECRET_BYTES * 2;

/// The SHA-256 of a secret, as 64 lowercase hex characters: what the database keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenHash(String);

impl TokenHash {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn generate_hex() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the operating system's random number generator failed");
    hex::encode(bytes)
}

fn is_secret_hex(raw: &str) -> bool {
    raw.len() == SECRET_HEX_LEN && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn hash_of(secret: &str) -> TokenHash {
    TokenHash(hex::encode(Sha256::digest(secret.as_bytes())))
}

macro_rules! secret_type {
    ($name:ident, $what:literal) => {
        #[doc = concat!("A ", $what, ". Its `Debug` never shows the secret.")]
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("A new random ", $what, ".")]
            pub fn generate() -> Self {
                Self(generate_hex())
            }

            #[doc = concat!("Accepts a ", $what, " as 64 lowercase hex characters.")]
            pub fn parse(raw: &str) -> Result<Self, Invalid> {
                if is_secret_hex(raw) {
                    Ok(Self(raw.to_owned()))
                } else {
                    Err(Invalid::new(concat!(
                        "a ",
                        $what,
                        " is 64 lowercase hexadecimal characters"
                    )))
                }
            }

            /// The value to hand out once; never log it.
            pub fn expose(&self) -> &str {
                &self.0
            }

            pub fn hash(&self) -> TokenHash {
                hash_of(&self.0)
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), "(redacted)"))
            }
        }
    };
}

secret_type!(ApiKey, "API key");
secret_type!(SessionToken, "session token");
secret_type!(StaffSessionToken, "staff sign-in token");
secret_type!(DialogState, "full-page dialog state");
secret_type!(BrowserKey, "connect page's browser binding");
secret_type!(HandOffCode, "hand-off code to another browser");
secret_type!(SetupLinkToken, "setup link's token");
secret_type!(ConsoleSessionToken, "vendor console sign-in token");
secret_type!(InvitationToken, "vendor console invitation's token");

impl ApiKey {
    /// The first characters of the key, shown to staff to tell keys apart.
    pub fn display_prefix(&self) -> &str {
        &self.0[..8]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_secrets_are_64_lowercase_hex_and_distinct() {
        let a = SessionToken::generate();
        let b = SessionToken::generate();
        assert!(is_secret_hex(a.expose()));
        assert_ne!(a, b);
        assert!(ApiKey::parse(ApiKey::generate().expose()).is_ok());
    }

    #[test]
    fn hash_is_the_sha256_of_the_hex_text() {
        let key = ApiKey::parse(&"0".repeat(64)).unwrap();
        assert_eq!(
            key.hash().as_str(),
            "60e05bd1b195af2f94112fa7197a5c88289058840ce7c6df9693756bc6250f55"
        );
    }

    #[test]
    fn refuses_wrong_length_case_and_characters() {
        for bad in [
            "",
            "abc",
            &"A".repeat(64),
            &"g".repeat(64),
            &"0".repeat(63),
            &"0".repeat(65),
        ] {
            assert!(ApiKey::parse(bad).is_err(), "{bad}");
            assert!(SessionToken::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let token = SessionToken::generate();
        assert!(!format!("{token:?}").contains(token.expose()));
    }
}
