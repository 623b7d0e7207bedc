//! The one-time message of a staff session, sealed at rest because it may carry a
//! secret being shown once (a new API key or password).

use crate::services::ServiceError;
use crate::{crypto::Keyring, db, domain::StaffSessionToken, model::admin::Flash};

/// Keeps `flash` for the next page of the session behind `cookie`.
pub async fn put(
    db: &db::Db,
    keyring: &Keyring,
    cookie: &str,
    flash: &Flash,
) -> Result<(), ServiceError> {
    let Ok(token) = StaffSessionToken::parse(cookie) else {
        return Ok(());
    };
    let hash = token.hash();
    let plaintext = serde_json::to_vec(flash).expect("a flash serialises");
    let sealed = keyring.seal(&plaintext, hash.as_str());
    db::staff_sessions::set_flash(db, &hash, &sealed).await?;
    Ok(())
}

/// Takes the session's message, if any. One that no longer opens (its key was removed)
/// is dropped.
pub async fn take(
    db: &db::Db,
    keyring: &Keyring,
    cookie: &str,
) -> Result<Option<Flash>, ServiceError> {
    let Ok(token) = StaffSessionToken::parse(cookie) else {
        return Ok(None);
    };
    let hash = token.hash();
    let Some(sealed) = db::staff_sessions::take_flash(db, &hash).await? else {
        return Ok(None);
    };
    let opened = keyring
        .open(&sealed.key_id, &sealed.ciphertext, hash.as_str())
        .ok()
        .and_then(|plain| serde_json::from_slice(&plain).ok());
    if opened.is_none() {
        tracing::warn!("dropped a staff message that did not open");
    }
    Ok(opened)
}
