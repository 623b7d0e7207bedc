//! Staff passwords: Argon2id hashes in PHC string form, computed off the async workers.

use std::sync::OnceLock;

use argon2::{
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use rand::{rngs::OsRng, TryRngCore};

use crate::domain::NewPassword;

/// OWASP's minimum for Argon2id: 19 MiB of memory, two passes, one lane.
const MEMORY_KIB: u32 = 19 * 1024;
const PASSES: u32 = 2;
const LANES: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> String {
    let mut salt = [0u8; 16];
    OsRng
        .try_fill_bytes(&mut salt)
        .expect("the operating system's random number generator failed");
    let salt = SaltString::encode_b64(&salt).expect("16 bytes make a valid salt");
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("Argon2 hashing with valid parameters")
        .to_string()
}

/// A hash nobody's password matches, so that signing in as an unknown account costs
/// the same work as a known one.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_now(NewPassword::generate().expose()))
}

/// The Argon2id hash of a new password.
pub async fn hash(password: &NewPassword) -> String {
    let password = password.clone();
    tokio::task::spawn_blocking(move || hash_now(password.expose()))
        .await
        .expect("the hashing task does not panic")
}

/// Whether `password` matches `stored`; with no stored hash, does the same work and
/// answers no. A malformed stored hash never matches.
pub async fn verify(password: &str, stored: Option<String>) -> bool {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let stored = stored.unwrap_or_else(|| decoy_hash().to_owned());
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        let matches = hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        known && matches
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_the_minimum_cost_and_verify() {
        let password = NewPassword::parse("correct horse battery").unwrap();
        let stored = hash(&password).await;
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify("correct horse battery", Some(stored.clone())).await);
        assert!(!verify("correct horse batterz", Some(stored.clone())).await);
        assert_ne!(stored, hash(&password).await, "every hash has its own salt");
    }

    #[tokio::test]
    async fn unknown_accounts_and_broken_hashes_never_match() {
        assert!(!verify("anything at all", None).await);
        assert!(!verify("anything at all", Some("not a hash".into())).await);
    }
}
