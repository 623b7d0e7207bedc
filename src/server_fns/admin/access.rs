//! A vendor's API keys and allowed origins.

use leptos::prelude::*;

use crate::model::admin::{AdminError, CreatedKeyView};

/// Creates an API key for a vendor (`mode` "test" for a test key); the key is in this
/// answer only.
#[server(prefix = "/api/admin", endpoint = "keys/create")]
pub async fn create_key(
    vendor_id: String,
    mode: Option<String>,
) -> Result<CreatedKeyView, AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::{model::Mode, services::vendors};

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        // The form sends `test` for a test key and nothing for a live one.
        let mode = match mode.as_deref().map(str::trim) {
            None | Some("") => Mode::Live,
            Some(raw) => Mode::parse(raw).map_err(|e| AdminError::Invalid(e.0))?,
        };
        vendors::keys::create_key(&caller.state.db, caller.actor(&staff), &vendor_id, mode)
            .await
            .map(|created| CreatedKeyView {
                key_id: created.key_id,
                api_key: created.api_key.expose().to_owned(),
            })
            .map_err(from_service)
    }
    .await;
    let outcome = match &result {
        Ok(created) => Outcome::secret(
            "New API key: copy it now, it will not be shown again.",
            created.api_key.clone(),
        ),
        Err(_) => Outcome::default(),
    };
    caller.finish(result, outcome).await
}

/// Revokes a key with immediate effect.
#[server(prefix = "/api/admin", endpoint = "keys/revoke")]
pub async fn revoke_key(key_id: String) -> Result<(), AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::vendors;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        vendors::keys::revoke_key(&caller.state.db, caller.actor(&staff), &key_id)
            .await
            .map_err(from_service)
    }
    .await;
    caller
        .finish(result, Outcome::notice("API key revoked."))
        .await
}

/// Allows an origin for a vendor (normalised and checked as the API does).
#[server(prefix = "/api/admin", endpoint = "origins/add")]
pub async fn add_origin(vendor_id: String, origin: String) -> Result<String, AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::vendors;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        vendors::origins::add_origin(&caller.state.db, caller.actor(&staff), &vendor_id, &origin)
            .await
            .map(|(origin, _)| origin.as_str().to_owned())
            .map_err(from_service)
    }
    .await;
    let outcome = match &result {
        Ok(origin) => Outcome::notice(format!("{origin} is allowed.")),
        Err(_) => Outcome::default(),
    };
    caller.finish(result, outcome).await
}

/// Removes an allowed origin: sessions for it are refused from then on.
#[server(prefix = "/api/admin", endpoint = "origins/remove")]
pub async fn remove_origin(vendor_id: String, origin: String) -> Result<(), AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::vendors;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        vendors::origins::remove_origin(&caller.state.db, caller.actor(&staff), &vendor_id, &origin)
            .await
            .map(|_| ())
            .map_err(from_service)
    }
    .await;
    caller
        .finish(result, Outcome::notice("Origin removed."))
        .await
}
