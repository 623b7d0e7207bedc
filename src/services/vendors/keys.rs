//! A vendor's API keys: created (shown once), rotated with an overlap, and revoked.
//! Every change is audited.

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

/// Revokes a key with immediate effect: one of `vendor_id`'s when given (another
/// vendor's key is then not found), any vendor's for the operations command line.
pub async fn revoke_key(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: Option<&str>,
    key_id: &str,
) -> Result<(), ServiceError> {
    let Some(vendor_id) = db::api_keys::revoke(db, vendor_id, key_id).await? else {
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

/// How long a rotated key may keep working, in hours: from at once to a week.
pub const MAX_OVERLAP_HOURS: u32 = 7 * 24;

/// Replaces one of the vendor's working keys: a new key of the same mode (shown once),
/// while the old one keeps working for `overlap_hours` more, so that the vendor can
/// deploy the new key first. `0` retires it at once.
pub async fn rotate_key(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    key_id: &str,
    overlap_hours: u32,
) -> Result<CreatedKey, ServiceError> {
    if overlap_hours > MAX_OVERLAP_HOURS {
        return Err(ServiceError::Invalid(format!(
            "`overlap_hours` must be from 0 to {MAX_OVERLAP_HOURS}"
        )));
    }
    let retires_at = db::now_ms() + i64::from(overlap_hours) * 60 * 60 * 1000;
    let Some(mode) = db::api_keys::retire(db, vendor_id, key_id, retires_at).await? else {
        return Err(ServiceError::NotFound(format!(
            "no working API key with id {key_id} that is not already being rotated"
        )));
    };
    let created = create_key(db, actor, vendor_id, mode).await?;
    let detail = format!(
        "replaced by {}; the old key works {overlap_hours} h more",
        created.key_id
    );
    audit(
        db,
        actor,
        "key.rotate",
        ("api_key", key_id),
        vendor_id,
        Some(&detail),
    )
    .await?;
    Ok(created)
}
