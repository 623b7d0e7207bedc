//! Encryption at rest of the secrets we must keep (Meta access tokens, registration
//! PINs): XChaCha20-Poly1305 with a random nonce, the id of the sealing key stored with
//! each ciphertext, and the owning row's id as associated data, so a ciphertext copied
//! to another row does not open.

use std::{collections::HashMap, path::Path};

use chacha20poly1305::{
    aead::{Aead, KeyInit, Payload},
    XChaCha20Poly1305, XNonce,
};
use rand::{rngs::OsRng, TryRngCore};

const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 24;
const DEV_KEY_FILE: &str = "encryption.key";

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    #[error("encryption keys must be `id:64-hex-characters` entries separated by commas")]
    Malformed,
    #[error("no encryption key is configured: set WHATSPORTAL_ENCRYPTION_KEYS")]
    Missing,
    #[error("the encryption key id {0} appears twice: each key needs an id of its own")]
    Duplicate(String),
    #[error("could not read or write the development key {0}: {1}")]
    File(String, std::io::Error),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OpenError {
    #[error("the ciphertext was sealed with key {0}, which is not configured")]
    UnknownKey(String),
    #[error("the ciphertext does not open with its key and row")]
    Corrupt,
}

/// A secret sealed for one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key_id: String,
    /// Hex of nonce and ciphertext.
    pub ciphertext: String,
}

/// The configured keys; the first one seals, all of them open (for key rotation).
#[derive(Clone)]
pub struct Keyring {
    current: String,
    keys: HashMap<String, XChaCha20Poly1305>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("current", &self.current)
            .finish_non_exhaustive()
    }
}

impl Keyring {
    /// Parses `id:hex[,id:hex]...`.
    pub fn parse(spec: &str) -> Result<Self, KeyringError> {
        let mut current = None;
        let mut keys = HashMap::new();
        for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (id, key_hex) = entry.split_once(':').ok_or(KeyringError::Malformed)?;
            let bytes = hex::decode(key_hex).map_err(|_| KeyringError::Malformed)?;
            if id.is_empty() || bytes.len() != KEY_BYTES {
                return Err(KeyringError::Malformed);
            }
            let cipher =
                XChaCha20Poly1305::new_from_slice(&bytes).map_err(|_| KeyringError::Malformed)?;
            current.get_or_insert_with(|| id.to_owned());
            if keys.insert(id.to_owned(), cipher).is_some() {
                return Err(KeyringError::Duplicate(id.to_owned()));
            }
        }
        let current = current.ok_or(KeyringError::Missing)?;
        Ok(Self { current, keys })
    }

    /// Reads the development key from the data folder, creating it on first use.
    pub fn load_or_create_dev(data_dir: &Path) -> Result<Self, KeyringError> {
        let path = data_dir.join(DEV_KEY_FILE);
        let file_error = |e| KeyringError::File(path.display().to_string(), e);
        if !path.exists() {
            std::fs::create_dir_all(data_dir).map_err(file_error)?;
            let mut key = [0u8; KEY_BYTES + 4];
            OsRng
                .try_fill_bytes(&mut key)
                .expect("the operating system's random number generator failed");
            let (key, id) = key.split_at(KEY_BYTES);
            // An id of its own per development key: a database sealed by one development
            // install and opened by another (or by a deployment whose key someone named
            // `dev`) says "unknown key" instead of failing as if the value were corrupt.
            let line = format!("dev-{}:{}\n", hex::encode(id), hex::encode(key));
            write_private(&path, &line).map_err(file_error)?;
        }
        Self::parse(&std::fs::read_to_string(&path).map_err(file_error)?)
    }

    /// The id of the key that seals (the first configured).
    pub fn current_key_id(&self) -> &str {
        &self.current
    }

    /// Seals `plaintext` for the row `row_id` with the current key.
    pub fn seal(&self, plaintext: &[u8], row_id: &str) -> Sealed {
        let mut nonce = [0u8; NONCE_BYTES];
        OsRng
            .try_fill_bytes(&mut nonce)
            .expect("the operating system's random number generator failed");
        let cipher = &self.keys[&self.current];
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: row_id.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 sealing does not fail for in-memory buffers");
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Sealed {
            key_id: self.current.clone(),
            ciphertext: hex::encode(out),
        }
    }

    /// Opens a ciphertext sealed for `row_id`.
    pub fn open(&self, key_id: &str, ciphertext: &str, row_id: &str) -> Result<Vec<u8>, OpenError> {
        let cipher = self
            .keys
            .get(key_id)
            .ok_or_else(|| OpenError::UnknownKey(key_id.to_owned()))?;
        let bytes = hex::decode(ciphertext).map_err(|_| OpenError::Corrupt)?;
        if bytes.len() < NONCE_BYTES {
            return Err(OpenError::Corrupt);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: row_id.as_bytes(),
                },
            )
            .map_err(|_| OpenError::Corrupt)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::{io::Write, os::unix::fs::OpenOptionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyring(spec: &str) -> Keyring {
        Keyring::parse(spec).unwrap()
    }

    #[test]
    fn seals_and_opens_for_the_same_row() {
        let ring = keyring(&format!("k1:{}", "11".repeat(32)));
        let sealed = ring.seal(b"EAAB-token", "wsp_1");
        assert_eq!(sealed.key_id, "k1");
        assert!(!sealed.ciphertext.contains(&hex::encode("EAAB-token")));
        assert_eq!(
            ring.open("k1", &sealed.ciphertext, "wsp_1").unwrap(),
            b"EAAB-token"
        );
    }

    #[test]
    fn refuses_another_row_a_tampered_text_and_an_unknown_key() {
        let ring = keyring(&format!("k1:{}", "11".repeat(32)));
        let sealed = ring.seal(b"secret", "wsp_1");
        assert_eq!(
            ring.open("k1", &sealed.ciphertext, "wsp_2"),
            Err(OpenError::Corrupt)
        );
        let mut tampered = sealed.ciphertext.clone();
        tampered.replace_range(
            60..62,
            if &tampered[60..62] == "00" {
                "01"
            } else {
                "00"
            },
        );
        assert_eq!(ring.open("k1", &tampered, "wsp_1"), Err(OpenError::Corrupt));
        assert_eq!(
            ring.open("k9", &sealed.ciphertext, "wsp_1"),
            Err(OpenError::UnknownKey("k9".into()))
        );
    }

    #[test]
    fn old_keys_still_open_after_rotation() {
        let old = keyring(&format!("k1:{}", "11".repeat(32)));
        let sealed = old.seal(b"secret", "row");
        let rotated = keyring(&format!("k2:{},k1:{}", "22".repeat(32), "11".repeat(32)));
        assert_eq!(
            rotated.open("k1", &sealed.ciphertext, "row").unwrap(),
            b"secret"
        );
        assert_eq!(rotated.seal(b"x", "row").key_id, "k2");
    }

    #[test]
    fn refuses_malformed_specs() {
        for bad in [
            "",
            "k1",
            "k1:abcd",
            &format!(":{}", "11".repeat(32)),
            &format!("k1:{}", "zz".repeat(32)),
        ] {
            assert!(Keyring::parse(bad).is_err(), "{bad}");
        }
        let twice = format!("k1:{},k1:{}", "11".repeat(32), "22".repeat(32));
        assert!(matches!(
            Keyring::parse(&twice),
            Err(KeyringError::Duplicate(id)) if id == "k1"
        ));
    }

    #[test]
    fn the_development_key_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let first = Keyring::load_or_create_dev(dir.path()).unwrap();
        let sealed = first.seal(b"secret", "row");
        assert!(
            sealed.key_id.starts_with("dev-") && sealed.key_id.len() == 12,
            "{}",
            sealed.key_id
        );
        let other = tempfile::tempdir().unwrap();
        let elsewhere = Keyring::load_or_create_dev(other.path()).unwrap();
        assert_ne!(elsewhere.current_key_id(), sealed.key_id);
        let again = Keyring::load_or_create_dev(dir.path()).unwrap();
        assert_eq!(
            again
                .open(&sealed.key_id, &sealed.ciphertext, "row")
                .unwrap(),
            b"secret"
        );
    }
}
