//! A vendor's API keys and allowed origins.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{caller::Need, outcome::Outcome, run};
use crate::model::admin::{AdminError, CreatedKeyView};
#[cfg(feature = "ssr")]
use crate::{
    model::{Mode, Named},
    services::vendors,
};

/// Creates an API key for a vendor (`mode` "test" for a test key); the key is in this
/// answer only.
#[server(prefix = "/api/admin", endpoint = "keys/create")]
pub async fn create_key(
    vendor_id: String,
    mode: Option<String>,
) -> Result<CreatedKeyView, AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            // The form sends `test` for a test key and nothing for a live one.
            let mode = match mode.as_deref().map(str::trim) {
                None | Some("") => Mode::Live,
                Some(raw) => Mode::parse(raw)?,
            };
            let created = vendors::keys::create_key(&state.db, actor, &vendor_id, mode).await?;
            Ok(CreatedKeyView {
                key_id: created.key_id,
                api_key: created.api_key.expose().to_owned(),
            })
        },
        |created| {
            Outcome::secret(
                "New API key: copy it now, it will not be shown again.",
                created.api_key.clone(),
            )
        },
    )
    .await
}

/// Revokes one of the vendor's keys with immediate effect.
#[server(prefix = "/api/admin", endpoint = "keys/revoke")]
pub async fn revoke_key(vendor_id: String, key_id: String) -> Result<(), AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            vendors::keys::revoke_key(&state.db, actor, Some(&vendor_id), &key_id).await
        },
        |_| Outcome::notice("API key revoked."),
    )
    .await
}

/// Rotates one of the vendor's keys: a new key of its mode (in this answer only), the
/// old one working `overlap_hours` more (24 when absent).
#[server(prefix = "/api/admin", endpoint = "keys/rotate")]
pub async fn rotate_key(
    vendor_id: String,
    key_id: String,
    overlap_hours: Option<String>,
) -> Result<CreatedKeyView, AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            let overlap = match overlap_hours.as_deref().map(str::trim) {
                None | Some("") => 24,
                Some(raw) => raw.parse().map_err(|_| {
                    crate::services::ServiceError::Invalid(
                        "`overlap_hours` must be a whole number of hours".into(),
                    )
                })?,
            };
            let rotated =
                vendors::keys::rotate_key(&state.db, actor, &vendor_id, &key_id, overlap).await?;
            Ok(CreatedKeyView {
                key_id: rotated.key_id,
                api_key: rotated.api_key.expose().to_owned(),
            })
        },
        |created| {
            Outcome::secret(
                "Key rotated. The new key (copy it now, it will not be shown again):",
                created.api_key.clone(),
            )
        },
    )
    .await
}

/// Allows an origin for a vendor (normalised and checked as the API does).
#[server(prefix = "/api/admin", endpoint = "origins/add")]
pub async fn add_origin(vendor_id: String, origin: String) -> Result<String, AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            let environment = state.settings.environment;
            let (origin, _) =
                vendors::origins::add_origin(&state.db, environment, actor, &vendor_id, &origin)
                    .await?;
            Ok(origin.as_str().to_owned())
        },
        |origin| Outcome::notice(format!("{origin} is allowed.")),
    )
    .await
}

/// Registers a return URL for a vendor (checked as the API checks a session's).
#[server(prefix = "/api/admin", endpoint = "return-urls/add")]
pub async fn add_return_url(vendor_id: String, url: String) -> Result<String, AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            let environment = state.settings.environment;
            let url =
                vendors::return_urls::add(&state.db, environment, actor, &vendor_id, &url).await?;
            Ok(url.as_str().to_owned())
        },
        |url| Outcome::notice(format!("{url} is registered.")),
    )
    .await
}

/// Removes a return URL: sessions can no longer name it.
#[server(prefix = "/api/admin", endpoint = "return-urls/remove")]
pub async fn remove_return_url(vendor_id: String, url: String) -> Result<(), AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            vendors::return_urls::remove(&state.db, actor, &vendor_id, &url).await?;
            Ok(())
        },
        |_| Outcome::notice("Return URL removed."),
    )
    .await
}

/// Removes an allowed origin: sessions for it are refused from then on.
#[server(prefix = "/api/admin", endpoint = "origins/remove")]
pub async fn remove_origin(vendor_id: String, origin: String) -> Result<(), AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            vendors::origins::remove_origin(&state.db, actor, &vendor_id, &origin).await?;
            Ok(())
        },
        |_| Outcome::notice("Origin removed."),
    )
    .await
}
