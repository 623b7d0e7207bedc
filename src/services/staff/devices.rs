//! Browsers a staff member has signed in from. A successful sign-in leaves a device
//! cookie: the account's id and an end date, sealed with the server's key, so nothing is
//! stored and nobody can forge one. It proves nothing on its own (the password is still
//! asked); it only lets its browser past the per-account ceiling of failed sign-ins, so
//! strangers guessing from many addresses cannot lock a staff member out.

use crate::{crypto::Keyring, db};

/// How long a browser stays known after its last sign-in.
pub const DEVICE_MS: i64 = 90 * 24 * 60 * 60 * 1000;

/// What device cookies are sealed to (no row: they live in browsers).
const SEALED_FOR: &str = "staff_devices";

/// A new device cookie's value for `staff_id`: `{key id}.{sealed}`.
pub fn issue(keyring: &Keyring, staff_id: &str) -> String {
    let plain = format!("{staff_id}|{}", db::now_ms() + DEVICE_MS);
    let sealed = keyring.seal(plain.as_bytes(), SEALED_FOR);
    format!("{}.{}", sealed.key_id, sealed.ciphertext)
}

/// Whether `cookie` is a live device cookie of `staff_id`.
pub fn is_trusted(keyring: &Keyring, cookie: Option<&str>, staff_id: &str) -> bool {
    let Some((key_id, sealed)) = cookie.and_then(|c| c.rsplit_once('.')) else {
        return false;
    };
    let Ok(plain) = keyring.open(key_id, sealed, SEALED_FOR) else {
        return false;
    };
    let Ok(plain) = String::from_utf8(plain) else {
        return false;
    };
    match plain.rsplit_once('|') {
        Some((id, ends)) => {
            id == staff_id && ends.parse::<i64>().is_ok_and(|ends| ends > db::now_ms())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyring() -> Keyring {
        Keyring::parse(&format!("k1:{}", "11".repeat(32))).unwrap()
    }

    #[test]
    fn a_device_cookie_names_its_account_only() {
        let ring = keyring();
        let cookie = issue(&ring, "stf_1");
        assert!(is_trusted(&ring, Some(&cookie), "stf_1"));
        assert!(!is_trusted(&ring, Some(&cookie), "stf_2"));
        assert!(!is_trusted(&ring, None, "stf_1"));
    }

    #[test]
    fn forged_and_foreign_cookies_are_not_trusted() {
        let ring = keyring();
        let other = Keyring::parse(&format!("k1:{}", "22".repeat(32))).unwrap();
        assert!(!is_trusted(&ring, Some(&issue(&other, "stf_1")), "stf_1"));
        for forged in ["", "k1.", "k1.00", "stf_1|99999999999999", "k9.abcd"] {
            assert!(!is_trusted(&ring, Some(forged), "stf_1"), "{forged}");
        }
    }

    #[test]
    fn an_ended_device_is_not_trusted() {
        let ring = keyring();
        let sealed = ring.seal(b"stf_1|1000", SEALED_FOR);
        let cookie = format!("{}.{}", sealed.key_id, sealed.ciphertext);
        assert!(!is_trusted(&ring, Some(&cookie), "stf_1"));
    }
}
