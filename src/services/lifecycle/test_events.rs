//! Test mode drives the lifecycle: a test key asks for one of Meta's webhook changes for
//! one of its test workspaces. The change goes through the same
//! store-then-process path as Meta's (as `test` mode), so the vendor's test endpoint
//! receives the signed event exactly as it would in live mode. Removing the app, the
//! partner or the account also ends the WABA's tokens at the simulator, as at Meta.

use sha2::{Digest, Sha256};

use super::meta_events;
use crate::{
    crypto::Keyring,
    db,
    meta::webhooks::{
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
    /// `account_update` (the default), `phone_number_quality_update` or
    /// `phone_number_name_update`.
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

/// Ends, at the simulator, the token this workspace holds (as Meta ends a removed app's
/// token): the token of this workspace only, not every token of its simulated account.
async fn end_workspace_token(
    db: &db::Db,
    keyring: &Keyring,
    workspace_id: &str,
) -> Result<(), ServiceError> {
    let Some(stored) = db::connection_tokens::whatsapp(db, workspace_id).await? else {
        return Ok(());
    };
    let row = token_rows::whatsapp(workspace_id);
    let Ok(token) = keyring.open(&stored.key_id, &stored.token_ciphertext, &row) else {
        tracing::warn!("a test workspace's token did not open; it is left to expire");
        return Ok(());
    };
    let hash = hex::encode(Sha256::digest(&token));
    db::simulator_grants::revoke_credential(db, &hash).await?;
    Ok(())
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
        _ => {
            return Err(ServiceError::Invalid(
                "`field` must be account_update, phone_number_quality_update or phone_number_name_update".into(),
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
    let target = Target {
        waba_id: &waba_id,
        display_phone_number: workspace.phone_number_id.as_deref().unwrap_or(""),
    };
    let body = test_deliveries::delivery(field, event, target, ban_state, db::now_ms() / 1000);
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
