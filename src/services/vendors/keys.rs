//! A vendor's API keys: created (shown once) and revoked. Every change is audited.

use super::{audit, no_such_vendor, require_vendor};
use crate::model::Named;
use crate::{
    db,
    domain::ApiKey,
    model::Mode,
    services::{Actor, ServiceError},
};

/// A key just created: the secret is in this value only.
#[derive(Debug)]
pub struct CreatedKey {
    pub key_id: String,
    pub api_key: ApiKey,
}

/// Creates a key of `mode` for a vendor; the secret is in the answer only.
pub async fn create_key(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    mode: Mode,
) -> Result<CreatedKey, ServiceError> {
    require_vendor(db, vendor_id).await?;
    let api_key = ApiKey::generate();
    let key_id = match db::api_keys::insert(db, vendor_id, &api_key, mode).await {
        Err(e) if db::is_foreign_key_violation(&e) => return Err(no_such_vendor(vendor_id)),
        other => other?,
    };
    audit(
        db,
        actor,
        "key.create",
        ("api_key", &key_id),
        vendor_id,
        Some(mode.as_str()),
    )
    .await?;
    Ok(CreatedKey { key_id, api_key })
}

/// Revokes a key with immediate effect.
pub async fn revoke_key(db: &db::Db, actor: Actor<'_>, key_id: &str) -> Result<(), ServiceError> {
    let Some(vendor_id) = db::api_keys::revoke(db, key_id).await? else {
        return Err(ServiceError::NotFound(format!(
            "no active API key with id {key_id}"
        )));
    };
    audit(
        db,
        actor,
        "key.revoke",
        ("api_key", key_id),
        &vendor_id,
        None,
    )
    .await
}
