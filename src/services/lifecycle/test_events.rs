//! Test mode drives the lifecycle: a test key asks for one of Meta's webhook changes for
//! one of its test workspaces. The change goes through the same
//! store-then-process path as Meta's (as `test` mode), so the vendor's test endpoint
//! receives the signed event exactly as it would in live mode. Removing the app, the
//! partner or the account also ends the WABA's tokens at the simulator, as at Meta. A
//! WhatsApp Business app number's workspace can also be sent what Meta sends of the app:
//! history (in progress, complete, declined), a contact added or removed, and a message
//! the customer sent from the app. And a test number's send readiness can be moved
//! (`health_status`: no payment method, business not verified, available again): not a
//! webhook of Meta's, but what the simulated Meta answers for the workspace's token from
//! then on, read again at once by the readiness check.

use sha2::{Digest, Sha256};

use super::meta_events;
use crate::{
    crypto::Keyring,
    db,
    meta::webhooks::{
        app_deliveries::{self, AppNumber},
        parse_delivery,
        test_deliveries::{
            self, Target, ACCOUNT_EVENTS, BAN_STATES, NAME_DECISIONS, QUALITY_EVENTS,
        },
    },
    model::Mode,
    services::{
        connect::token_rows,
        vendors::{api_auth::VendorKey, workspace_status},
        ServiceError,
    },
};

/// `POST /api/vendor/test/workspaces/{externalId}/events`.
#[derive(Debug, Default)]
pub struct TestEventRequest {
    /// `account_update` (the default), `phone_number_quality_update`,
    /// `phone_number_name_update`, `health_status`, or for a WhatsApp Business app
    /// number `history`, `smb_app_state_sync` or `smb_message_echoes`.
    pub field: Option<String>,
    pub event: Option<String>,
    /// `DISABLED_UPDATE` only: `DISABLE` (the default), `SCHEDULE_FOR_DISABLE` or `REINSTATE`.
    pub ban_state: Option<String>,
}

/// What was queued.
#[derive(Debug, serde::Serialize)]
pub struct QueuedTestEvent {
    pub queued: bool,
    pub field: String,
    pub event: String,
    pub waba_id: String,
}

/// The simulator's name (SHA-256) of the token this workspace holds, if it opens.
async fn workspace_token_hash(
    db: &db::Db,
    keyring: &Keyring,
    workspace_id: &str,
) -> Result<Option<String>, ServiceError> {
    let Some(stored) = db::connection_tokens::whatsapp(db, workspace_id).await? else {
        return Ok(None);
    };
    let row = token_rows::whatsapp(workspace_id);
    let Ok(token) = keyring.open(&stored.key_id, &stored.token_ciphertext, &row) else {
        tracing::warn!("a test workspace's token did not open");
        return Ok(None);
    };
    Ok(Some(hex::encode(Sha256::digest(&token))))
}

/// Ends, at the simulator, the token this workspace holds (as Meta ends a removed app's
/// token): the token of this workspace only, not every token of its simulated account.
async fn end_workspace_token(
    db: &db::Db,
    keyring: &Keyring,
    workspace_id: &str,
) -> Result<(), ServiceError> {
    if let Some(hash) = workspace_token_hash(db, keyring, workspace_id).await? {
        db::simulator_grants::revoke_credential(db, &hash).await?;
    }
    Ok(())
}

/// Moves what the simulated Meta answers for `health_status` of this workspace's token,
/// and has the readiness check read its numbers at once.
async fn move_health(
    db: &db::Db,
    keyring: &Keyring,
    workspace_id: &str,
    event: &str,
) -> Result<(), ServiceError> {
    let hash = workspace_token_hash(db, keyring, workspace_id).await?;
    let stored = match hash {
        Some(hash) => db::simulator_grants::set_health(db, &hash, Some(event)).await?,
        None => false,
    };
    if !stored {
        return Err(ServiceError::Conflict(
            "This test workspace's token is no longer the simulator's: connect it again".into(),
        ));
    }
    let mut connection = db.writer().acquire().await?;
    db::number_readiness::check_soon(&mut connection, workspace_id).await?;
    Ok(())
}

/// What a test key may ask Meta to send of a WhatsApp Business app number.
const HISTORY_EVENTS: &[&str] = &["IN_PROGRESS", "COMPLETE", "DECLINED"];
const CONTACT_EVENTS: &[&str] = &["ADD", "REMOVE"];
const ECHO_EVENTS: &[&str] = &["TEXT"];
/// What a test key may move a test number's `health_status` to (the simulator's moves).
const HEALTH_MOVES: &[&str] = &["NO_PAYMENT_METHOD", "BUSINESS_NOT_VERIFIED", "AVAILABLE"];

/// Meta's delivery of a WhatsApp Business app field for `event`.
fn app_delivery(
    field: &str,
    event: &str,
    waba_id: &str,
    phone: &str,
    time: i64,
) -> serde_json::Value {
    let number = AppNumber {
        waba_id,
        phone_number_id: phone,
        display_phone_number: phone,
    };
    let thread: &[(&str, &str)] = &[("16505551234", "Do you deliver on Saturdays?")];
    match (field, event) {
        ("history", "DECLINED") => app_deliveries::history_declined(number, time),
        ("history", "COMPLETE") => {
            app_deliveries::history_chunk(number, (2, 1, 100), &[("16505551234", thread)], time)
        }
        ("history", _) => {
            app_deliveries::history_chunk(number, (0, 1, 50), &[("16505551234", thread)], time)
        }
        ("smb_app_state_sync", "REMOVE") => {
            app_deliveries::contacts(number, &[("16505551234", None, "remove")], time)
        }
        ("smb_app_state_sync", _) => app_deliveries::contacts(
            number,
            &[("16505551234", Some("Pablo Morales"), "add")],
            time,
        ),
        _ => app_deliveries::message_echo(number, "16505551234", "See you tomorrow!", time),
    }
}

fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), ServiceError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(ServiceError::Invalid(format!(
        "`{field}` must be one of {}",
        allowed.join(", ")
    )))
}

/// Checks the request, makes Meta's delivery and stores it for the test workspace it
/// names (and that workspace only: other vendors' test workspaces may hold the same
/// simulated account); the worker processes it.
pub async fn send(
    db: &db::Db,
    keyring: &Keyring,
    key: &VendorKey,
    external_id: &str,
    request: &TestEventRequest,
) -> Result<QueuedTestEvent, ServiceError> {
    if key.mode != Mode::Test {
        return Err(ServiceError::Forbidden(
            "Test events are sent with a test key only: this is a live key".into(),
        ));
    }
    let field = request.field.as_deref().unwrap_or("account_update");
    let events = match field {
        "account_update" => ACCOUNT_EVENTS,
        "phone_number_quality_update" => QUALITY_EVENTS,
        "phone_number_name_update" => NAME_DECISIONS,
        "history" => HISTORY_EVENTS,
        "smb_app_state_sync" => CONTACT_EVENTS,
        "smb_message_echoes" => ECHO_EVENTS,
        "health_status" => HEALTH_MOVES,
        _ => {
            return Err(ServiceError::Invalid(
                "`field` must be account_update, phone_number_quality_update, phone_number_name_update, \
                 health_status, history, smb_app_state_sync or smb_message_echoes"
                    .into(),
            ))
        }
    };
    let event = request
        .event
        .as_deref()
        .ok_or_else(|| ServiceError::Invalid("`event` is required".into()))?;
    one_of("event", event, events)?;
    let ban_state = request.ban_state.as_deref().unwrap_or("DISABLE");
    one_of("ban_state", ban_state, BAN_STATES)?;
    let workspace = workspace_status::line_of(db, key, external_id).await?;
    let waba_id = workspace.waba_id.ok_or_else(|| {
        ServiceError::Conflict("This test workspace has no WhatsApp connection yet".into())
    })?;
    if field == "health_status" {
        move_health(db, keyring, &workspace.id, event).await?;
        return Ok(QueuedTestEvent {
            queued: true,
            field: field.to_owned(),
            event: event.to_owned(),
            waba_id,
        });
    }
    let target = Target {
        waba_id: &waba_id,
        display_phone_number: workspace.phone_number_id.as_deref().unwrap_or(""),
    };
    let time = db::now_ms() / 1000;
    let body = match field {
        "history" | "smb_app_state_sync" | "smb_message_echoes" => {
            let (Some(phone), Some(1)) = (
                workspace.phone_number_id.as_deref(),
                workspace.whatsapp_coexistence,
            ) else {
                return Err(ServiceError::Conflict(
                    "This test workspace's number is not on the WhatsApp Business app".into(),
                ));
            };
            app_delivery(field, event, &waba_id, phone, time)
        }
        _ => test_deliveries::delivery(field, event, target, ban_state, time),
    };
    let changes = parse_delivery(body.to_string().as_bytes())
        .map_err(|e| ServiceError::Invalid(e.to_string()))?;
    // Each request is its own change, even when the same event is asked for twice.
    let changes: Vec<_> = changes
        .into_iter()
        .map(|mut c| {
            c.entry_key = db::new_id("sim");
            c
        })
        .collect();
    if matches!(
        event,
        "PARTNER_APP_UNINSTALLED" | "PARTNER_REMOVED" | "ACCOUNT_DELETED"
    ) {
        end_workspace_token(db, keyring, &workspace.id).await?;
    }
    meta_events::ingest(db, Mode::Test, &changes, Some(&workspace.id)).await?;
    Ok(QueuedTestEvent {
        queued: true,
        field: field.to_owned(),
        event: event.to_owned(),
        waba_id,
    })
}
