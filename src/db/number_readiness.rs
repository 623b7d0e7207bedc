//! Whether each connected WhatsApp number can send, and its registration when it waits
//! for Meta's approval of its display name (migration 0024). Every change of the
//! registration is conditional on the state it leaves, so that instances racing for a
//! number never register it twice.

use super::{now_ms, Db};
use crate::{
    crypto::Sealed,
    model::{readiness::CanSend, Mode, Named},
};

/// Where a number's registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registration {
    Done,
    AwaitingName,
    Registering,
    Failed,
}

impl Registration {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::AwaitingName => "awaiting_name",
            Self::Registering => "registering",
            Self::Failed => "failed",
        }
    }

    pub fn parse(stored: &str) -> Self {
        match stored {
            "awaiting_name" => Self::AwaitingName,
            "registering" => Self::Registering,
            "failed" => Self::Failed,
            _ => Self::Done,
        }
    }
}

/// A number's row, with what its check needs (the workspace's mode and its token,
/// still sealed).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NumberRow {
    pub workspace_id: String,
    pub phone_number_id: String,
    pub vendor_id: String,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub waba_id: String,
    #[sqlx(try_from = "String")]
    pub can_send: CanSend,
    /// JSON array of `Blocker`.
    pub blockers: String,
    pub checked_at: Option<i64>,
    pub next_check_at: i64,
    pub registration: String,
    pub registration_error: Option<String>,
    pub pin_ciphertext: Option<String>,
    pub pin_source: Option<String>,
    pub key_id: Option<String>,
    /// 1: the workspace's first number (`whatsapp_connections`); 0: one added later.
    pub first_number: i64,
    /// The business token of the number's connection, sealed.
    pub token_ciphertext: Option<String>,
    pub token_key_id: Option<String>,
}

impl NumberRow {
    pub fn registration(&self) -> Registration {
        Registration::parse(&self.registration)
    }
}

/// The rows of the numbers workspaces hold now (their first, and those added), with the
/// workspace's mode, the number's WABA, state and sealed token.
/// Each row is matched by primary key in both tables (no union to scan): a number is
/// the first one or an added one.
const ROWS: &str = "SELECT r.workspace_id, r.phone_number_id, w.vendor_id, w.mode, \
     COALESCE(c.waba_id, n.waba_id) AS waba_id, r.can_send, r.blockers, \
     r.checked_at, r.next_check_at, r.registration, r.registration_error, r.pin_ciphertext, r.pin_source, \
     r.key_id, CASE WHEN c.workspace_id IS NULL THEN 0 ELSE 1 END AS first_number, \
     CASE WHEN c.workspace_id IS NULL THEN n.token_ciphertext ELSE c.token_ciphertext END AS token_ciphertext, \
     CASE WHEN c.workspace_id IS NULL THEN n.key_id ELSE c.key_id END AS token_key_id \
     FROM number_readiness r JOIN workspaces w ON w.id = r.workspace_id \
     LEFT JOIN whatsapp_connections c ON c.workspace_id = r.workspace_id \
     AND c.phone_number_id = r.phone_number_id \
     LEFT JOIN whatsapp_numbers n ON n.workspace_id = r.workspace_id AND n.phone_number_id = r.phone_number_id \
     WHERE (c.workspace_id IS NOT NULL OR n.workspace_id IS NOT NULL)";

/// What Meta said at the signup, and whether the registration waits for the name.
pub struct FirstReading<'a> {
    pub workspace_id: &'a str,
    pub phone_number_id: &'a str,
    pub can_send: CanSend,
    pub blockers: &'a str,
    /// When Meta answered (`None`: it did not; the check asks again at once).
    pub checked_at: Option<i64>,
    /// The PIN the registration will use once the display name is approved.
    pub deferred_pin: Option<(&'a Sealed, &'a str)>,
}

/// Starts the number's row at its connection (replacing an earlier one of the same
/// number), in the caller's transaction. Rows of numbers the workspace no longer holds
/// are left: every reader joins them with the numbers held.
pub async fn start(
    tx: &mut sqlx::AnyConnection,
    first: &FirstReading<'_>,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query("DELETE FROM number_readiness WHERE workspace_id = $1 AND phone_number_id = $2")
        .bind(first.workspace_id)
        .bind(first.phone_number_id)
        .execute(&mut *tx)
        .await?;
    let registration = match first.deferred_pin {
        Some(_) => Registration::AwaitingName,
        None => Registration::Done,
    };
    // Checked again soon after a first reading, at once without one.
    let next_check_at = first.checked_at.map_or(now, |_| now + FIRST_RECHECK_MS);
    sqlx::query(
        "INSERT INTO number_readiness (workspace_id, phone_number_id, can_send, blockers, checked_at, \
         next_check_at, registration, pin_ciphertext, pin_source, key_id, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(first.workspace_id)
    .bind(first.phone_number_id)
    .bind(first.can_send.as_str())
    .bind(first.blockers)
    .bind(first.checked_at)
    .bind(next_check_at)
    .bind(registration.as_str())
    .bind(first.deferred_pin.map(|(pin, _)| pin.ciphertext.as_str()))
    .bind(first.deferred_pin.map(|(_, source)| source))
    .bind(first.deferred_pin.map(|(pin, _)| pin.key_id.as_str()))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A number just connected is looked at again after an hour.
const FIRST_RECHECK_MS: i64 = 3_600_000;

/// The rows of these workspaces' connected numbers.
pub async fn of_workspaces(
    db: &Db,
    workspace_ids: &[String],
) -> Result<Vec<NumberRow>, sqlx::Error> {
    if workspace_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "{ROWS} AND r.workspace_id IN ({})",
        super::placeholders(workspace_ids.len())
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in workspace_ids {
        query = query.bind(id);
    }
    query.fetch_all(db.pool()).await
}

/// Whether the workspace holds the number, active, now; in the caller's transaction.
pub async fn holds_active(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
    phone_number_id: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar(
        "SELECT phone_number_id FROM whatsapp_connections WHERE workspace_id = $1 AND phone_number_id = $2 \
         AND status = 'active' UNION ALL SELECT phone_number_id FROM whatsapp_numbers \
         WHERE workspace_id = $1 AND phone_number_id = $2 AND status = 'active'",
    )
    .bind(workspace_id)
    .bind(phone_number_id)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(found.is_some())
}

/// Numbers of active connections whose check is due, the longest waiting first.
pub async fn due(db: &Db, now: i64, limit: i64) -> Result<Vec<NumberRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{ROWS} AND r.next_check_at <= $1 AND COALESCE(c.status, n.status) = 'active' \
         AND COALESCE(c.token_ciphertext, n.token_ciphertext) IS NOT NULL ORDER BY r.next_check_at LIMIT $2"
    )))
    .bind(now)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Takes a number's check and plans the next one at `next` in one step; `false` when
/// another instance took it first.
pub async fn claim_check(db: &Db, row: &NumberRow, next: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE number_readiness SET next_check_at = $3 \
         WHERE workspace_id = $1 AND phone_number_id = $2 AND next_check_at = $4",
    )
    .bind(&row.workspace_id)
    .bind(&row.phone_number_id)
    .bind(next)
    .bind(row.next_check_at)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Plans a number's next check at `at` (after a reading Meta did not answer).
pub async fn plan(db: &Db, row: &NumberRow, at: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE number_readiness SET next_check_at = $3 WHERE workspace_id = $1 AND phone_number_id = $2",
    )
    .bind(&row.workspace_id)
    .bind(&row.phone_number_id)
    .bind(at)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Asks for a check of the workspace's numbers at once (one of Meta's changes may have
/// moved them), in the caller's transaction.
pub async fn check_soon(
    tx: &mut sqlx::AnyConnection,
    workspace_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE number_readiness SET next_check_at = $2 WHERE workspace_id = $1")
        .bind(workspace_id)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// Stores what Meta said now, in the caller's transaction; answers what was stored
/// before (`None`: the number's row is gone).
pub async fn record(
    tx: &mut sqlx::AnyConnection,
    row: &NumberRow,
    can_send: CanSend,
    blockers: &str,
) -> Result<Option<(CanSend, String)>, sqlx::Error> {
    let before: Option<(String, String)> = sqlx::query_as(
        "SELECT can_send, blockers FROM number_readiness WHERE workspace_id = $1 AND phone_number_id = $2",
    )
    .bind(&row.workspace_id)
    .bind(&row.phone_number_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((was, was_blockers)) = before else {
        return Ok(None);
    };
    let now = now_ms();
    sqlx::query(
        "UPDATE number_readiness SET can_send = $3, blockers = $4, checked_at = $5, updated_at = $5 \
         WHERE workspace_id = $1 AND phone_number_id = $2",
    )
    .bind(&row.workspace_id)
    .bind(&row.phone_number_id)
    .bind(can_send.as_str())
    .bind(blockers)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let was = CanSend::parse(&was).unwrap_or(CanSend::Unknown);
    Ok(Some((was, was_blockers)))
}

/// Takes the number's waiting registration; `false` when it is not waiting (another
/// instance took it, or it ended).
pub async fn claim_registration(db: &Db, row: &NumberRow) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE number_readiness SET registration = 'registering', updated_at = $3 \
         WHERE workspace_id = $1 AND phone_number_id = $2 AND registration = 'awaiting_name'",
    )
    .bind(&row.workspace_id)
    .bind(&row.phone_number_id)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets a waiting registration the number no longer needs (it was registered by
/// other means).
pub async fn forget_registration(db: &Db, row: &NumberRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE number_readiness SET registration = 'done', pin_ciphertext = NULL, pin_source = NULL, \
         key_id = NULL, updated_at = $3 WHERE workspace_id = $1 AND phone_number_id = $2 \
         AND registration = 'awaiting_name'",
    )
    .bind(&row.workspace_id)
    .bind(&row.phone_number_id)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Ends a registration taken by `claim_registration`: `error` `None` when Meta accepted.
/// The PIN leaves the row either way (an accepted one is the number's stored PIN now).
/// In the caller's transaction.
pub async fn end_registration(
    tx: &mut sqlx::AnyConnection,
    row: &NumberRow,
    error: Option<&str>,
) -> Result<(), sqlx::Error> {
    let state = match error {
        None => Registration::Done,
        Some(_) => Registration::Failed,
    };
    sqlx::query(
        "UPDATE number_readiness SET registration = $3, registration_error = $4, pin_ciphertext = NULL, \
         pin_source = NULL, key_id = NULL, next_check_at = $5, updated_at = $5 \
         WHERE workspace_id = $1 AND phone_number_id = $2 AND registration = 'registering'",
    )
    .bind(&row.workspace_id)
    .bind(&row.phone_number_id)
    .bind(state.as_str())
    .bind(error)
    .bind(now_ms())
    .execute(&mut *tx)
    .await?;
    Ok(())
}
