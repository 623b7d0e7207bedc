//! Erasing a workspace and everything of it, for a vendor honouring its customer's
//! deletion request. The audit log keeps that it happened (written by the caller).

use super::Db;

/// Deletes the workspace, its sessions (with what they held), its connections with their
/// tokens, the PINs of numbers no other workspace of its mode uses, its history, its Business app
/// history requests, the Meta events that applied to it and its vendor events (queued ones are not sent), in one
/// transaction.
#[tracing::instrument(skip(db))]
pub async fn erase(db: &Db, workspace_id: &str) -> Result<(), sqlx::Error> {
    const STATEMENTS: [&str; 15] = [
        // First, the workspace's row (as `connection_state::hold_workspace` does): a
        // change queueing events for it finishes before, or finds it gone after.
        "UPDATE workspaces SET updated_at = updated_at WHERE id = $1",
        // Its vendor events, queued or sent: their payloads hold the customer's data.
        // (Deliveries queued before they named their workspace are found by payload.)
        // Their attempts go with them (ON DELETE CASCADE), also one being recorded now.
        "DELETE FROM webhook_deliveries WHERE id IN (SELECT d.id FROM webhook_deliveries d \
         JOIN workspaces w ON w.vendor_id = d.vendor_id WHERE w.id = $1 AND (d.account_id = w.account_id \
         OR (d.account_id IS NULL AND d.payload LIKE '%\"account_id\":\"' || w.account_id || '\"%')))",
        "DELETE FROM pending_page_tokens WHERE session_id IN \
         (SELECT id FROM connect_sessions WHERE workspace_id = $1)",
        "DELETE FROM whatsapp_signups WHERE session_id IN \
         (SELECT id FROM connect_sessions WHERE workspace_id = $1)",
        "DELETE FROM dialog_returns WHERE session_id IN \
         (SELECT id FROM connect_sessions WHERE workspace_id = $1)",
        "DELETE FROM phone_pins WHERE mode = (SELECT mode FROM workspaces WHERE id = $1) \
         AND phone_number_id IN \
         (SELECT phone_number_id FROM whatsapp_connections WHERE workspace_id = $1) \
         AND phone_number_id NOT IN (SELECT c.phone_number_id FROM whatsapp_connections c \
         JOIN workspaces w ON w.id = c.workspace_id WHERE c.workspace_id <> $1 \
         AND w.mode = (SELECT mode FROM workspaces WHERE id = $1) AND c.phone_number_id IS NOT NULL)",
        "DELETE FROM whatsapp_connections WHERE workspace_id = $1",
        "DELETE FROM page_connections WHERE workspace_id = $1",
        "DELETE FROM coexistence_syncs WHERE workspace_id = $1",
        "DELETE FROM number_readiness WHERE workspace_id = $1",
        "DELETE FROM whatsapp_numbers WHERE workspace_id = $1",
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
