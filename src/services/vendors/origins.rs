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
    let plain_http = Origin::parse(raw_origin).is_ok_and(|o| o.is_plain_http());
    if plain_http && environment == Environment::Production {
        return Err(ServiceError::Invalid(
            "`origin` must use https: http://localhost origins are for development only".into(),
        ));
    }
    Ok(())
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
