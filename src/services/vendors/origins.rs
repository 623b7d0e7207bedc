//! A vendor's allowed origins: where its result messages may go. Every change is
//! audited.

use super::{audit, require_vendor};
use crate::{
    config::Environment,
    db,
    domain::Origin,
    services::{Actor, ServiceError},
};

/// Production refuses plain-HTTP origins (`http://localhost`, `http://127.0.0.1`):
/// they exist for vendors developing on their own machine.
pub fn allowed_in(environment: Environment, raw_origin: &str) -> Result<(), ServiceError> {
    match Origin::parse(raw_origin) {
        Ok(origin) => allowed(environment, &origin),
        Err(_) => Ok(()),
    }
}

/// The same rule for a parsed origin.
pub fn allowed(environment: Environment, origin: &Origin) -> Result<(), ServiceError> {
    if origin.is_plain_http() && environment == Environment::Production {
        return Err(ServiceError::Invalid(
            "`origin` must use https: http://localhost origins are for development only".into(),
        ));
    }
    Ok(())
}

/// Adds an origin (by the rules of `environment`, whoever asks: the admin area, the
/// command line, the demo); returns the normalised origin and whether it was new.
pub async fn add_origin(
    db: &db::Db,
    environment: Environment,
    actor: Actor<'_>,
    vendor_id: &str,
    raw_origin: &str,
) -> Result<(Origin, bool), ServiceError> {
    let origin = Origin::parse(raw_origin)?;
    allowed(environment, &origin)?;
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
