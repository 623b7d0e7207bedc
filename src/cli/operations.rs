use std::process::ExitCode;

use serde_json::{json, Value};

use super::args::{Command, KeyCommand, OriginCommand, VendorCommand};
use crate::{
    db,
    services::{
        vendor_admin::{self, Actor, NewVendorRequest},
        ServiceError,
    },
};

/// Runs one operations command against the database the server uses.
pub async fn run(database_url: &str, command: Command) -> ExitCode {
    let db = match db::connect(database_url, 2).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("whatsportal: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = execute(&db, command).await;
    db.close().await;
    match outcome {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(ServiceError::Internal(e)) => {
            eprintln!("whatsportal: database error: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("whatsportal: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(db: &db::Db, command: Command) -> Result<Value, ServiceError> {
    let actor = Actor::CLI;
    Ok(match command {
        Command::Serve(_) => unreachable!("serve is handled by the caller"),
        Command::Vendor(VendorCommand::Create {
            name,
            logo_url,
            origins,
        }) => {
            let request = NewVendorRequest {
                name,
                logo_url,
                origins,
            };
            let created = vendor_admin::create_vendor(db, actor, &request).await?;
            json!({
                "vendor_id": created.vendor_id,
                "api_key": created.api_key.expose(),
                "key_id": created.key_id,
            })
        }
        Command::Vendor(VendorCommand::Activate { vendor_id }) => {
            vendor_admin::set_vendor_active(db, actor, &vendor_id, true).await?;
            json!({ "vendor_id": vendor_id, "active": true })
        }
        Command::Vendor(VendorCommand::Deactivate { vendor_id }) => {
            vendor_admin::set_vendor_active(db, actor, &vendor_id, false).await?;
            json!({ "vendor_id": vendor_id, "active": false })
        }
        Command::Key(KeyCommand::Create { vendor_id }) => {
            let created = vendor_admin::create_key(db, actor, &vendor_id).await?;
            json!({ "api_key": created.api_key.expose(), "key_id": created.key_id })
        }
        Command::Key(KeyCommand::Revoke { key_id }) => {
            vendor_admin::revoke_key(db, actor, &key_id).await?;
            json!({ "key_id": key_id, "revoked": true })
        }
        Command::Origin(OriginCommand::Add { vendor_id, origin }) => {
            let (origin, added) = vendor_admin::add_origin(db, actor, &vendor_id, &origin).await?;
            json!({ "vendor_id": vendor_id, "origin": origin.as_str(), "added": added })
        }
        Command::Origin(OriginCommand::Remove { vendor_id, origin }) => {
            let origin = vendor_admin::remove_origin(db, actor, &vendor_id, &origin).await?;
            json!({ "vendor_id": vendor_id, "origin": origin.as_str(), "removed": true })
        }
    })
}
