//! Meta's webhook changes: stored as they arrive (`ingest`, before Meta gets its 200),
//! then processed from the database by a worker on every instance. Each change is
//! leased before it is processed, and what it does (the connection's new state, its
//! history line, the vendor's event) is written in the same transaction that marks it
//! processed: Meta's retries and several instances change nothing twice.

use std::{sync::Arc, time::Duration};

use serde_json::Value;
use tokio::sync::Notify;

use super::transitions::{decide, shares_a_waba, Decision};
use crate::{
    db::{
        self,
        connection_state::{self, Move, WabaConnection},
        meta_events::{MetaEvent, NewMetaEvent},
        webhooks,
    },
    meta::webhooks::Change,
    model::{ConnectionStatus, Mode, Named},
    services::{
        coexistence::meta_changes::{self, AppField},
        webhooks::events::{self, WhatsAppChange},
    },
    shutdown::StopSignal,
};

/// How long one processing attempt holds a change.
const LEASE_MS: i64 = 60_000;
/// Changes taken per round.
const BATCH: i64 = 100;
/// How often the worker looks without being woken (changes stored by other instances,
/// or left by a crash).
const POLL_EVERY: Duration = Duration::from_secs(2);

/// Stores a delivery's changes; returns how many were new. `target_workspace_id`: the
/// one workspace a test-mode change is for.
pub async fn ingest(
    db: &db::Db,
    mode: Mode,
    changes: &[Change],
    target_workspace_id: Option<&str>,
) -> Result<u64, sqlx::Error> {
    let values: Vec<String> = changes.iter().map(|c| c.value.to_string()).collect();
    let rows: Vec<NewMetaEvent> = changes
        .iter()
        .zip(&values)
        .map(|(change, value)| NewMetaEvent {
            entry_key: &change.entry_key,
            object: &change.object,
            field: &change.field,
            event: change.event.as_deref(),
            waba_id: change.waba_id.as_deref(),
            value,
            entry_time: change.entry_time,
            target_workspace_id,
        })
        .collect();
    db::meta_events::store(db, mode, &rows).await
}

/// Meta's fields after which a number's send readiness may differ.
fn moves_readiness(field: &str) -> bool {
    matches!(
        field,
        "account_update" | "phone_number_quality_update" | "phone_number_name_update"
    )
}

/// What one connection's decision did, written in the caller's transaction.
async fn apply(
    tx: &mut sqlx::AnyConnection,
    event: &MetaEvent,
    value: &Value,
    connection: &WabaConnection,
) -> Result<&'static str, sqlx::Error> {
    if let Some(field) = AppField::of(&event.field) {
        return meta_changes::apply(tx, field, value, connection).await;
    }
    if moves_readiness(&event.field) {
        // Whether the number can send may have changed: read it again at once.
        db::number_readiness::check_soon(tx, &connection.owner.workspace_id).await?;
    }
    let decision = decide(
        &event.field,
        event.event.as_deref(),
        value,
        connection.status,
        connection.holds_token(),
    );
    let ids = (
        connection.waba_id.as_str(),
        connection.phone_number_id.as_deref(),
    );
    let owner = &connection.owner;
    match decision {
        Decision::Move {
            status,
            reason,
            drop_token,
            change,
        } => {
            let detail = value.to_string();
            let to = Move {
                status,
                reason,
                detail: Some(&detail),
                drop_token,
                source: "meta",
            };
            connection_state::move_whatsapp(tx, connection, &to).await?;
            let vendor_event =
                events::whatsapp_changed(owner, change, ids, reason, Some(value), Value::Null);
            webhooks::enqueue(tx, &vendor_event).await?;
            if status != ConnectionStatus::Active {
                // The workspace's added numbers on the same WABA share what Meta did to it.
                let workspace = &owner.workspace_id;
                let waba = Some(connection.waba_id.as_str());
                let to = (status, reason, drop_token);
                for number in db::whatsapp_numbers::move_numbers(tx, workspace, waba, to).await? {
                    let ids = (
                        number.waba_id.as_str(),
                        Some(number.phone_number_id.as_str()),
                    );
                    let event = events::whatsapp_changed(
                        owner,
                        change,
                        ids,
                        reason,
                        Some(value),
                        Value::Null,
                    );
                    webhooks::enqueue(tx, &event).await?;
                }
            }
            Ok(status.as_str())
        }
        Decision::Note {
            reason,
            quality_rating,
            display_name,
            fields,
        } => {
            let name = display_name
                .as_ref()
                .map(|(name, decision)| (name.as_str(), decision.as_str()));
            connection_state::note_number(tx, &owner.workspace_id, quality_rating.as_deref(), name)
                .await?;
            let vendor_event = events::whatsapp_changed(
                owner,
                WhatsAppChange::Updated,
                ids,
                reason,
                Some(value),
                fields,
            );
            webhooks::enqueue(tx, &vendor_event).await?;
            Ok("updated")
        }
        Decision::NoChange(why) => Ok(why),
    }
}

/// Processes one leased change; `false` when another worker finished it first.
async fn process(db: &db::Db, event: &MetaEvent) -> Result<bool, sqlx::Error> {
    let value: Value = serde_json::from_str(&event.value).unwrap_or(Value::Null);
    let mut tx = db.writer().begin().await?;
    let workspaces: Vec<String> = match (event.waba_id.as_deref(), &event.target_workspace_id) {
        // A test change reaches the workspace it was sent for, if it holds that WABA.
        (Some(_), Some(workspace_id)) => vec![workspace_id.clone()],
        (Some(waba_id), None) => connection_state::whatsapp_by_waba(&mut tx, event.mode, waba_id)
            .await?
            .into_iter()
            .map(|c| c.owner.workspace_id)
            .collect(),
        (None, _) => Vec::new(),
    };
    // Each workspace is held (in id order) and its connection read again: an erasure
    // under way finishes first, or waits for the events queued here.
    let mut connections = Vec::with_capacity(workspaces.len());
    for workspace_id in &workspaces {
        if !connection_state::hold_workspace(&mut tx, workspace_id).await? {
            continue;
        }
        let connection = connection_state::whatsapp_of(&mut tx, workspace_id).await?;
        connections.extend(connection.filter(|c| {
            Some(c.waba_id.as_str()) == event.waba_id.as_deref() && c.owner.mode == event.mode
        }));
    }
    let mut outcomes = Vec::with_capacity(connections.len());
    for connection in &connections {
        outcomes.push(apply(&mut tx, event, &value, connection).await?);
    }
    let outcome = match outcomes.first() {
        None if shares_a_waba(&event.field, event.event.as_deref()) => "unclaimed".to_owned(),
        None => "no_connection".to_owned(),
        Some(_) => outcomes.join(","),
    };
    let workspace = connections.first().map(|c| c.owner.workspace_id.as_str());
    // What the app's fields carry (messages, contacts) is passed on, not kept.
    let forget_value = AppField::of(&event.field).is_some();
    if !db::meta_events::finish(&mut tx, &event.id, &outcome, workspace, forget_value).await? {
        tx.rollback().await?;
        return Ok(false);
    }
    tx.commit().await?;
    tracing::info!(meta_event = %event.id, field = %event.field, outcome = %outcome, "processed a Meta change");
    Ok(true)
}

/// Processes every due change once (leasing each first); returns how many it processed.
pub async fn process_due(db: &db::Db) -> Result<usize, sqlx::Error> {
    let now = db::now_ms();
    let mut processed = 0;
    for event in db::meta_events::due(db, now, BATCH).await? {
        if !db::meta_events::claim(db, &event.id, event.next_attempt_at, now + LEASE_MS).await? {
            continue;
        }
        match process(db, &event).await {
            Ok(true) => processed += 1,
            Ok(false) => {}
            Err(e) => {
                // Tried again later, sooner at first: a minute, then up to an hour.
                let wait = 60_000 * (event.attempts + 1).min(60);
                tracing::warn!(meta_event = %event.id, error = %e, "processing a Meta change failed");
                db::meta_events::retry_at(db, &event.id, db::now_ms() + wait).await?;
            }
        }
    }
    Ok(processed)
}

/// Processes changes for as long as the server runs: at once when `wake` is notified
/// (a delivery was stored here), and every two seconds otherwise; until `stop` fires.
pub fn spawn(db: db::Db, wake: Arc<Notify>, mut stop: StopSignal) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = process_due(&db).await {
                tracing::warn!(error = %e, "processing Meta changes failed");
            }
            tokio::select! {
                () = wake.notified() => {}
                () = tokio::time::sleep(POLL_EVERY) => {}
                () = stop.stopped() => break,
            }
        }
    })
}
