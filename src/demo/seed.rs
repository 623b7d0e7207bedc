//! What the demo needs in the database: a demo vendor allowing the demo's origin, a
//! fresh test key for this run, and (once) an admin login.

use crate::{
    config::Environment,
    crypto::Keyring,
    db,
    services::{
        staff,
        vendors::{self, accounts::NewVendorRequest},
        webhooks, Actor, ServiceError,
    },
};

pub const VENDOR_NAME: &str = "Demo Product";
pub const ADMIN_EMAIL: &str = "admin@demo.local";

/// The seeded demo: its vendor, this run's test key, and the admin login when it was
/// created by this run (its password is shown once).
#[derive(Debug)]
pub struct DemoSeed {
    pub vendor_id: String,
    pub api_key: String,
    /// The signing secret of the demo's own webhook endpoint (this run's).
    pub webhook_secret: String,
    pub new_admin_password: Option<String>,
}

pub async fn seed(
    db: &db::Db,
    keyring: &Keyring,
    demo_origin: &str,
) -> Result<DemoSeed, ServiceError> {
    let actor = Actor::SYSTEM;
    let vendor_id = match db::vendors::find_by_name(db, VENDOR_NAME).await? {
        Some(vendor) => vendor.id,
        None => {
            let request = NewVendorRequest {
                name: VENDOR_NAME.into(),
                logo_url: None,
                origins: Vec::new(),
                issue_key: false,
            };
            vendors::accounts::create_vendor(db, Environment::Development, actor, &request)
                .await?
                .vendor_id
        }
    };
    vendors::accounts::set_vendor_active(db, actor, &vendor_id, true).await?;
    vendors::origins::add_origin(db, Environment::Development, actor, &vendor_id, demo_origin)
        .await?;
    // Each run holds its key in memory only: earlier runs' keys are revoked.
    for key in db::api_keys::list(db, &vendor_id).await? {
        if key.revoked_at.is_none() {
            vendors::keys::revoke_key(db, actor, Some(&vendor_id), &key.id).await?;
        }
    }
    let key = vendors::keys::create_key(db, actor, &vendor_id, crate::model::Mode::Test).await?;
    let webhook_url = format!("{demo_origin}/webhooks");
    // The demo's key is a test key: its events go to the test endpoint.
    let webhook_secret = webhooks::endpoints::set_endpoint(
        db,
        keyring,
        actor,
        &vendor_id,
        crate::model::Mode::Test,
        &webhook_url,
        true,
    )
    .await?;
    let new_admin_password =
        match staff::accounts::create_staff(db, actor, ADMIN_EMAIL, "admin", None).await {
            Ok(created) => created.generated_password.map(|p| p.expose().to_owned()),
            Err(ServiceError::Conflict(_)) => None,
            Err(e) => return Err(e),
        };
    Ok(DemoSeed {
        vendor_id,
        api_key: key.api_key.expose().to_owned(),
        webhook_secret,
        new_admin_password,
    })
}
