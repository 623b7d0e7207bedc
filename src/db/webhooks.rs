//! Webhook endpoints (a live and a test one per vendor) and the durable delivery queue.

use super::{new_id, now_ms, Db};
use crate::{
    crypto::Sealed,
    model::{Mode, Named},
};

/// A vendor's endpoint for one mode; the signing secret stays sealed here.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Endpoint {
    pub vendor_id: String,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub url: String,
    pub secret_ciphertext: String,
    pub key_id: String,
    pub disabled_at: Option<i64>,
    pub disabled_reason: Option<String>,
}

/// Sets (or replaces, enabling again) a vendor's endpoint of `mode`.
#[tracing::instrument(skip(db, secret))]
pub async fn set_endpoint(
    db: &Db,
    vendor_id: &str,
    mode: Mode,
    url: &str,
    secret: &Sealed,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO webhook_endpoints (vendor_id, mode, url, secret_ciphertext, key_id, created_at, updated_at) \
         VALUES ($1, $6, $2, $3, $4, $5, $5) ON CONFLICT (vendor_id, mode) DO UPDATE SET url = excluded.url, \
         secret_ciphertext = excluded.secret_ciphertext, key_id = excluded.key_id, updated_at = excluded.updated_at, \
         disabled_at = NULL, disabled_reason = NULL",
    )
    .bind(vendor_id)
    .bind(url)
    .bind(&secret.ciphertext)
    .bind(&secret.key_id)
    .bind(now_ms())
    .bind(mode.as_str())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The vendor's endpoints, live first.
#[tracing::instrument(skip(db))]
pub async fn endpoints(db: &Db, vendor_id: &str) -> Result<Vec<Endpoint>, sqlx::Error> {
    sqlx::query_as(
        "SELECT vendor_id, mode, url, secret_ciphertext, key_id, disabled_at, disabled_reason \
         FROM webhook_endpoints WHERE vendor_id = $1 ORDER BY mode",
    )
    .bind(vendor_id)
    .fetch_all(db.pool())
    .await
}

/// Removes a vendor's endpoint of `mode`; `false` when it had none.
#[tracing::instrument(skip(db))]
pub async fn remove_endpoint(db: &Db, vendor_id: &str, mode: Mode) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM webhook_endpoints WHERE vendor_id = $1 AND mode = $2")
        .bind(vendor_id)
        .bind(mode.as_str())
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The event a completion queues for the vendor's webhook, in the same transaction.
#[derive(Debug)]
pub struct WebhookEvent {
    pub vendor_id: String,
    /// The workspace it is about (erasing the workspace erases its deliveries).
    pub account_id: String,
    /// Which of the vendor's endpoints it goes to.
    pub mode: Mode,
    pub event_type: &'static str,
    pub payload: String,
    /// The payload carries the customer's messages or contacts: it is kept only until
    /// the delivery ends, and such a delivery is never sent again.
    pub ephemeral: bool,
}

/// Queues `event` for its vendor's endpoint of its mode inside the caller's transaction
/// (nothing when the vendor has no enabled endpoint of that mode).
pub async fn enqueue(
    conn: &mut sqlx::AnyConnection,
    event: &WebhookEvent,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, vendor_id, mode, event_type, payload, created_at, state, attempts, \
         next_attempt_at, account_id, ephemeral) \
         SELECT $1, vendor_id, mode, $2, $3, $4, 'pending', 0, $4, $7, $8 FROM webhook_endpoints \
         WHERE vendor_id = $5 AND mode = $6 AND disabled_at IS NULL",
    )
    .bind(new_id("msg"))
    .bind(event.event_type)
    .bind(&event.payload)
    .bind(now)
    .bind(&event.vendor_id)
    .bind(event.mode.as_str())
    // An event about no workspace (a test event) names none.
    .bind((!event.account_id.is_empty()).then_some(event.account_id.as_str()))
    .bind(i64::from(event.ephemeral))
    .execute(conn)
    .await?;
    Ok(())
}

/// A delivery that is due, with its endpoint.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Due {
    pub id: String,
    pub vendor_id: String,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub payload: String,
    pub created_at: i64,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub url: String,
    pub secret_ciphertext: String,
    pub key_id: String,
}

/// Due deliveries, oldest first, at most `per_endpoint` of each endpoint: one endpoint's
/// backlog never hides the others' deliveries.
#[tracing::instrument(skip(db))]
pub async fn due(
    db: &Db,
    now: i64,
    per_endpoint: i64,
    limit: i64,
) -> Result<Vec<Due>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, d.vendor_id, d.mode, d.payload, d.created_at, d.attempts, d.next_attempt_at, e.url, \
                e.secret_ciphertext, e.key_id \
         FROM (SELECT id, vendor_id, mode, payload, created_at, attempts, next_attempt_at, \
                      ROW_NUMBER() OVER (PARTITION BY vendor_id, mode ORDER BY next_attempt_at, id) AS place \
               FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= $1) d \
         JOIN webhook_endpoints e ON e.vendor_id = d.vendor_id AND e.mode = d.mode \
         WHERE d.place <= $2 AND e.disabled_at IS NULL \
         ORDER BY d.next_attempt_at, d.id LIMIT $3",
    )
    .bind(now)
    .bind(per_endpoint)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// Takes a due delivery for one attempt (pushing its time past `lease_until`, so no other
/// worker or instance takes it meanwhile); `false` when another took it first.
#[tracing::instrument(skip(db))]
pub async fn claim(
    db: &Db,
    id: &str,
    seen_next: i64,
    lease_until: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET next_attempt_at = $3 \
         WHERE id = $1 AND state = 'pending' AND next_attempt_at = $2",
    )
    .bind(id)
    .bind(seen_next)
    .bind(lease_until)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What one attempt gave, and what the delivery becomes.
#[derive(Debug)]
pub struct AttemptOutcome<'a> {
    pub status: Option<i64>,
    pub error: Option<&'a str>,
    pub duration_ms: i64,
    /// `delivered`, `failed` or `pending` (then retried at `next_attempt_at`).
    pub state: &'a str,
    pub next_attempt_at: i64,
}

#[tracing::instrument(skip(db))]
pub async fn record_attempt(
    db: &Db,
    id: &str,
    outcome: &AttemptOutcome<'_>,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    let mut tx = db.writer().begin().await?;
    sqlx::query(
        "INSERT INTO webhook_attempts (id, delivery_id, attempted_at, status, error, duration_ms) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(new_id("att"))
    .bind(id)
    .bind(now)
    .bind(outcome.status)
    .bind(outcome.error)
    .bind(outcome.duration_ms)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, state = $2, next_attempt_at = $3, \
         last_status = $4, last_error = $5, delivered_at = CASE WHEN $2 = 'delivered' THEN $6 ELSE delivered_at END, \
         payload = CASE WHEN ephemeral = 1 AND $2 <> 'pending' THEN '' ELSE payload END \
         WHERE id = $1",
    )
    .bind(id)
    .bind(outcome.state)
    .bind(outcome.next_attempt_at)
    .bind(outcome.status)
    .bind(outcome.error)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Disables an endpoint (it answered 410 Gone).
#[tracing::instrument(skip(db))]
pub async fn disable_endpoint(
    db: &Db,
    vendor_id: &str,
    mode: Mode,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE webhook_endpoints SET disabled_at = $2, disabled_reason = $3, updated_at = $2 \
         WHERE vendor_id = $1 AND mode = $4",
    )
    .bind(vendor_id)
    .bind(now_ms())
    .bind(reason)
    .bind(mode.as_str())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// A delivery as staff see it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DeliveryLine {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub event_type: String,
    pub created_at: i64,
    pub state: String,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
}

#[tracing::instrument(skip(db))]
pub async fn recent(
    db: &Db,
    vendor_id: &str,
    limit: i64,
) -> Result<Vec<DeliveryLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, mode, event_type, created_at, state, attempts, last_status, last_error FROM webhook_deliveries \
         WHERE vendor_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(vendor_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await
}

/// One attempt of a delivery.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AttemptLine {
    pub delivery_id: String,
    pub status: Option<i64>,
    pub error: Option<String>,
    pub attempted_at: i64,
}

/// The attempts of these deliveries, oldest first.
#[tracing::instrument(skip(db))]
pub async fn attempts_of(
    db: &Db,
    delivery_ids: &[String],
) -> Result<Vec<AttemptLine>, sqlx::Error> {
    if delivery_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = super::placeholders(delivery_ids.len());
    let sql = format!(
        "SELECT delivery_id, status, error, attempted_at FROM webhook_attempts \
         WHERE delivery_id IN ({placeholders}) ORDER BY attempted_at, id"
    );
    let mut query = sqlx::query_as(sqlx::AssertSqlSafe(sql));
    for id in delivery_ids {
        query = query.bind(id);
    }
    query.fetch_all(db.pool()).await
}

/// Queues a delivery of the vendor's again, now (same message id: at-least-once);
/// never one whose payload was not kept (the customer's messages or contacts).
#[tracing::instrument(skip(db))]
pub async fn redeliver(db: &Db, vendor_id: &str, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = $3 \
         WHERE id = $1 AND vendor_id = $2 AND payload <> ''",
    )
    .bind(id)
    .bind(vendor_id)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes up to `batch` deliveries that ended (delivered or failed) and were created
/// before `before`, with their attempts; pending ones stay. Returns how many.
pub async fn sweep_ended(db: &Db, before: i64, batch: i64) -> Result<u64, sqlx::Error> {
    let ids: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM webhook_deliveries WHERE state <> 'pending' AND created_at < $1 \
         ORDER BY created_at LIMIT $2",
    )
    .bind(before)
    .bind(batch)
    .fetch_all(db.pool())
    .await?;
    if ids.is_empty() {
        return Ok(0);
    }
    let placeholders = super::placeholders(ids.len());
    let mut tx = db.writer().begin().await?;
    for table_and_column in [
        "webhook_attempts WHERE delivery_id",
        "webhook_deliveries WHERE id",
    ] {
        let sql = format!("DELETE FROM {table_and_column} IN ({placeholders})");
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (id,) in &ids {
            query = query.bind(id);
        }
        query.execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(ids.len() as u64)
}
