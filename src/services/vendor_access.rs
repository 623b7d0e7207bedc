//! A vendor's API keys and allowed origins. Every change is audited.

use super::{
    vendor_admin::{audit, no_such_vendor, require_vendor},
    Actor, ServiceError,
};
use crate::{
    db,
    domain::{ApiKey, Origin},
    model::Mode,
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

/// Adds an origin; returns the normalised origin and whether it was new.
pub async fn add_origin(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    raw_origin: &str,
) -> Result<(Origin, bool), ServiceError> {
    let origin = Origin::parse(raw_origin)?;
    require_vendor(db, vendor_id).await?;
    let added = db::origins::add(db, vendor_id, &origin).await?;
    if added {
        audit(
            db,
            actor,
            "origin.add",
            ("vendor", vendor_id),
            vendor_id,
            Some(origin.as_str()),
        )
        .await?;
    }
    Ok((origin, added))
}

pub async fn remove_origin(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    raw_origin: &str,
) -> Result<Origin, ServiceError> {
    let origin = Origin::parse(raw_origin)?;
    require_vendor(db, vendor_id).await?;
    if !db::origins::remove(db, vendor_id, &origin).await? {
        return Err(ServiceError::NotFound(format!(
            "{} is not an allowed origin of vendor {vendor_id}",
            origin.as_str()
        )));
    }
    audit(
        db,
        actor,
        "origin.remove",
        ("vendor", vendor_id),
        vendor_id,
        Some(origin.as_str()),
    )
    .await?;
    Ok(origin)
}
