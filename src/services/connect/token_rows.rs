//! What each sealed value is sealed to (the AEAD's associated data): a value moved to
//! another row does not open. The one place these names are made, for sealing, opening
//! and re-sealing under a new key (`services::reseal`).

use crate::{db::connection_tokens::StoredToken, meta::context::MetaContexts, model::Mode};

/// A stored connection token, opened with its mode's keyring for `row` (one of the
/// names below); `None` when it does not open.
pub fn open_stored(metas: &MetaContexts, token: &StoredToken, row: &str) -> Option<String> {
    let keyring = &metas.for_mode(token.mode).keyring;
    let plain = keyring
        .open(&token.key_id, &token.token_ciphertext, row)
        .ok()?;
    String::from_utf8(plain).ok()
}

/// The WhatsApp connection token of a workspace.
pub fn whatsapp(workspace_id: &str) -> String {
    format!("whatsapp_connections/{workspace_id}/token")
}

/// The business token of a number a workspace added beyond its first.
pub fn number(workspace_id: &str, phone_number_id: &str) -> String {
    format!("whatsapp_numbers/{workspace_id}/{phone_number_id}/token")
}

/// A connected page's token.
pub fn page(workspace_id: &str, page_id: &str) -> String {
    format!("page_connections/{workspace_id}/{page_id}")
}

/// The business token a WhatsApp signup keeps until the connection is made.
pub fn signup(session_id: &str) -> String {
    format!("whatsapp_signups/{session_id}/token")
}

/// A page token fetched for the customer's choice.
pub fn pending_page(session_id: &str, page_id: &str) -> String {
    format!("pending_page_tokens/{session_id}/{page_id}")
}

/// A phone number's two-step verification PIN in `mode` (live PINs keep the name they
/// were sealed for before PINs were kept per mode).
pub fn phone_pin(mode: Mode, phone_number_id: &str) -> String {
    match mode {
        Mode::Live => format!("phone_pins/{phone_number_id}"),
        Mode::Test => format!("phone_pins/test/{phone_number_id}"),
    }
}

/// The PIN a signup holds until Meta accepts it.
pub fn signup_pin(session_id: &str) -> String {
    format!("whatsapp_signups/{session_id}/pin")
}

/// The PIN a number's registration keeps while it waits for Meta to approve the
/// display name.
pub fn deferred_pin(workspace_id: &str, phone_number_id: &str) -> String {
    format!("number_readiness/{workspace_id}/{phone_number_id}/pin")
}

/// The PIN of a connection made before PINs were kept per phone number.
pub fn legacy_pin(workspace_id: &str) -> String {
    format!("whatsapp_connections/{workspace_id}/pin")
}
