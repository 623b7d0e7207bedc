//! The one-time message of a signed-in session (staff or vendor console), sealed at rest
//! because it may carry a secret being shown once (a new API key or password).

use crate::services::ServiceError;
use crate::{
    crypto::Keyring,
    db::{self, browser_sessions::SessionTable},
    domain::TokenHash,
    model::admin::Flash,
};

/// Keeps `flash` for the next page of the session whose cookie hashes to `hash`.
pub async fn put(
    db: &db::Db,
    keyring: &Keyring,
    table: SessionTable,
    hash: &TokenHash,
    flash: &Flash,
) -> Result<(), ServiceError> {
    let plaintext = serde_json::to_vec(flash).expect("a flash serialises");
    let sealed = keyring.seal(&plaintext, hash.as_str());
    db::browser_sessions::set_flash(db, table, hash, &sealed).await?;
    Ok(())
}

/// Takes the session's message, if any. One that no longer opens (its key was removed)
/// is dropped.
pub async fn take(
    db: &db::Db,
    keyring: &Keyring,
    table: SessionTable,
    hash: &TokenHash,
) -> Result<Option<Flash>, ServiceError> {
    let Some(sealed) = db::browser_sessions::take_flash(db, table, hash).await? else {
        return Ok(None);
    };
    let opened = keyring
        .open(&sealed.key_id, &sealed.ciphertext, hash.as_str())
        .ok()
        .and_then(|plain| serde_json::from_slice(&plain).ok());
    if opened.is_none() {
        tracing::warn!("dropped a session message that did not open");
    }
    Ok(opened)
}
