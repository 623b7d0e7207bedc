//! Managing vendors: create, rename, activate and deactivate. Every change is audited.

use super::{audit, keys::CreatedKey, no_such_vendor};
use crate::{
    config::Environment,
    db,
    domain::{LogoUrl, Origin, VendorName},
    model::Mode,
    services::{Actor, ServiceError},
};

/// A new vendor as asked for, fields unchecked.
#[derive(Debug, Default, Clone)]
pub struct NewVendorRequest {
    pub name: String,
    pub logo_url: Option<String>,
    pub origins: Vec<String>,
    /// Whether to create the vendor's first API key with it.
    pub issue_key: bool,
}

/// A vendor just created, with its first API key (shown once) when one was asked for.
#[derive(Debug)]
pub struct CreatedVendor {
    pub vendor_id: String,
    pub key: Option<CreatedKey>,
}

/// Validates everything first (origins by the rules of `environment`), so that a bad
/// origin creates nothing at all.
pub async fn create_vendor(
    db: &db::Db,
    environment: Environment,
    actor: Actor<'_>,
    request: &NewVendorRequest,
) -> Result<CreatedVendor, ServiceError> {
    let name = VendorName::parse(&request.name)?;
    let logo_url = request
        .logo_url
        .as_deref()
        .map(LogoUrl::parse)
        .transpose()?;
    let origins = request
        .origins
        .iter()
        .map(|o| Origin::parse(o))
        .collect::<Result<Vec<_>, _>>()?;
    for origin in &origins {
        super::origins::allowed(environment, origin)?;
    }
    let vendor_id = db::vendors::insert(db, &name, logo_url.as_ref()).await?;
    for origin in &origins {
        db::origins::add(db, &vendor_id, origin).await?;
    }
    audit(
        db,
        actor,
        "vendor.create",
        ("vendor", &vendor_id),
        &vendor_id,
        Some(name.as_str()),
    )
    .await?;
    let key = if request.issue_key {
        Some(super::keys::create_key(db, actor, &vendor_id, Mode::Live).await?)
    } else {
        None
    };
    Ok(CreatedVendor { vendor_id, key })
}

/// Renames a vendor and sets or clears its logo (an empty logo URL clears it).
pub async fn update_vendor(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    name: &str,
    logo_url: Option<&str>,
) -> Result<(), ServiceError> {
    let name = VendorName::parse(name)?;
    let logo_url = logo_url
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(LogoUrl::parse)
        .transpose()?;
    if !db::vendors::update(db, vendor_id, &name, logo_url.as_ref()).await? {
        return Err(no_such_vendor(vendor_id));
    }
    audit(
        db,
        actor,
        "vendor.update",
        ("vendor", vendor_id),
        vendor_id,
        Some(name.as_str()),
    )
    .await
}

pub async fn set_vendor_active(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    active: bool,
) -> Result<(), ServiceError> {
    if !db::vendors::set_active(db, vendor_id, active).await? {
        return Err(no_such_vendor(vendor_id));
    }
    let action = if active {
        "vendor.activate"
    } else {
        "vendor.deactivate"
    };
    audit(db, actor, action, ("vendor", vendor_id), vendor_id, None).await
}
