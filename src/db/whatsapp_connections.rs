//! The WhatsApp Business account connected to each workspace.

use super::{now_ms, session_claims, Db};

/// What is stored for a connection; the secrets arrive sealed.
#[derive(Debug)]
pub struct NewWhatsAppConnection<'a> {
    pub workspace_id: &'a str,
    pub waba_id: &'a str,
    pub phone_number_id: &'a str,
    pub business_id: Option<&'a str>,
    pub token_ciphertext: &'a str,
    pub pin_ciphertext: &'a str,
    pub key_id: &'a str,
}

/// A stored connection (secrets still sealed).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WhatsAppConnection {
    pub workspace_id: String,
    pub waba_id: String,
    pub phone_number_id: Option<String>,
    pub token_ciphertext: String,
    pub pin_ciphertext: Option<String>,
    pub key_id: String,
    pub connected_at: i64,
    pub updated_at: i64,
}

pub async fn find(db: &Db, workspace_id: &str) -> Result<Option<WhatsAppConnection>, sqlx::Error> {
    sqlx::query_as(
        "SELECT workspace_id, waba_id, phone_number_id, token_ciphertext, pin_ciphertext, key_id, connected_at, updated_at \
         FROM whatsapp_connections WHERE workspace_id = $1",
    )
    .bind(workspace_id)
    .fetch_optional(db.pool())
    .await
}

/// Stores (or replaces) the workspace's connection and consumes the session, in one
/// transaction; `false` (and nothing written) when the session's claim was lost.
#[tracing::instrument(skip_all, fields(workspace_id = connection.workspace_id))]
pub async fn store_and_consume(
    db: &Db,
    connection: NewWhatsAppConnection<'_>,
    session_id: &str,
    claim_id: &str,
    event: &super::webhooks::WebhookEvent,
) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO whatsapp_connections (workspace_id, waba_id, phone_number_id, business_id, token_ciphertext, \
         pin_ciphertext, key_id, connected_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
         ON CONFLICT (workspace_id) DO UPDATE SET waba_id = excluded.waba_id, phone_number_id = excluded.phone_number_id, \
         business_id = excluded.business_id, token_ciphertext = excluded.token_ciphertext, \
         pin_ciphertext = excluded.pin_ciphertext, key_id = excluded.key_id, connected_at = excluded.connected_at, \
         updated_at = excluded.updated_at",
    )
    .bind(connection.workspace_id)
    .bind(connection.waba_id)
    .bind(connection.phone_number_id)
    .bind(connection.business_id)
    .bind(connection.token_ciphertext)
    .bind(connection.pin_ciphertext)
    .bind(connection.key_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    session_claims::consume_and_commit(tx, session_id, claim_id, event).await
}
