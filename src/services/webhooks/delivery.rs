//! Delivering queued webhook events: a task polls the queue, takes each due delivery
//! with a lease (safe with several instances), signs it, POSTs it, and records the
//! attempt. Failures are retried on a schedule with jitter for about a day; a `410
//! Gone` disables the endpoint. The queue is in the database, so a restart loses nothing:
//! a delivery whose attempt was cut off is retried once its lease ends (at least once).

use std::time::{Duration, Instant};

use rand::Rng;

use super::signing::sign;
use crate::{
    config::DeliverySettings,
    crypto::Keyring,
    db::{
        self,
        webhooks::{AttemptOutcome, Due},
    },
    webhook_client::{SignedHeaders, WebhookClient},
};

/// The row a signing secret is sealed for.
pub fn secret_row(vendor_id: &str) -> String {
    format!("webhook_endpoints/{vendor_id}/secret")
}

fn with_jitter(wait: Duration) -> Duration {
    let factor = rand::rng().random_range(0.9..1.1);
    wait.mul_f64(factor)
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// One attempt of one delivery: opens the endpoint's secret, signs, sends.
async fn attempt(client: &WebhookClient, keyring: &Keyring, delivery: &Due) -> Result<u16, String> {
    let secret = keyring
        .open(
            &delivery.key_id,
            &delivery.secret_ciphertext,
            &secret_row(&delivery.vendor_id),
        )
        .ok()
        .and_then(|s| String::from_utf8(s).ok())
        .ok_or("the signing secret does not open")?;
    let timestamp = db::now_ms() / 1000;
    let signature = sign(&secret, &delivery.id, timestamp, &delivery.payload)
        .ok_or("the signing secret is malformed")?;
    let headers = SignedHeaders {
        id: &delivery.id,
        timestamp,
        signature: &signature,
    };
    client
        .post(&delivery.url, &headers, &delivery.payload)
        .await
}

/// Attempts every due delivery once; returns how many were attempted.
pub async fn deliver_due(
    db: &db::Db,
    keyring: &Keyring,
    client: &WebhookClient,
    settings: &DeliverySettings,
) -> Result<usize, sqlx::Error> {
    let now = db::now_ms();
    let due = db::webhooks::due(db, now, 32).await?;
    // Long enough for one attempt; a delivery cut off by a crash is retried after it.
    let lease_until = now + 2 * millis(settings.timeout) + 1_000;
    let mut attempted = 0;
    for delivery in due {
        if !db::webhooks::claim(db, &delivery.id, delivery.next_attempt_at, lease_until).await? {
            continue;
        }
        attempted += 1;
        let started = Instant::now();
        let result = attempt(client, keyring, &delivery).await;
        let duration_ms = millis(started.elapsed());
        let failed_attempts = usize::try_from(delivery.attempts).unwrap_or(usize::MAX) + 1;
        let retry = settings.retry_after.get(failed_attempts - 1).copied();
        let (status, error) = match &result {
            Ok(status) => (Some(i64::from(*status)), None),
            Err(why) => (None, Some(why.as_str())),
        };
        let (state, next) = match result {
            Ok(200..=299) => ("delivered", 0),
            Ok(410) => ("failed", 0),
            _ => match retry {
                Some(wait) => ("pending", db::now_ms() + millis(with_jitter(wait))),
                None => ("failed", 0),
            },
        };
        if status == Some(410) {
            db::webhooks::disable_endpoint(
                db,
                &delivery.vendor_id,
                "the endpoint answered 410 Gone",
            )
            .await?;
        }
        tracing::info!(delivery = %delivery.id, ?status, state, "webhook attempt");
        db::webhooks::record_attempt(
            db,
            &delivery.id,
            &AttemptOutcome {
                status,
                error,
                duration_ms,
                state,
                next_attempt_at: next,
            },
        )
        .await?;
    }
    Ok(attempted)
}

/// Delivers for as long as the server runs.
pub fn spawn(
    db: db::Db,
    keyring: Keyring,
    settings: DeliverySettings,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = WebhookClient::new(settings.timeout, settings.allow_private_addresses);
        let mut ticks = tokio::time::interval(settings.poll_every);
        loop {
            ticks.tick().await;
            if let Err(e) = deliver_due(&db, &keyring, &client, &settings).await {
                tracing::warn!(error = %e, "delivering webhooks failed");
            }
        }
    })
}
