//! A vendor's webhook endpoint and deliveries.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{caller::Need, outcome::Outcome, run};
use crate::model::admin::AdminError;
#[cfg(feature = "ssr")]
use crate::{
    model::{Mode, Named},
    services::webhooks::endpoints,
};

/// The endpoint's mode from a form: `live` when absent.
#[cfg(feature = "ssr")]
fn endpoint_mode(raw: Option<&str>) -> Result<Mode, crate::services::ServiceError> {
    Ok(raw.map(Mode::parse).transpose()?.unwrap_or(Mode::Live))
}

/// Sets the vendor's endpoint of `mode` (live when absent) with a new signing secret,
/// returned (and shown) once.
#[server(prefix = "/api/admin", endpoint = "webhooks/set")]
pub async fn set_webhook(
    vendor_id: String,
    url: String,
    mode: Option<String>,
) -> Result<String, AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            let mode = endpoint_mode(mode.as_deref())?;
            let allow_private = state.settings.webhooks.allow_private_addresses;
            let keyring = state.meta.keyring();
            let vendor_id = vendor_id.as_str();
            endpoints::set_endpoint(
                &state.db,
                keyring,
                actor,
                vendor_id,
                mode,
                &url,
                allow_private,
            )
            .await
        },
        |secret| {
            Outcome::secret(
                "Webhook endpoint saved. Its signing secret (shown once):",
                secret.clone(),
            )
        },
    )
    .await
}

/// Removes the vendor's endpoint of `mode` (live when absent).
#[server(prefix = "/api/admin", endpoint = "webhooks/remove")]
pub async fn remove_webhook(vendor_id: String, mode: Option<String>) -> Result<(), AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            let mode = endpoint_mode(mode.as_deref())?;
            endpoints::remove_endpoint(&state.db, actor, &vendor_id, mode).await
        },
        |_| Outcome::notice("Webhook endpoint removed."),
    )
    .await
}

/// Sends a delivery again now, with its original id.
#[server(prefix = "/api/admin", endpoint = "webhooks/redeliver")]
pub async fn redeliver_webhook(vendor_id: String, delivery_id: String) -> Result<(), AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| endpoints::redeliver(&state.db, actor, &vendor_id, &delivery_id).await,
        |_| Outcome::notice("Delivery queued again."),
    )
    .await
}

/// Queues a `webhook.test` event for the vendor's endpoint of `mode` (live when absent).
#[server(prefix = "/api/admin", endpoint = "webhooks/test")]
pub async fn send_test_webhook(vendor_id: String, mode: Option<String>) -> Result<(), AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            let mode = endpoint_mode(mode.as_deref())?;
            endpoints::send_test_event(&state.db, actor, &vendor_id, mode).await
        },
        |_| Outcome::notice("Test event queued: it shows in the delivery log below."),
    )
    .await
}
