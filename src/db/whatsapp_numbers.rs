//! The WhatsApp numbers a workspace holds beyond its first (migration 0026): added by
//! later sessions, each with the sealed business token of the signup that shared it.

use super::{now_ms, Db};
use crate::{
    db::whatsapp_connections::NewWhatsAppConnection,
    model::{ConnectionStatus, Named},
};

/// An added number, its token still sealed.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NumberLine {
    pub workspace_id: String,
    pub phone_number_id: String,
    pub waba_id: String,
    pub display_phone_number: Option<String>,
    #[sqlx(try_from = "String")]
    pub status: ConnectionStatus,
    pub status_reason: Option<String>,
    pub connected_at: i64,
    pub token_ciphertext: Option<String>,
    pub key_id: Option<String>,
}

macro_rules! number_select {
    ($rest:literal) => {
        concat!(
            "SELECT workspace_id, phone_number_id, waba_id, display_phone_number, status, \
             status_reason, connected_at, token_ciphertext, key_id FROM whatsapp_numbers ",
            $rest
        )
    };
}

/// Adds (or connects again) a number, active, in the caller's transaction; its token is
/// sealed for `token_rows::number`.
pub async fn add(
    tx: &mut sqlx::AnyConnection,
    connection: &NewWhatsAppConnection<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO whatsapp_numbers (workspace_id, phone_number_id, waba_id, display_phone_number, \
         token_ciphertext, key_id, status, status_reason, connected_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'active', NULL, $7, $7) \
         ON CONFLICT (workspace_id, phone_number_id) DO UPDATE SET waba_id = excluded.waba_id, \
         display_phone_number = excluded.display_phone_number, \
         token_ciphertext = excluded.token_ciphertext, key_id = excluded.key_id, status = 'active', \
         status_reason = NULL, connected_at = excluded.connected_at, updated_at = excluded.updated_at",
    )
    .bind(connection.workspace_id)
    .bind(connection.phone_number_id)
    .bind(connection.waba_id)
    .bind(connection.display_phone_number)
    .bind(connection.token_ciphertext)
    .bind(connection.key_id)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The added numbers of these workspaces, oldest first.
pub async fn of_workspaces(
    db: &Db,
    workspace_ids: &[String],
) -> Result<Vec<NumberLine>, sqlx::Error> {
    if workspace_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{} WHERE workspace_id IN ({}) ORDER BY connected_at, phone_number_id",
        number_select!(""),
        super::placeholders(workspace_ids.len())
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in workspace_ids {
        query = query.bind(id);
    }
    query.fetch_all(db.pool()).await
}

/// One added number of the workspace, in the caller's transaction.
pub async fn find(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
    phone_number_id: &str,
) -> Result<Option<NumberLine>, sqlx::Error> {
    sqlx::query_as(number_select!(
        "WHERE workspace_id = $1 AND phone_number_id = $2"
    ))
    .bind(workspace_id)
    .bind(phone_number_id)
    .fetch_optional(&mut *tx)
    .await
}

/// The workspace's oldest active added number, in the caller's transaction.
pub async fn first_active(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
) -> Result<Option<NumberLine>, sqlx::Error> {
    sqlx::query_as(number_select!(
        "WHERE workspace_id = $1 AND status = 'active' AND token_ciphertext IS NOT NULL \
         ORDER BY connected_at, phone_number_id LIMIT 1"
    ))
    .bind(workspace_id)
    .fetch_optional(&mut *tx)
    .await
}

/// Moves added numbers of the workspace to `status` (all of them, or those of `waba_id`),
/// forgetting their tokens when `drop_token`; answers the numbers that were not in that
/// state already. In the caller's transaction.
pub async fn move_numbers(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
    waba_id: Option<&str>,
    to: (ConnectionStatus, &str, bool),
) -> Result<Vec<NumberLine>, sqlx::Error> {
    let (status, reason, drop_token) = to;
    let moved: Vec<NumberLine> = sqlx::query_as(number_select!(
        "WHERE workspace_id = $1 AND ($2 = '' OR waba_id = $2) AND status <> $3 \
         ORDER BY connected_at, phone_number_id"
    ))
    .bind(workspace_id)
    .bind(waba_id.unwrap_or_default())
    .bind(status.as_str())
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE whatsapp_numbers SET status = $3, status_reason = $4, updated_at = $5, \
         token_ciphertext = CASE WHEN $6 = 1 THEN NULL ELSE token_ciphertext END, \
         key_id = CASE WHEN $6 = 1 THEN NULL ELSE key_id END \
         WHERE workspace_id = $1 AND ($2 = '' OR waba_id = $2)",
    )
    .bind(workspace_id)
    .bind(waba_id.unwrap_or_default())
    .bind(status.as_str())
    .bind(reason)
    .bind(now_ms())
    .bind(i64::from(drop_token))
    .execute(&mut *tx)
    .await?;
    Ok(moved)
}

/// Moves one added number to `disconnected`, forgetting its token; in the caller's
/// transaction.
pub async fn disconnect(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
    phone_number_id: &str,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE whatsapp_numbers SET status = 'disconnected', status_reason = $3, updated_at = $4, \
         token_ciphertext = NULL, key_id = NULL WHERE workspace_id = $1 AND phone_number_id = $2",
    )
    .bind(workspace_id)
    .bind(phone_number_id)
    .bind(reason)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Removes an added number's row (it became the workspace's first number).
pub async fn remove(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
    phone_number_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM whatsapp_numbers WHERE workspace_id = $1 AND phone_number_id = $2")
        .bind(workspace_id)
        .bind(phone_number_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Lists the workspace's former first number as a disconnected added one (another
/// number took its place), in the caller's transaction.
pub async fn keep_left(
    tx: &mut sqlx::AnyConnection,
    former: &super::connection_state::WabaConnection,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let Some(phone) = former.phone_number_id.as_deref() else {
        return Ok(());
    };
    let now = now_ms();
    sqlx::query(
        "INSERT INTO whatsapp_numbers (workspace_id, phone_number_id, waba_id, display_phone_number, \
         token_ciphertext, key_id, status, status_reason, connected_at, updated_at) \
         VALUES ($1, $2, $3, NULL, NULL, NULL, 'disconnected', $4, $5, $5) \
         ON CONFLICT (workspace_id, phone_number_id) DO UPDATE SET status = 'disconnected', \
         status_reason = excluded.status_reason, token_ciphertext = NULL, key_id = NULL, \
         updated_at = excluded.updated_at",
    )
    .bind(&former.owner.workspace_id)
    .bind(phone)
    .bind(&former.waba_id)
    .bind(reason)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The workspace's first number is now `next` (an added number taking the place of
/// one disconnected) in `whatsapp_connections`: its WABA, number and token (sealed for
/// that row), active. In the caller's transaction.
pub async fn take_first_place(
    tx: &mut sqlx::AnyConnection,
    next: &NumberLine,
    token: &crate::crypto::Sealed,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE whatsapp_connections SET waba_id = $2, phone_number_id = $3, display_phone_number = $4, \
         token_ciphertext = $5, key_id = $6, status = 'active', status_at = $7, status_reason = NULL, \
         status_detail = NULL, updated_at = $7, connected_at = $8, next_check_at = NULL, \
         quality_rating = NULL, display_name = NULL, display_name_status = NULL, coexistence = 0, \
         pin_ciphertext = NULL WHERE workspace_id = $1",
    )
    .bind(&next.workspace_id)
    .bind(&next.waba_id)
    .bind(&next.phone_number_id)
    .bind(&next.display_phone_number)
    .bind(&token.ciphertext)
    .bind(&token.key_id)
    .bind(now_ms())
    .bind(next.connected_at)
    .execute(&mut *tx)
    .await?;
    Ok(())
}
