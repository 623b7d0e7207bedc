//! A vendor's return URLs: where customers go back when the connect page has no window
//! to post to. Staff register them one by one; every change is audited.

use super::{audit, require_vendor};
use crate::{
    config::Environment,
    db,
    domain::ReturnUrl,
    services::{Actor, ServiceError},
};

/// Parses a return URL by the rules of `environment`: production refuses plain-HTTP
/// ones (`http://localhost`), which exist for vendors developing on their own machine.
pub fn parse_in(environment: Environment, raw: &str) -> Result<ReturnUrl, ServiceError> {
    let url = ReturnUrl::parse(raw)?;
    if url.is_plain_http() && environment == Environment::Production {
        return Err(ServiceError::Invalid(
            "`returnUrl` must use https: http://localhost URLs are for development only".into(),
        ));
    }
    Ok(url)
}

/// Registers a return URL; returns it as stored.
pub async fn add(
    db: &db::Db,
    environment: Environment,
    actor: Actor<'_>,
    vendor_id: &str,
    raw: &str,
) -> Result<ReturnUrl, ServiceError> {
    let url = parse_in(environment, raw)?;
    require_vendor(db, vendor_id).await?;
    if db::return_urls::add(db, vendor_id, &url).await? {
        let target = ("vendor", vendor_id);
        audit(
            db,
            actor,
            "return_url.add",
            target,
            vendor_id,
            Some(url.as_str()),
        )
        .await?;
    }
    Ok(url)
}

/// Removes a return URL: sessions can no longer name it.
pub async fn remove(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    raw: &str,
) -> Result<ReturnUrl, ServiceError> {
    let url = ReturnUrl::parse(raw)?;
    require_vendor(db, vendor_id).await?;
    if !db::return_urls::remove(db, vendor_id, &url).await? {
        return Err(ServiceError::NotFound(format!(
            "{} is not a return URL of vendor {vendor_id}",
            url.as_str()
        )));
    }
    let target = ("vendor", vendor_id);
    audit(
        db,
        actor,
        "return_url.remove",
        target,
        vendor_id,
        Some(url.as_str()),
    )
    .await?;
    Ok(url)
}

/// Checks a session's `returnUrl`: one of the vendor's, exactly as registered.
pub async fn registered(
    db: &db::Db,
    vendor_id: &str,
    raw: &str,
) -> Result<ReturnUrl, ServiceError> {
    let url = ReturnUrl::parse(raw)?;
    if !db::return_urls::is_registered(db, vendor_id, &url).await? {
        return Err(ServiceError::Invalid(format!(
            "`returnUrl` {} is not one of this vendor's return URLs; ask WhatsPortal to register it",
            url.as_str()
        )));
    }
    Ok(url)
}
