//! Erasing a workspace and everything of it, for a vendor honouring its customer's
//! deletion request. The audit log keeps that it happened (written by the caller).

use super::Db;

/// Deletes the workspace, its sessions (with what they held), its connections with their
/// tokens, the PINs of numbers no other workspace uses, its history and the Meta events
/// that applied to it, in one transaction.
#[tracing::instrument(skip(db))]
pub async fn erase(db: &Db, workspace_id: &str) -> Result<(), sqlx::Error> {
    const STATEMENTS: [&str; 10] = [
        "DELETE FROM pending_page_tokens WHERE session_id IN \
         (SELECT id FROM connect_sessions WHERE workspace_id = $1)",
        "DELETE FROM whatsapp_signups WHERE session_id IN \
         (SELECT id FROM connect_sessions WHERE workspace_id = $1)",
        "DELETE FROM dialog_returns WHERE session_id IN \
         (SELECT id FROM connect_sessions WHERE workspace_id = $1)",
        "DELETE FROM phone_pins WHERE phone_number_id IN \
         (SELECT phone_number_id FROM whatsapp_connections WHERE workspace_id = $1) \
         AND phone_number_id NOT IN (SELECT phone_number_id FROM whatsapp_connections \
         WHERE workspace_id <> $1 AND phone_number_id IS NOT NULL)",
        "DELETE FROM whatsapp_connections WHERE workspace_id = $1",
        "DELETE FROM page_connections WHERE workspace_id = $1",
        "DELETE FROM connection_history WHERE workspace_id = $1",
        "DELETE FROM meta_events WHERE workspace_id = $1",
        "DELETE FROM connect_sessions WHERE workspace_id = $1",
        "DELETE FROM workspaces WHERE id = $1",
    ];
    let mut tx = db.writer().begin().await?;
    for statement in STATEMENTS {
        sqlx::query(statement)
            .bind(workspace_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
