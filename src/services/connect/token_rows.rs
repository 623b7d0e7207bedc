//! What each stored connection token is sealed to (the AEAD's associated data): a token
//! moved to another row does not open.

/// The WhatsApp connection token of a workspace.
pub fn whatsapp(workspace_id: &str) -> String {
    format!("whatsapp_connections/{workspace_id}/token")
}

/// A connected page's token.
pub fn page(workspace_id: &str, page_id: &str) -> String {
    format!("page_connections/{workspace_id}/{page_id}")
}
