//! A vendor's webhook endpoint and deliveries.

use leptos::prelude::*;

use crate::model::admin::AdminError;

/// Sets the vendor's endpoint with a new signing secret, returned (and shown) once.
#[server(prefix = "/api/admin", endpoint = "webhooks/set")]
pub async fn set_webhook(vendor_id: String, url: String) -> Result<String, AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::webhooks;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        let allow_private = caller.state.settings.webhooks.allow_private_addresses;
        webhooks::endpoints::set_endpoint(
            &caller.state.db,
            caller.state.meta.keyring(),
            caller.actor(&staff),
            &vendor_id,
            &url,
            allow_private,
        )
        .await
        .map_err(from_service)
    }
    .await;
    let outcome = match &result {
        Ok(secret) => Outcome::secret(
            "Webhook endpoint saved. Its signing secret (shown once):",
            secret.clone(),
        ),
        Err(_) => Outcome::default(),
    };
    caller.finish(result, outcome).await
}

/// Removes the vendor's endpoint.
#[server(prefix = "/api/admin", endpoint = "webhooks/remove")]
pub async fn remove_webhook(vendor_id: String) -> Result<(), AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::webhooks;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        webhooks::endpoints::remove_endpoint(&caller.state.db, caller.actor(&staff), &vendor_id)
            .await
            .map_err(from_service)
    }
    .await;
    caller
        .finish(result, Outcome::notice("Webhook endpoint removed."))
        .await
}

/// Sends a delivery again now, with its original id.
#[server(prefix = "/api/admin", endpoint = "webhooks/redeliver")]
pub async fn redeliver_webhook(vendor_id: String, delivery_id: String) -> Result<(), AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::webhooks;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        webhooks::endpoints::redeliver(
            &caller.state.db,
            caller.actor(&staff),
            &vendor_id,
            &delivery_id,
        )
        .await
        .map_err(from_service)
    }
    .await;
    caller
        .finish(result, Outcome::notice("Delivery queued again."))
        .await
}
