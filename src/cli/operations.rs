use crate::model::Named;
use std::process::ExitCode;

use serde_json::{json, Value};

use super::args::{
    AdminCommand, Command, KeyCommand, KeysCommand, OriginCommand, ReturnUrlCommand, VendorCommand,
};
use crate::{
    config::Environment,
    db,
    model::Mode,
    services::{
        staff,
        vendors::{self, accounts::NewVendorRequest},
        Actor, ServiceError,
    },
};

/// Runs one operations command against the database the server uses.
pub async fn run(database_url: &str, environment: Environment, command: Command) -> ExitCode {
    let db = match db::connect(database_url, 2).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("whatsportal: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = execute(&db, environment, command).await;
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

async fn execute(
    db: &db::Db,
    environment: Environment,
    command: Command,
) -> Result<Value, ServiceError> {
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
                issue_key: true,
            };
            let created =
                vendors::accounts::create_vendor(db, environment, actor, &request).await?;
            let key = created.key.expect("a key was asked for");
            json!({
                "vendor_id": created.vendor_id,
                "api_key": key.api_key.expose(),
                "key_id": key.key_id,
            })
        }
        Command::Vendor(VendorCommand::Activate { vendor_id }) => {
            vendors::accounts::set_vendor_active(db, actor, &vendor_id, true).await?;
            json!({ "vendor_id": vendor_id, "active": true })
        }
        Command::Vendor(VendorCommand::Deactivate { vendor_id }) => {
            vendors::accounts::set_vendor_active(db, actor, &vendor_id, false).await?;
            json!({ "vendor_id": vendor_id, "active": false })
        }
        Command::Key(KeyCommand::Create { vendor_id, test }) => {
            let mode = if test { Mode::Test } else { Mode::Live };
            let created = vendors::keys::create_key(db, actor, &vendor_id, mode).await?;
            json!({ "api_key": created.api_key.expose(), "key_id": created.key_id, "mode": mode.as_str() })
        }
        Command::Key(KeyCommand::Revoke { key_id }) => {
            vendors::keys::revoke_key(db, actor, None, &key_id).await?;
            json!({ "key_id": key_id, "revoked": true })
        }
        Command::Origin(OriginCommand::Add { vendor_id, origin }) => {
            let (origin, added) =
                vendors::origins::add_origin(db, environment, actor, &vendor_id, &origin).await?;
            json!({ "vendor_id": vendor_id, "origin": origin.as_str(), "added": added })
        }
        Command::Origin(OriginCommand::Remove { vendor_id, origin }) => {
            let origin = vendors::origins::remove_origin(db, actor, &vendor_id, &origin).await?;
            json!({ "vendor_id": vendor_id, "origin": origin.as_str(), "removed": true })
        }
        Command::ReturnUrl(ReturnUrlCommand::Add { vendor_id, url }) => {
            let url = vendors::return_urls::add(db, environment, actor, &vendor_id, &url).await?;
            json!({ "vendor_id": vendor_id, "return_url": url.as_str() })
        }
        Command::ReturnUrl(ReturnUrlCommand::Remove { vendor_id, url }) => {
            let url = vendors::return_urls::remove(db, actor, &vendor_id, &url).await?;
            json!({ "vendor_id": vendor_id, "return_url": url.as_str(), "removed": true })
        }
        Command::Keys(KeysCommand::Reseal {
            encryption_keys,
            data_dir,
            batch,
        }) => {
            let keyring = match &encryption_keys {
                Some(keys) => crate::crypto::Keyring::parse(keys.expose()),
                None => crate::crypto::Keyring::load_or_create_dev(&data_dir),
            }
            .map_err(|e| ServiceError::Invalid(e.to_string()))?;
            let tables = crate::services::reseal::reseal_all(db, &keyring, batch).await?;
            let failed: u64 = tables.iter().map(|t| t.failed).sum();
            if failed > 0 {
                return Err(ServiceError::Conflict(format!(
                    "{failed} sealed values did not open and were left as they are (see the log); \
                     keep the key they need until they are dealt with: {}",
                    json!(tables)
                )));
            }
            json!({ "key_id": keyring.current_key_id(), "tables": tables })
        }
        Command::Admin(AdminCommand::Create { email, role }) => {
            let password = password_from_stdin();
            let created =
                staff::accounts::create_staff(db, actor, &email, &role, password.as_deref())
                    .await?;
            json!({
                "staff_id": created.staff_id,
                "email": created.email.as_str(),
                "role": role.trim(),
                "password": created.generated_password.as_ref().map(|p| p.expose()),
            })
        }
    })
}

/// The first line of standard input when it is not a terminal, without its line end;
/// `None` for a terminal or an empty input (a password is generated then).
fn password_from_stdin() -> Option<String> {
    use std::io::{BufRead, IsTerminal};
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return None;
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line).ok()?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    (!password.is_empty()).then_some(password)
}
