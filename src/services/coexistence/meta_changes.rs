//! What Meta sends of a WhatsApp Business app number after its onboarding
//! (docs/meta.md, "Onboarding variants"), on the app's webhook:
//!
//! - `smb_app_state_sync`: contacts added, edited or removed in the app
//!   (`value.state_sync[]`), first all of them after the contacts sync, then as they
//!   change;
//! - `history`: the chat history, in chunks (`value.history[]`, each with `metadata`
//!   `{phase, chunk_order, progress}` and `threads[].messages[]`), or the customer's
//!   refusal to share it (`history[].errors[]`);
//! - `smb_message_echoes`: messages the customer sends from the app
//!   (`value.message_echoes[]`).
//!
//! Each becomes the vendor's events, in bounded batches, in the transaction that marks
//! the change processed; the history's progress moves its sync. Only a coexistence
//! connection of the number Meta names takes them.

use serde_json::{json, Map, Value};

use crate::{
    db::{
        coexistence_syncs::{self, Progress},
        connection_state::WabaConnection,
        webhooks,
    },
    model::coexistence::{SyncKind, SyncState},
    services::webhooks::coexistence_events::{self, AppData, Number},
};

/// The fields of Meta's webhook this module takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppField {
    Contacts,
    History,
    MessageEchoes,
}

impl AppField {
    /// The field Meta names, if it is one of the app's.
    pub fn of(field: &str) -> Option<Self> {
        match field {
            "smb_app_state_sync" => Some(Self::Contacts),
            "history" => Some(Self::History),
            "smb_message_echoes" => Some(Self::MessageEchoes),
            _ => None,
        }
    }
}

/// The longest text kept of a contact's field.
const MAX_TEXT: usize = 256;

fn short_text(value: &Value) -> Option<Value> {
    match value {
        Value::String(s) if s.chars().count() <= MAX_TEXT => Some(Value::String(s.clone())),
        Value::Number(n) => Some(Value::String(n.to_string())),
        _ => None,
    }
}

/// A contact as the vendor receives it: Meta's `contact` fields, `action` (`add` for
/// added or edited, `remove`) and `timestamp`. Unreadable entries are left out.
fn contact(entry: &Value) -> Option<Value> {
    let person = entry.get("contact")?;
    let phone = short_text(person.get("phone_number")?)?;
    let mut out = Map::new();
    out.insert("phone_number".into(), phone);
    for name in ["full_name", "first_name"] {
        if let Some(text) = person.get(name).and_then(short_text) {
            out.insert(name.into(), text);
        }
    }
    let action = entry.get("action").and_then(short_text)?;
    out.insert("action".into(), action);
    if let Some(at) = entry.pointer("/metadata/timestamp").and_then(short_text) {
        out.insert("timestamp".into(), at);
    }
    Some(Value::Object(out))
}

fn array<'v>(value: &'v Value, name: &str) -> &'v [Value] {
    value
        .get(name)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A history chunk's messages, each with the thread (the other person's number) it
/// belongs to.
fn history_messages(chunk: &Value) -> Vec<Value> {
    let mut messages = Vec::new();
    for thread in array(chunk, "threads") {
        let thread_id = thread.get("id").and_then(short_text);
        for message in array(thread, "messages") {
            let mut message = message.clone();
            if let (Value::Object(fields), Some(id)) = (&mut message, &thread_id) {
                fields.insert("thread_id".into(), id.clone());
            }
            messages.push(message);
        }
    }
    messages
}

fn integer(value: &Value, pointer: &str) -> Option<i64> {
    let found = value.pointer(pointer)?;
    found
        .as_i64()
        .or_else(|| found.as_str().and_then(|s| s.trim().parse().ok()))
}

/// Where the history sync stands after a chunk that says `phase` and `progress`,
/// from where it stood: progress never goes back (chunks may arrive out of order), and
/// a completed or declined sync stays so.
pub fn history_step(
    current: SyncState,
    current_phase: Option<i64>,
    current_progress: Option<i64>,
    chunk: (Option<i64>, Option<i64>),
) -> (SyncState, Option<i64>, Option<i64>) {
    if current == SyncState::Declined {
        return (current, current_phase, current_progress);
    }
    let phase = current_phase.max(chunk.0);
    let progress = current_progress.max(chunk.1.map(|p| p.clamp(0, 100)));
    let state = match current {
        SyncState::Completed => current,
        _ if progress == Some(100) => SyncState::Completed,
        _ => SyncState::InProgress,
    };
    (state, phase, progress)
}

/// Applies one change of an app field to one connection, in the caller's transaction;
/// returns the outcome recorded with the change.
pub async fn apply(
    tx: &mut sqlx::AnyConnection,
    field: AppField,
    value: &Value,
    connection: &WabaConnection,
) -> Result<&'static str, sqlx::Error> {
    let named = value
        .pointer("/metadata/phone_number_id")
        .and_then(short_text);
    let phone = connection.phone_number_id.as_deref();
    if !connection.is_coexistence() {
        return Ok("not_coexistence");
    }
    let Some(phone) = phone.filter(|p| named.as_ref().and_then(Value::as_str) == Some(*p)) else {
        return Ok("other_number");
    };
    let number = Number {
        waba_id: &connection.waba_id,
        phone_number_id: phone,
    };
    let owner = &connection.owner;
    match field {
        AppField::Contacts => {
            let contacts: Vec<Value> = array(value, "state_sync")
                .iter()
                .filter_map(contact)
                .collect();
            count_items(tx, connection, SyncKind::Contacts, contacts.len()).await?;
            for event in
                coexistence_events::app_data(owner, number, AppData::Contacts, &contacts, &[])
            {
                webhooks::enqueue(tx, &event).await?;
            }
            Ok("contacts")
        }
        AppField::MessageEchoes => {
            let echoes = array(value, "message_echoes");
            let events =
                coexistence_events::app_data(owner, number, AppData::MessageEchoes, echoes, &[]);
            for event in events {
                webhooks::enqueue(tx, &event).await?;
            }
            Ok("message_echoes")
        }
        AppField::History => {
            for chunk in array(value, "history") {
                history_chunk(tx, connection, number, chunk).await?;
            }
            Ok("history")
        }
    }
}

/// Counts items passed on for a sync, when the workspace has that sync.
async fn count_items(
    tx: &mut sqlx::AnyConnection,
    connection: &WabaConnection,
    kind: SyncKind,
    items: usize,
) -> Result<(), sqlx::Error> {
    let workspace = &connection.owner.workspace_id;
    let Some(sync) = coexistence_syncs::find_in(tx, workspace, kind).await? else {
        return Ok(());
    };
    let progress = Progress {
        state: sync.state,
        phase: None,
        progress: None,
        error_code: None,
        items_added: i64::try_from(items).unwrap_or(i64::MAX),
    };
    coexistence_syncs::record_progress(tx, workspace, kind, &progress).await
}

/// One chunk of history: its messages to the vendor, and the sync's new state (with
/// `whatsapp.sync_updated` when it changed). A chunk with `errors` is the customer's
/// refusal to share the history.
async fn history_chunk(
    tx: &mut sqlx::AnyConnection,
    connection: &WabaConnection,
    number: Number<'_>,
    chunk: &Value,
) -> Result<(), sqlx::Error> {
    let workspace = &connection.owner.workspace_id;
    let owner = &connection.owner;
    let sync = coexistence_syncs::find_in(tx, workspace, SyncKind::History).await?;
    let (current, phase, progress) = sync
        .as_ref()
        .map_or((SyncState::Requested, None, None), |s| {
            (s.state, s.phase, s.progress)
        });
    let refusal = array(chunk, "errors").first();
    let messages = history_messages(chunk);
    let next = match refusal {
        Some(error) => Progress {
            state: SyncState::Declined,
            phase,
            progress,
            error_code: integer(error, "/code"),
            items_added: 0,
        },
        None => {
            let said = (
                integer(chunk, "/metadata/phase"),
                integer(chunk, "/metadata/progress"),
            );
            let (state, phase, progress) = history_step(current, phase, progress, said);
            Progress {
                state,
                phase,
                progress,
                error_code: None,
                items_added: i64::try_from(messages.len()).unwrap_or(i64::MAX),
            }
        }
    };
    // The customer declined to share: nothing of the history is passed on.
    if !messages.is_empty() && current != SyncState::Declined {
        let extra = [
            ("phase", json!(integer(chunk, "/metadata/phase"))),
            (
                "chunk_order",
                json!(integer(chunk, "/metadata/chunk_order")),
            ),
            ("progress", json!(integer(chunk, "/metadata/progress"))),
        ];
        for event in
            coexistence_events::app_data(owner, number, AppData::History, &messages, &extra)
        {
            webhooks::enqueue(tx, &event).await?;
        }
    }
    let Some(sync) = sync else {
        return Ok(());
    };
    let changed =
        (next.state, next.phase, next.progress) != (sync.state, sync.phase, sync.progress);
    coexistence_syncs::record_progress(tx, workspace, SyncKind::History, &next).await?;
    if changed {
        let event = coexistence_events::sync_updated(owner, number, SyncKind::History, &next);
        webhooks::enqueue(tx, &event).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_progress_never_goes_back_and_ends_at_100() {
        use SyncState::*;
        assert_eq!(
            history_step(Requested, None, None, (Some(0), Some(20))),
            (InProgress, Some(0), Some(20))
        );
        // A chunk arriving late does not move progress back.
        assert_eq!(
            history_step(InProgress, Some(1), Some(60), (Some(0), Some(30))),
            (InProgress, Some(1), Some(60))
        );
        assert_eq!(
            history_step(InProgress, Some(1), Some(60), (Some(2), Some(100))),
            (Completed, Some(2), Some(100))
        );
        // Nothing moves a declined sync.
        assert_eq!(
            history_step(Declined, None, None, (Some(0), Some(10))),
            (Declined, None, None)
        );
        assert_eq!(
            history_step(Requested, None, None, (None, Some(400))).2,
            Some(100)
        );
    }

    #[test]
    fn contacts_keep_metas_fields_and_leave_out_unreadable_entries() {
        let added = json!({"type":"contact","contact":{"full_name":"Pablo Morales","first_name":"Pablo",
            "phone_number":"16505551234"},"action":"add","metadata":{"timestamp":"1739321024"}});
        assert_eq!(
            contact(&added),
            Some(
                json!({"phone_number":"16505551234","full_name":"Pablo Morales","first_name":"Pablo",
                "action":"add","timestamp":"1739321024"})
            )
        );
        let removed =
            json!({"type":"contact","contact":{"phone_number":"16505551234"},"action":"remove"});
        assert_eq!(
            contact(&removed),
            Some(json!({"phone_number":"16505551234","action":"remove"}))
        );
        assert_eq!(
            contact(&json!({"contact":{"full_name":"No number"},"action":"add"})),
            None
        );
        assert_eq!(contact(&json!({"contact":{"phone_number":"1"}})), None);
    }

    #[test]
    fn history_messages_carry_their_thread() {
        let chunk = json!({"metadata":{"phase":0,"chunk_order":1,"progress":40},"threads":[
            {"id":"16505551234","messages":[{"from":"16505551234","id":"wamid.1","timestamp":"1","type":"text","text":{"body":"Hi"}}]},
            {"id":"16505550000","messages":[{"from":"15550783881","to":"16505550000","id":"wamid.2","timestamp":"2","type":"text","text":{"body":"Hello"}}]}]});
        let messages = history_messages(&chunk);
        assert_eq!(messages.len(), 2);
        assert_eq!(messages[0]["thread_id"], "16505551234");
        assert_eq!(messages[1]["thread_id"], "16505550000");
        assert_eq!(messages[1]["text"]["body"], "Hello");
    }
}
