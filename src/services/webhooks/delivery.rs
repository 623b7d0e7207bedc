//! Delivering queued webhook events. A dispatcher polls the queue and starts one task
//! per due delivery, within two bounds: `MAX_IN_FLIGHT` attempts at once overall and
//! `PER_ENDPOINT` per endpoint, so one vendor's slow or hanging endpoint holds at most
//! its own slots while every other vendor's events go out. Each delivery is leased on
//! its own just before its attempt (safe with several instances: no two send the same
//! attempt), signed with its endpoint's secret, POSTed, and its attempt recorded.
//! Failures are retried on a schedule with jitter for about a day; a `410 Gone`
//! disables the endpoint. The queue is in the database, so a restart loses nothing: a
//! delivery whose attempt was cut off is retried once its lease ends (at least once).

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use rand::Rng;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::signing::sign;
use crate::{
    config::DeliverySettings,
    crypto::Keyring,
    db::{
        self,
        webhooks::{AttemptOutcome, Due},
    },
    model::Mode,
    shutdown::StopSignal,
    webhook_client::{SignedHeaders, WebhookClient},
};

/// Attempts in flight at once, over every endpoint.
pub const MAX_IN_FLIGHT: usize = 32;
/// Attempts in flight at once to one endpoint.
pub const PER_ENDPOINT: usize = 2;

/// The row a signing secret is sealed for: the live endpoint's (as it always was) or
/// the test endpoint's.
pub fn secret_row(vendor_id: &str, mode: Mode) -> String {
    match mode {
        Mode::Live => format!("webhook_endpoints/{vendor_id}/secret"),
        Mode::Test => format!("webhook_endpoints/{vendor_id}/test/secret"),
    }
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
            &secret_row(&delivery.vendor_id, delivery.mode),
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

/// What the dispatcher and its attempts share.
struct Deliverer {
    db: db::Db,
    keyring: Keyring,
    client: WebhookClient,
    settings: DeliverySettings,
    permits: Arc<Semaphore>,
    /// Attempts in flight per endpoint (vendor, mode).
    in_flight: Mutex<HashMap<(String, Mode), usize>>,
}

impl Deliverer {
    /// Takes a place for an attempt to this endpoint, if both bounds allow one.
    fn place_for(self: &Arc<Self>, delivery: &Due) -> Option<Place> {
        let endpoint = (delivery.vendor_id.clone(), delivery.mode);
        let mut in_flight = self.in_flight.lock().expect("in-flight lock");
        let count = in_flight.entry(endpoint.clone()).or_default();
        if *count >= PER_ENDPOINT {
            return None;
        }
        let permit = Arc::clone(&self.permits).try_acquire_owned().ok()?;
        *count += 1;
        Some(Place {
            deliverer: Arc::clone(self),
            endpoint,
            _permit: permit,
        })
    }

    /// Starts an attempt of every due delivery there is a place for; returns how many.
    async fn dispatch_due(self: &Arc<Self>) -> Result<usize, sqlx::Error> {
        let limit = i64::try_from(MAX_IN_FLIGHT).unwrap_or(i64::MAX);
        let per_endpoint = i64::try_from(PER_ENDPOINT).unwrap_or(i64::MAX);
        let due = db::webhooks::due(&self.db, db::now_ms(), per_endpoint, limit).await?;
        let mut started = 0;
        for delivery in due {
            let Some(place) = self.place_for(&delivery) else {
                continue;
            };
            // The lease starts now, for this delivery alone: long enough for one attempt.
            let lease_until = db::now_ms() + millis(self.settings.timeout) + 5_000;
            let claimed = db::webhooks::claim(
                &self.db,
                &delivery.id,
                delivery.next_attempt_at,
                lease_until,
            )
            .await?;
            if !claimed {
                continue;
            }
            started += 1;
            let deliverer = Arc::clone(self);
            tokio::spawn(async move {
                if let Err(e) = deliverer.deliver(&delivery).await {
                    tracing::warn!(error = %e, delivery = %delivery.id, "recording a webhook attempt failed");
                }
                drop(place);
            });
        }
        Ok(started)
    }

    /// One attempt of a claimed delivery, and what it means for the delivery.
    async fn deliver(&self, delivery: &Due) -> Result<(), sqlx::Error> {
        let started = Instant::now();
        let result = attempt(&self.client, &self.keyring, delivery).await;
        let duration_ms = millis(started.elapsed());
        let failed_attempts = usize::try_from(delivery.attempts).unwrap_or(usize::MAX) + 1;
        let retry = self.settings.retry_after.get(failed_attempts - 1).copied();
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
            let why = "the endpoint answered 410 Gone";
            db::webhooks::disable_endpoint(&self.db, &delivery.vendor_id, delivery.mode, why)
                .await?;
        }
        tracing::info!(delivery = %delivery.id, ?status, state, "webhook attempt");
        let outcome = match state {
            "pending" => "retrying",
            other => other,
        };
        let queued_for = db::now_ms().saturating_sub(delivery.created_at).max(0);
        crate::observe::record::webhook_attempt(
            outcome,
            Duration::from_millis(u64::try_from(queued_for).unwrap_or_default()),
        );
        let outcome = AttemptOutcome {
            status,
            error,
            duration_ms,
            state,
            next_attempt_at: next,
        };
        db::webhooks::record_attempt(&self.db, &delivery.id, &outcome).await
    }
}

/// An attempt's place under both bounds, given back when the attempt ends.
struct Place {
    deliverer: Arc<Deliverer>,
    endpoint: (String, Mode),
    _permit: OwnedSemaphorePermit,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut in_flight = self.deliverer.in_flight.lock().expect("in-flight lock");
        if let Some(count) = in_flight.get_mut(&self.endpoint) {
            *count -= 1;
            if *count == 0 {
                in_flight.remove(&self.endpoint);
            }
        }
    }
}

/// Delivers until `stop` fires; then starts no new attempt and ends once the attempts
/// under way are recorded.
pub fn spawn(
    db: db::Db,
    keyring: Keyring,
    settings: DeliverySettings,
    mut stop: StopSignal,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let client = WebhookClient::new(settings.timeout, settings.allow_private_addresses);
        let mut ticks = tokio::time::interval(settings.poll_every);
        let deliverer = Arc::new(Deliverer {
            db,
            keyring,
            client,
            settings,
            permits: Arc::new(Semaphore::new(MAX_IN_FLIGHT)),
            in_flight: Mutex::new(HashMap::new()),
        });
        loop {
            tokio::select! {
                _ = ticks.tick() => {}
                () = stop.stopped() => break,
            }
            if let Err(e) = deliverer.dispatch_due().await {
                tracing::warn!(error = %e, "delivering webhooks failed");
            }
        }
        // Every place given back: no attempt is under way any more.
        let all = u32::try_from(MAX_IN_FLIGHT).unwrap_or(u32::MAX);
        let _ = deliverer.permits.acquire_many(all).await;
    })
}
