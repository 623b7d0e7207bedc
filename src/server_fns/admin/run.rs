//! How every admin server function runs: who may call it, and how it ends. A server
//! function is one call of `read` or `change` around one service call.

use super::{
    caller::{Caller, Need},
    outcome::Outcome,
};
use crate::{
    model::admin::AdminError,
    services::{Actor, ServiceError},
    state::AppState,
};

/// A read by any signed-in staff member. A failure answers with its status, except
/// inside a page render, where the page shows it.
pub async fn read<T>(
    work: impl AsyncFnOnce(&AppState) -> Result<T, ServiceError>,
) -> Result<T, AdminError> {
    let caller = Caller::current()?;
    let result = async {
        caller.staff(Need::Read).await?;
        Ok(work(&caller.state).await?)
    }
    .await;
    caller.read(result)
}

/// A change by a staff member whose role allows changes, audited as theirs. Enhanced
/// pages get the result; a form posted without JavaScript gets a redirect and the
/// one-time message `outcome` makes of the result.
pub async fn change<T>(
    work: impl AsyncFnOnce(&AppState, Actor<'_>) -> Result<T, ServiceError>,
    outcome: impl FnOnce(&T) -> Outcome,
) -> Result<T, AdminError> {
    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        Ok(work(&caller.state, caller.actor(&staff)).await?)
    }
    .await;
    let outcome = result.as_ref().map(outcome).unwrap_or_default();
    caller.finish(result, outcome).await
}

/// A read about one vendor: by any signed-in staff member, or by a user of that vendor.
pub async fn vendor_read<T>(
    vendor_id: &str,
    work: impl AsyncFnOnce(&AppState) -> Result<T, ServiceError>,
) -> Result<T, AdminError> {
    let caller = Caller::current()?;
    let result = async {
        caller.for_vendor(vendor_id, Need::Read).await?;
        Ok(work(&caller.state).await?)
    }
    .await;
    caller.read(result)
}

/// A change about one vendor, by staff whose role allows changes or by a user of that
/// vendor whose role allows `need`, audited as theirs; it ends as `change` does.
pub async fn vendor_change<T>(
    vendor_id: &str,
    need: Need,
    work: impl AsyncFnOnce(&AppState, Actor<'_>) -> Result<T, ServiceError>,
    outcome: impl FnOnce(&T) -> Outcome,
) -> Result<T, AdminError> {
    let caller = Caller::current()?;
    let result = async {
        let principal = caller.for_vendor(vendor_id, need).await?;
        Ok(work(&caller.state, caller.actor_of(&principal)).await?)
    }
    .await;
    let outcome = result.as_ref().map(outcome).unwrap_or_default();
    caller.finish(result, outcome).await
}
