//! Managing a vendor's webhook endpoints (live and test) and their deliveries, from the
//! admin area and the vendor console: set, remove, send a test event, redeliver.

use super::{delivery::secret_row, signing::new_secret};
use crate::{
    crypto::Keyring,
    db,
    model::{
        admin::{DeliveryRow, EndpointView, WebhookView},
        Mode, Named,
    },
    services::{
        time_text::{rfc3339, utc_minute},
        vendors::{audit, require_vendor},
        Actor, ServiceError,
    },
    webhook_client::check_destination,
};

const MAX_URL_CHARS: usize = 2000;

/// Checks an endpoint URL: `https` (plain `http` only where private addresses are
/// allowed, i.e. development), no credentials, and not resolving to a private address
/// in production.
async fn endpoint_url(raw: &str, allow_private: bool) -> Result<url::Url, ServiceError> {
    let invalid = |why: &str| ServiceError::Invalid(format!("`url` {why}"));
    let raw = raw.trim();
    if raw.is_empty() || raw.chars().count() > MAX_URL_CHARS {
        return Err(invalid("must be a URL of at most 2000 characters"));
    }
    let url = url::Url::parse(raw).map_err(|_| invalid("must be an absolute URL"))?;
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        _ => return Err(invalid("must use https")),
    }
    if !url.username().is_empty() || url.password().is_some() || url.host_str().is_none() {
        return Err(invalid("must have a host and no credentials"));
    }
    check_destination(&url, allow_private)
        .await
        .map_err(|why| ServiceError::Invalid(format!("`url` is refused: {why}")))?;
    Ok(url)
}

/// Sets the vendor's endpoint of `mode` with a new signing secret, returned once.
pub async fn set_endpoint(
    db: &db::Db,
    keyring: &Keyring,
    actor: Actor<'_>,
    vendor_id: &str,
    mode: Mode,
    raw_url: &str,
    allow_private: bool,
) -> Result<String, ServiceError> {
    let url = endpoint_url(raw_url, allow_private).await?;
    require_vendor(db, vendor_id).await?;
    let secret = new_secret();
    let sealed = keyring.seal(secret.as_bytes(), &secret_row(vendor_id, mode));
    db::webhooks::set_endpoint(db, vendor_id, mode, url.as_str(), &sealed).await?;
    let detail = format!("{} {}", mode.as_str(), url.as_str());
    let target = ("vendor", vendor_id);
    audit(db, actor, "webhook.set", target, vendor_id, Some(&detail)).await?;
    Ok(secret)
}

pub async fn remove_endpoint(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    mode: Mode,
) -> Result<(), ServiceError> {
    if !db::webhooks::remove_endpoint(db, vendor_id, mode).await? {
        return Err(ServiceError::NotFound(format!(
            "this vendor has no {} webhook endpoint",
            mode.as_str()
        )));
    }
    let target = ("vendor", vendor_id);
    audit(
        db,
        actor,
        "webhook.remove",
        target,
        vendor_id,
        Some(mode.as_str()),
    )
    .await
}

/// Sends a delivery again now, with its original id.
pub async fn redeliver(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    delivery_id: &str,
) -> Result<(), ServiceError> {
    if !db::webhooks::redeliver(db, vendor_id, delivery_id).await? {
        return Err(ServiceError::NotFound(format!(
            "no delivery {delivery_id} for this vendor"
        )));
    }
    audit(
        db,
        actor,
        "webhook.redeliver",
        ("webhook_delivery", delivery_id),
        vendor_id,
        None,
    )
    .await
}

/// Queues a `webhook.test` event for the vendor's endpoint of `mode`, signed and retried
/// as every event is, so that a vendor can check its receiver end to end.
pub async fn send_test_event(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    mode: Mode,
) -> Result<(), ServiceError> {
    let endpoints = db::webhooks::endpoints(db, vendor_id).await?;
    let Some(endpoint) = endpoints.iter().find(|e| e.mode == mode) else {
        return Err(ServiceError::NotFound(format!(
            "this vendor has no {} webhook endpoint",
            mode.as_str()
        )));
    };
    if endpoint.disabled_at.is_some() {
        return Err(ServiceError::Conflict(
            "this endpoint is disabled: save its URL again to enable it".into(),
        ));
    }
    let payload = serde_json::json!({
        "type": TEST_EVENT,
        "timestamp": rfc3339(db::now_ms()),
        "data": {
            "livemode": mode.is_live(),
            "message": "A test event sent from WhatsPortal: your endpoint received it.",
        },
    });
    let event = db::webhooks::WebhookEvent {
        vendor_id: vendor_id.to_owned(),
        account_id: String::new(),
        mode,
        event_type: TEST_EVENT,
        payload: payload.to_string(),
        ephemeral: false,
    };
    {
        // Given back before the audit below takes the writer again.
        let mut conn = db.writer().acquire().await?;
        db::webhooks::enqueue(&mut conn, &event).await?;
    }
    let target = ("vendor", vendor_id);
    audit(
        db,
        actor,
        "webhook.test",
        target,
        vendor_id,
        Some(mode.as_str()),
    )
    .await
}

/// The type of the event `send_test_event` queues.
pub const TEST_EVENT: &str = "webhook.test";

/// How staff see the endpoint of `mode` among `endpoints`.
fn endpoint_view(endpoints: &[db::webhooks::Endpoint], mode: Mode) -> EndpointView {
    let endpoint = endpoints.iter().find(|e| e.mode == mode);
    EndpointView {
        url: endpoint.map(|e| e.url.clone()),
        disabled: endpoint.and_then(|e| {
            e.disabled_at.map(|at| {
                let reason = e.disabled_reason.clone().unwrap_or_default();
                format!("{reason} ({})", utc_minute(at))
            })
        }),
    }
}

/// The endpoints and the 20 newest deliveries with every attempt.
pub async fn view(db: &db::Db, vendor_id: &str) -> Result<WebhookView, ServiceError> {
    let endpoints = db::webhooks::endpoints(db, vendor_id).await?;
    let deliveries = db::webhooks::recent(db, vendor_id, 20).await?;
    let ids: Vec<String> = deliveries.iter().map(|d| d.id.clone()).collect();
    let attempts = db::webhooks::attempts_of(db, &ids).await?;
    Ok(WebhookView {
        live: endpoint_view(&endpoints, Mode::Live),
        test: endpoint_view(&endpoints, Mode::Test),
        deliveries: deliveries
            .into_iter()
            .map(|d| DeliveryRow {
                attempts: attempts
                    .iter()
                    .filter(|a| a.delivery_id == d.id)
                    .map(|a| match (a.status, &a.error) {
                        (Some(status), _) => format!("{status} at {}", utc_minute(a.attempted_at)),
                        (None, Some(error)) => format!("{error} at {}", utc_minute(a.attempted_at)),
                        (None, None) => utc_minute(a.attempted_at),
                    })
                    .collect(),
                id: d.id,
                mode: d.mode.as_str().to_owned(),
                event_type: d.event_type,
                created: utc_minute(d.created_at),
                state: d.state,
            })
            .collect(),
    })
}
