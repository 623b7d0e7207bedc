//! Meta's `signed_request`: `<base64url signature>.<base64url JSON payload>`, the
//! signature being HMAC-SHA256 of the encoded payload keyed by the app secret.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

/// What a valid signed request says.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct SignedRequest {
    pub algorithm: String,
    /// The person's app-scoped user id.
    pub user_id: String,
    #[serde(default)]
    pub issued_at: Option<i64>,
}

fn decode(part: &str) -> Option<Vec<u8>> {
    // Meta pads some encodings; base64url without padding is the form it documents.
    URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()
}

/// The payload of `raw` when its signature is the app's and it names HMAC-SHA256 and a
/// user; `None` for anything else.
pub fn parse_signed_request(app_secret: &str, raw: &str) -> Option<SignedRequest> {
    if app_secret.is_empty() || raw.len() > 8 * 1024 {
        return None;
    }
    let (signature, payload) = raw.trim().split_once('.')?;
    let signature = decode(signature)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(payload.as_bytes());
    mac.verify_slice(&signature).ok()?;
    let request: SignedRequest = serde_json::from_slice(&decode(payload)?).ok()?;
    let user_ok = !request.user_id.is_empty()
        && request.user_id.len() <= 64
        && request.user_id.bytes().all(|b| b.is_ascii_digit());
    (request.algorithm.eq_ignore_ascii_case("HMAC-SHA256") && user_ok).then_some(request)
}

/// A signed request as Meta makes it (the simulator and the tests make them).
pub fn make_signed_request(app_secret: &str, user_id: &str, issued_at: i64) -> String {
    let payload = serde_json::json!({
        "algorithm": "HMAC-SHA256",
        "user_id": user_id,
        "issued_at": issued_at,
    });
    let payload = URL_SAFE_NO_PAD.encode(payload.to_string());
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(payload.as_bytes());
    format!(
        "{}.{payload}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_apps_own_and_refuses_forgeries() {
        let raw = make_signed_request("secret", "1234567", 1_700_000_000);
        let parsed = parse_signed_request("secret", &raw).expect("valid");
        assert_eq!(parsed.user_id, "1234567");
        assert_eq!(parsed.issued_at, Some(1_700_000_000));
        assert_eq!(parse_signed_request("other", &raw), None);
        let (_, payload) = raw.split_once('.').unwrap();
        let forged = format!("{}.{payload}", URL_SAFE_NO_PAD.encode([0u8; 32]));
        assert_eq!(parse_signed_request("secret", &forged), None);
        for bad in ["", ".", "abc", "a.b.c", "!!!.???"] {
            assert_eq!(parse_signed_request("secret", bad), None, "{bad}");
        }
        let not_a_user = make_signed_request("secret", "12; DROP", 1);
        assert_eq!(parse_signed_request("secret", &not_a_user), None);
    }
}
