//! The WhatsApp Business account connected to each workspace.

use super::{now_ms, Db};

pub use crate::model::ConnectionStatus;
use crate::model::Named;

/// What is stored for a connection; the token arrives sealed.
#[derive(Debug)]
pub struct NewWhatsAppConnection<'a> {
    pub workspace_id: &'a str,
    pub waba_id: &'a str,
    pub phone_number_id: Option<&'a str>,
    /// How Meta displays the number.
    pub display_phone_number: Option<&'a str>,
    pub token_ciphertext: &'a str,
    pub key_id: &'a str,
    pub status: ConnectionStatus,
    /// The number stays on the WhatsApp Business app: it is never registered.
    pub coexistence: bool,
}

/// A stored connection (secrets still sealed). `pin_ciphertext` is the PIN of
/// connections made before PINs were kept per phone number.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WhatsAppConnection {
    pub workspace_id: String,
    pub waba_id: String,
    pub phone_number_id: Option<String>,
    pub token_ciphertext: Option<String>,
    pub pin_ciphertext: Option<String>,
    pub key_id: Option<String>,
    pub status: String,
    pub connected_at: i64,
    pub updated_at: i64,
}

pub async fn find(db: &Db, workspace_id: &str) -> Result<Option<WhatsAppConnection>, sqlx::Error> {
    sqlx::query_as(
        "SELECT workspace_id, waba_id, phone_number_id, token_ciphertext, pin_ciphertext, key_id, status, \
         connected_at, updated_at FROM whatsapp_connections WHERE workspace_id = $1",
    )
    .bind(workspace_id)
    .fetch_optional(db.pool())
    .await
}

// `business_id` is left empty: nothing of Meta's confirms the signup event's value.
const UPSERT: &str = "INSERT INTO whatsapp_connections (workspace_id, waba_id, phone_number_id, business_id, \
     token_ciphertext, key_id, status, status_at, connected_at, updated_at, coexistence, \
     display_phone_number) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, $7, $7, $8, $9) \
     ON CONFLICT (workspace_id) DO UPDATE SET waba_id = excluded.waba_id, \
     phone_number_id = excluded.phone_number_id, business_id = NULL, \
     token_ciphertext = excluded.token_ciphertext, key_id = excluded.key_id, status = excluded.status, \
     status_at = excluded.status_at, updated_at = excluded.updated_at, status_reason = NULL, \
     status_detail = NULL, next_check_at = NULL, coexistence = excluded.coexistence, \
     display_phone_number = excluded.display_phone_number";

fn upsert<'q>(
    connection: &'q NewWhatsAppConnection<'q>,
    now: i64,
    sql: &'q str,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(connection.workspace_id)
        .bind(connection.waba_id)
        .bind(connection.phone_number_id)
        .bind(connection.token_ciphertext)
        .bind(connection.key_id)
        .bind(connection.status.as_str())
        .bind(now)
        .bind(i64::from(connection.coexistence))
        .bind(connection.display_phone_number)
}

/// Keeps a WABA Meta has shared whose number is not registered yet, so that nothing
/// Meta shared is lost. A workspace's active connection is never replaced by one that
/// is not (the finished connection replaces it).
#[tracing::instrument(skip_all, fields(workspace_id = connection.workspace_id))]
pub async fn keep_unfinished(
    db: &Db,
    connection: &NewWhatsAppConnection<'_>,
) -> Result<(), sqlx::Error> {
    let sql = format!("{UPSERT} WHERE whatsapp_connections.status <> 'active'");
    upsert(connection, now_ms(), &sql)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Stores (or replaces) the workspace's active connection, in the caller's transaction.
/// The connection's PIN lives in `phone_pins` from now on.
#[tracing::instrument(skip_all, fields(workspace_id = connection.workspace_id))]
pub async fn store_active(
    tx: &mut sqlx::AnyConnection,
    connection: &NewWhatsAppConnection<'_>,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    upsert(connection, now, UPSERT).execute(&mut *tx).await?;
    sqlx::query(
        "UPDATE whatsapp_connections SET pin_ciphertext = NULL, connected_at = $2 WHERE workspace_id = $1",
    )
    .bind(connection.workspace_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The display name decision a `phone_number_name_update` last brought for a number,
/// lower case (`approved`, `rejected`, ...): what the simulator answers as the number's
/// `name_status` in test mode.
pub async fn latest_name_decision(
    db: &Db,
    phone_number_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT display_name_status FROM whatsapp_connections \
         WHERE phone_number_id = $1 AND display_name_status IS NOT NULL ORDER BY updated_at DESC LIMIT 1",
    )
    .bind(phone_number_id)
    .fetch_optional(db.pool())
    .await
}
