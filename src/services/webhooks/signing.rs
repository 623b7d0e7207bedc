//! Standard Webhooks signatures: `webhook-signature: v1,<base64 of HMAC-SHA256 of
//! "{id}.{timestamp}.{body}">`, keyed by the secret `whsec_<base64 key>`.

use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};
use rand::{rngs::OsRng, TryRngCore};
use sha2::Sha256;

const PREFIX: &str = "whsec_";

/// A new signing secret: `whsec_` and 24 random bytes in base64.
pub fn new_secret() -> String {
    let mut key = [0u8; 24];
    OsRng
        .try_fill_bytes(&mut key)
        .expect("the operating system's random number generator failed");
    format!("{PREFIX}{}", STANDARD.encode(key))
}

/// The `webhook-signature` value of a message; `None` for a malformed secret.
pub fn sign(secret: &str, msg_id: &str, timestamp: i64, body: &str) -> Option<String> {
    let key = STANDARD.decode(secret.strip_prefix(PREFIX)?).ok()?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).ok()?;
    mac.update(format!("{msg_id}.{timestamp}.{body}").as_bytes());
    Some(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    // The test vector published with the Standard Webhooks specification.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const MSG_ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1_614_265_330;
    const BODY: &str = r#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    #[test]
    fn signs_the_specifications_test_vector() {
        assert_eq!(
            sign(SECRET, MSG_ID, TIMESTAMP, BODY).as_deref(),
            Some(SIGNATURE)
        );
    }

    #[test]
    fn any_change_changes_the_signature() {
        assert_ne!(
            sign(SECRET, MSG_ID, TIMESTAMP + 1, BODY).as_deref(),
            Some(SIGNATURE)
        );
        assert_ne!(
            sign(SECRET, "msg_other", TIMESTAMP, BODY).as_deref(),
            Some(SIGNATURE)
        );
        assert_ne!(
            sign(SECRET, MSG_ID, TIMESTAMP, r#"{"test": 2432232315}"#).as_deref(),
            Some(SIGNATURE)
        );
    }

    #[test]
    fn new_secrets_are_usable_and_malformed_ones_refused() {
        let secret = new_secret();
        assert!(secret.starts_with("whsec_"));
        assert!(sign(&secret, "msg_1", 1, "{}").is_some());
        assert!(sign("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", 1, "{}").is_none());
        assert!(sign("whsec_not base64!", "msg_1", 1, "{}").is_none());
    }
}
