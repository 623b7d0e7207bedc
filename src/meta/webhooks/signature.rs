//! `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed by the app secret>`.

use hmac::{Hmac, Mac};
use sha2::Sha256;

fn mac(app_secret: &str) -> Hmac<Sha256> {
    Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()).expect("HMAC takes keys of any length")
}

/// The header value Meta sends for `body`.
pub fn sign(app_secret: &str, body: &[u8]) -> String {
    let mut mac = mac(app_secret);
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// Whether `header` is the signature of `body` (compared in constant time). An empty
/// app secret matches nothing.
pub fn signature_matches(app_secret: &str, body: &[u8], header: Option<&str>) -> bool {
    let Some(given) = header
        .and_then(|h| h.trim().strip_prefix("sha256="))
        .and_then(|h| hex::decode(h).ok())
    else {
        return false;
    };
    if app_secret.is_empty() {
        return false;
    }
    let mut mac = mac(app_secret);
    mac.update(body);
    mac.verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_its_own_signature_only() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let header = sign("secret", body);
        assert!(header.starts_with("sha256=") && header.len() == 7 + 64);
        assert!(signature_matches("secret", body, Some(&header)));
        assert!(!signature_matches("other", body, Some(&header)));
        assert!(!signature_matches("secret", b"{}", Some(&header)));
        assert!(!signature_matches("secret", body, None));
        assert!(!signature_matches("secret", body, Some("sha1=00")));
        assert!(!signature_matches("secret", body, Some("sha256=zz")));
        assert!(!signature_matches("", body, Some(&sign("", body))));
    }
}
