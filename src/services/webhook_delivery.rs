//! Delivering queued webhook events: a task polls the queue, takes each due delivery
//! with a lease (safe with several instances), signs it, POSTs it, and records the
//! attempt. Failures are retried on a schedule with jitter for about a day; a `410
//! Gone` disables the endpoint. The queue is in the database, so a restart loses nothing:
//! a delivery whose attempt was cut off is retried once its lease ends (at least once).

use std::{
    net::IpAddr,
    time::{Duration, Instant},
};

use rand::Rng;

use super::webhook_signing::sign;
use crate::{
    config::DeliverySettings,
    crypto::Keyring,
    db::{
        self,
        webhooks::{AttemptOutcome, Due},
    },
};

/// The row a signing secret is sealed for.
pub fn secret_row(vendor_id: &str) -> String {
    format!("webhook_endpoints/{vendor_id}/secret")
}

/// Whether an address is one a production server must not be made to call.
fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

/// Refuses a URL whose host resolves to a private or loopback address (when not allowed).
pub async fn check_destination(url: &url::Url, allow_private: bool) -> Result<(), String> {
    if allow_private {
        return Ok(());
    }
    let host = url.host_str().ok_or("the URL has no host")?;
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<_> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|_| format!("{host} does not resolve"))?
        .collect();
    if addresses.is_empty() || addresses.iter().any(|a| is_private(a.ip())) {
        return Err(format!("{host} resolves to a private or loopback address"));
    }
    Ok(())
}

fn with_jitter(wait: Duration) -> Duration {
    let factor = rand::rng().random_range(0.9..1.1);
    wait.mul_f64(factor)
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// One attempt of one delivery; returns its HTTP status or why it failed.
async fn attempt(
    client: &reqwest::Client,
    keyring: &Keyring,
    settings: &DeliverySettings,
    delivery: &Due,
) -> Result<u16, String> {
    let url =
        url::Url::parse(&delivery.url).map_err(|_| "the endpoint URL is invalid".to_owned())?;
    check_destination(&url, settings.allow_private_addresses).await?;
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
    let response = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(delivery.payload.clone())
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                "timed out".to_owned()
            } else {
                "could not connect".to_owned()
            }
        })?;
    Ok(response.status().as_u16())
}

/// Attempts every due delivery once; returns how many were attempted.
pub async fn deliver_due(
    db: &db::Db,
    keyring: &Keyring,
    client: &reqwest::Client,
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
        let result = attempt(client, keyring, settings, &delivery).await;
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
        let client = reqwest::Client::builder()
            .timeout(settings.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client with default TLS");
        let mut ticks = tokio::time::interval(settings.poll_every);
        loop {
            ticks.tick().await;
            if let Err(e) = deliver_due(&db, &keyring, &client, &settings).await {
                tracing::warn!(error = %e, "delivering webhooks failed");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_loopback_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.4",
            "169.254.169.254",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "0.0.0.0",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }
}
