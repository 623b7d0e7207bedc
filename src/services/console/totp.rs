//! The console's second factor: time-based one-time codes (RFC 6238, 6 digits, 30 s,
//! SHA-1, as every authenticator app reads them), through `totp-rs`. The key is 20
//! random bytes, sealed at rest; a code is accepted in its step or the steps either
//! side, and each step once (`db::vendor_users::spend_step`).

use rand::{rngs::OsRng, TryRngCore};
use totp_rs::{Algorithm, Builder, Secret, Totp};

const KEY_BYTES: usize = 20;
const ISSUER: &str = "WhatsPortal";

/// A new random key.
pub fn new_key() -> Vec<u8> {
    let mut key = vec![0u8; KEY_BYTES];
    OsRng
        .try_fill_bytes(&mut key)
        .expect("the operating system's random number generator failed");
    key
}

fn totp(key: &[u8], email: &str) -> Totp {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(Secret::from(key.to_vec()))
        .with_issuer(Some(ISSUER))
        // An account name may not hold a `:` (an email never does).
        .with_account_name(email.replace(':', ""))
        .build_noncompliant()
}

/// The key as an authenticator app takes it typed in (base 32).
pub fn typed_key(key: &[u8]) -> String {
    Secret::from(key.to_vec()).to_base32()
}

/// The `otpauth://` address an authenticator app takes from a link or a QR code.
pub fn otpauth_url(key: &[u8], email: &str) -> String {
    totp(key, email).to_url().unwrap_or_default()
}

fn unix_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// The time step a code matches now, if it does. Anything but 6 digits matches none.
pub fn matching_step(key: &[u8], code: &str) -> Option<i64> {
    matching_step_at(key, code, unix_seconds())
}

fn matching_step_at(key: &[u8], code: &str, unix_seconds: u64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let step = totp(key, "").check(&code, unix_seconds)?;
    i64::try_from(step).ok()
}

/// The current code of a key: what an authenticator app shows (tests and the demo).
pub fn current_code(key: &[u8]) -> String {
    code_at(key, unix_seconds())
}

fn code_at(key: &[u8], unix_seconds: u64) -> String {
    totp(key, "").generate(unix_seconds).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_step_and_the_ones_either_side_only() {
        let key = [42u8; KEY_BYTES];
        let at = 1_800_000_000;
        let code = code_at(&key, at);
        assert_eq!(code.len(), 6);
        let step = i64::try_from(at / 30).unwrap();
        assert_eq!(matching_step_at(&key, &code, at), Some(step));
        assert_eq!(matching_step_at(&key, &code, at + 30), Some(step));
        assert_eq!(matching_step_at(&key, &code, at - 30), Some(step));
        assert_eq!(matching_step_at(&key, &code, at + 120), None);
        let spaced = format!(" {} {} ", &code[..3], &code[3..]);
        assert_eq!(matching_step_at(&key, &spaced, at), Some(step));
        assert_eq!(matching_step_at(&[43u8; KEY_BYTES], &code, at), None);
        for bad in ["", "12345", "1234567", "abcdef", "+12345"] {
            assert_eq!(matching_step_at(&key, bad, at), None, "{bad}");
        }
        let fresh = new_key();
        assert_eq!(fresh.len(), KEY_BYTES);
        assert!(matching_step(&fresh, &current_code(&fresh)).is_some());
    }

    #[test]
    fn the_app_address_names_the_product_and_the_account() {
        let key = [7u8; KEY_BYTES];
        let url = otpauth_url(&key, "ada@vendor.example");
        assert!(
            url.starts_with("otpauth://totp/WhatsPortal:ada%40vendor.example?"),
            "{url}"
        );
        assert!(
            url.contains(&format!("secret={}", typed_key(&key))),
            "{url}"
        );
        assert_eq!(typed_key(&key).len(), 32);
    }
}
