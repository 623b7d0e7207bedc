//! Managing vendors, their API keys and allowed origins. Every change is audited.

use super::ServiceError;
use crate::{
    db::{self, audit::AuditEntry},
    domain::{ApiKey, LogoUrl, Origin, VendorName},
};

/// Who asks for a change, for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub kind: &'a str,
    pub id: Option<&'a str>,
    pub source_ip: Option<&'a str>,
}

impl Actor<'static> {
    /// The operations command line on the server itself.
    pub const CLI: Actor<'static> = Actor {
        kind: "cli",
        id: None,
        source_ip: None,
    };
}

/// A new vendor as asked for, fields unchecked.
#[derive(Debug, Default, Clone)]
pub struct NewVendorRequest {
    pub name: String,
    pub logo_url: Option<String>,
    pub origins: Vec<String>,
}

/// A vendor just created with its first API key (shown once).
#[derive(Debug)]
pub struct CreatedVendor {
    pub vendor_id: String,
    pub key_id: String,
    pub api_key: ApiKey,
}

/// A key just created: the secret is in this value only.
#[derive(Debug)]
pub struct CreatedKey {
    pub key_id: String,
    pub api_key: ApiKey,
}

async fn audit(
    db: &db::Db,
    actor: Actor<'_>,
    action: &str,
    target: (&str, &str),
    detail: Option<&str>,
) -> Result<(), ServiceError> {
    db::audit::record(
        db,
        AuditEntry {
            actor_kind: actor.kind,
            actor_id: actor.id,
            action,
            target_kind: Some(target.0),
            target_id: Some(target.1),
            source_ip: actor.source_ip,
            detail,
        },
    )
    .await?;
    Ok(())
}

async fn require_vendor(db: &db::Db, vendor_id: &str) -> Result<db::vendors::Vendor, ServiceError> {
    db::vendors::find(db, vendor_id)
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no vendor with id {vendor_id}")))
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
    let api_key = ApiKey::generate();
    let key_id = db::api_keys::insert(db, &vendor_id, &api_key, "live").await?;
    audit(
        db,
        actor,
        "vendor.create",
        ("vendor", &vendor_id),
        Some(name.as_str()),
    )
    .await?;
    Ok(CreatedVendor {
        vendor_id,
        key_id,
        api_key,
    })
}

pub async fn set_vendor_active(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    active: bool,
) -> Result<(), ServiceError> {
    if !db::vendors::set_active(db, vendor_id, active).await? {
        return Err(ServiceError::NotFound(format!(
            "no vendor with id {vendor_id}"
        )));
    }
    let action = if active {
        "vendor.activate"
    } else {
        "vendor.deactivate"
    };
    audit(db, actor, action, ("vendor", vendor_id), None).await
}

pub async fn create_key(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
) -> Result<CreatedKey, ServiceError> {
    require_vendor(db, vendor_id).await?;
    let api_key = ApiKey::generate();
    let key_id = match db::api_keys::insert(db, vendor_id, &api_key, "live").await {
        Err(e) if db::is_foreign_key_violation(&e) => {
            return Err(ServiceError::NotFound(format!(
                "no vendor with id {vendor_id}"
            )))
        }
        other => other?,
    };
    audit(
        db,
        actor,
        "key.create",
        ("api_key", &key_id),
        Some(vendor_id),
    )
    .await?;
    Ok(CreatedKey { key_id, api_key })
}

pub async fn revoke_key(db: &db::Db, actor: Actor<'_>, key_id: &str) -> Result<(), ServiceError> {
    if !db::api_keys::revoke(db, key_id).await? {
        return Err(ServiceError::NotFound(format!(
            "no active API key with id {key_id}"
        )));
    }
    audit(db, actor, "key.revoke", ("api_key", key_id), None).await
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
        Some(origin.as_str()),
    )
    .await?;
    Ok(origin)
}
