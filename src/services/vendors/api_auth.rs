//! Who is calling the vendor API: the `Authorization: Bearer <api_key>` check.

use crate::services::ServiceError;
use crate::{db, domain::ApiKey, model::Mode};

/// An API key that passed authentication, and its active vendor.
#[derive(Debug, Clone)]
pub struct VendorKey {
    pub key_id: String,
    pub vendor_id: String,
    pub mode: Mode,
    /// The vendor's own rate limit, when staff set one (otherwise the server's default).
    pub rate_limit_per_minute: Option<i64>,
}

/// Checks an `Authorization` header value. Missing, malformed, unknown and revoked keys,
/// and keys of an inactive vendor, are all `Unauthorized`, each with its own message.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn authenticate(
    db: &db::Db,
    authorization: Option<&str>,
) -> Result<VendorKey, ServiceError> {
    let unauthorized = |why: &str| ServiceError::Unauthorized(why.to_owned());
    let header = authorization.ok_or_else(|| {
        unauthorized("Missing API key: send the header `Authorization: Bearer <api_key>`")
    })?;
    let presented = header
        .strip_prefix("Bearer ")
        .or_else(|| header.strip_prefix("bearer "))
        .map(str::trim)
        .ok_or_else(|| {
            unauthorized("Malformed Authorization header: expected `Bearer <api_key>`")
        })?;
    let key = ApiKey::parse(presented).map_err(|_| {
        unauthorized("Malformed API key: an API key is 64 lowercase hexadecimal characters")
    })?;
    let owner = db::api_keys::authenticate(db, &key.hash())
        .await?
        .ok_or_else(|| unauthorized("Invalid API key: it is unknown or has been revoked"))?;
    if owner.vendor_deactivated_at.is_some() {
        return Err(unauthorized(
            "This vendor account is inactive: contact WhatsPortal to reactivate it",
        ));
    }
    Ok(VendorKey {
        key_id: owner.key_id,
        vendor_id: owner.vendor_id,
        mode: owner.mode,
        rate_limit_per_minute: owner.rate_limit_per_minute,
    })
}
