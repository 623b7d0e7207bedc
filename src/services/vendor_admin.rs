//! Managing vendors: create, rename, activate and deactivate. Every change is audited.

use super::{vendor_access::CreatedKey, Actor, ServiceError};
use crate::{
    db::{self, audit::AuditEntry},
    domain::{LogoUrl, Origin, VendorName},
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

/// Records a change concerning `vendor_id`.
pub(super) async fn audit(
    db: &db::Db,
    actor: Actor<'_>,
    action: &str,
    target: (&str, &str),
    vendor_id: &str,
    detail: Option<&str>,
) -> Result<(), ServiceError> {
    db::audit::record(
        db,
        AuditEntry {
            target_kind: Some(target.0),
            target_id: Some(target.1),
            vendor_id: Some(vendor_id),
            detail,
            ..actor.doing(action)
        },
    )
    .await?;
    Ok(())
}

pub(super) async fn require_vendor(
    db: &db::Db,
    vendor_id: &str,
) -> Result<db::vendors::Vendor, ServiceError> {
    db::vendors::find(db, vendor_id)
        .await?
        .ok_or_else(|| no_such_vendor(vendor_id))
}

pub(super) fn no_such_vendor(vendor_id: &str) -> ServiceError {
    ServiceError::NotFound(format!("no vendor with id {vendor_id}"))
}

/// Validates everything first, so that a bad origin creates nothing at all.
pub async fn create_vendor(
    db: &db::Db,
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
        Some(
            super::vendor_access::create_key(db, actor, &vendor_id, crate::model::Mode::Live)
                .await?,
        )
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
    if !db::vendor_list::update(db, vendor_id, &name, logo_url.as_ref()).await? {
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
