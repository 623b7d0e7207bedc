//! Whether a vendor's WhatsApp connect pages offer to keep the WhatsApp Business app on
//! the number (coexistence) when a session does not say: staff set it per vendor.

use super::{audit, no_such_vendor};
use crate::{
    db,
    services::{Actor, ServiceError},
};

/// Sets the vendor's default, and audits it.
pub async fn set(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    offer: bool,
) -> Result<(), ServiceError> {
    if !db::vendors::set_coexistence_default(db, vendor_id, offer).await? {
        return Err(no_such_vendor(vendor_id));
    }
    let detail = if offer { "offered" } else { "not offered" };
    audit(
        db,
        actor,
        "vendor.coexistence_default",
        ("vendor", vendor_id),
        vendor_id,
        Some(detail),
    )
    .await
}
