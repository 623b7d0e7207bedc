//! A vendor's webhook endpoint and deliveries.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{outcome::Outcome, run};
use crate::model::admin::AdminError;
#[cfg(feature = "ssr")]
use crate::services::webhooks::endpoints;

/// Sets the vendor's endpoint with a new signing secret, returned (and shown) once.
#[server(prefix = "/api/admin", endpoint = "webhooks/set")]
pub async fn set_webhook(vendor_id: String, url: String) -> Result<String, AdminError> {
    run::change(
        async |state, actor| {
            let allow_private = state.settings.webhooks.allow_private_addresses;
            let keyring = state.meta.keyring();
            endpoints::set_endpoint(&state.db, keyring, actor, &vendor_id, &url, allow_private)
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

/// Removes the vendor's endpoint.
#[server(prefix = "/api/admin", endpoint = "webhooks/remove")]
pub async fn remove_webhook(vendor_id: String) -> Result<(), AdminError> {
    run::change(
        async |state, actor| endpoints::remove_endpoint(&state.db, actor, &vendor_id).await,
        |_| Outcome::notice("Webhook endpoint removed."),
    )
    .await
}

/// Sends a delivery again now, with its original id.
#[server(prefix = "/api/admin", endpoint = "webhooks/redeliver")]
pub async fn redeliver_webhook(vendor_id: String, delivery_id: String) -> Result<(), AdminError> {
    run::change(
        async |state, actor| endpoints::redeliver(&state.db, actor, &vendor_id, &delivery_id).await,
        |_| Outcome::notice("Delivery queued again."),
    )
    .await
}
