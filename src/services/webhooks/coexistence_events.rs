//! The events of a WhatsApp Business app number (coexistence): where each one-time
//! sync stands (`whatsapp.sync_updated`), and what Meta sends of the app, in batches of
//! bounded size: contacts (`whatsapp.contacts`), chat history (`whatsapp.history`) and
//! the messages the customer sends from the app (`whatsapp.message_echoes`). The
//! batches carry the customer's messages and contacts: their payloads are kept only
//! until their delivery ends.

use serde_json::{json, Value};

use super::events::{event, Subject};
use crate::{
    db::{self, coexistence_syncs::Progress, webhooks::WebhookEvent},
    model::{coexistence::SyncKind, Named},
    services::time_text::rfc3339,
};

/// The most items (contacts, messages) one event carries.
pub const BATCH_ITEMS: usize = 100;

/// The number an event is about.
#[derive(Debug, Clone, Copy)]
pub struct Number<'a> {
    pub waba_id: &'a str,
    pub phone_number_id: &'a str,
}

/// `whatsapp.sync_updated`: where one sync stands. `phase` and `progress` (0 to 100)
/// for history; `error_code` when Meta refused the request or the customer declined.
pub fn sync_updated<'a>(
    subject: impl Into<Subject<'a>>,
    number: Number<'_>,
    kind: SyncKind,
    progress: &Progress,
) -> WebhookEvent {
    let mut data = json!({
        "waba_id": number.waba_id,
        "phone_number_id": number.phone_number_id,
        "sync": kind.as_str(),
        "status": progress.state.as_str(),
        "occurred_at": rfc3339(db::now_ms()),
    });
    for (name, value) in [
        ("phase", progress.phase),
        ("progress", progress.progress),
        ("error_code", progress.error_code),
    ] {
        if let Some(value) = value {
            data[name] = json!(value);
        }
    }
    event(subject, "whatsapp.sync_updated", data)
}

/// What Meta sent of the app, as the vendor receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppData {
    /// `whatsapp.contacts`: contacts added, edited or removed in the app.
    Contacts,
    /// `whatsapp.history`: messages of the chat history, with their thread.
    History,
    /// `whatsapp.message_echoes`: messages the customer sent from the app.
    MessageEchoes,
}

impl AppData {
    fn event_type(self) -> &'static str {
        match self {
            Self::Contacts => "whatsapp.contacts",
            Self::History => "whatsapp.history",
            Self::MessageEchoes => "whatsapp.message_echoes",
        }
    }

    /// The field the items travel in.
    fn items_field(self) -> &'static str {
        match self {
            Self::Contacts => "contacts",
            Self::History | Self::MessageEchoes => "messages",
        }
    }
}

/// The items as events of at most `BATCH_ITEMS` each; `extra` fields (history's phase
/// and progress) go in every one. No event for no items.
pub fn app_data<'a>(
    subject: impl Into<Subject<'a>> + Copy,
    number: Number<'_>,
    kind: AppData,
    items: &[Value],
    extra: &[(&str, Value)],
) -> Vec<WebhookEvent> {
    items
        .chunks(BATCH_ITEMS)
        .map(|batch| {
            let mut data = json!({
                "waba_id": number.waba_id,
                "phone_number_id": number.phone_number_id,
                kind.items_field(): batch,
                "occurred_at": rfc3339(db::now_ms()),
            });
            for (name, value) in extra {
                data[*name] = value.clone();
            }
            WebhookEvent {
                ephemeral: true,
                ..event(subject, kind.event_type(), data)
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{db::connection_state::Owner, model::coexistence::SyncState, model::Mode};

    fn owner() -> Owner {
        Owner {
            workspace_id: "wsp_1".into(),
            vendor_id: "ven_1".into(),
            mode: Mode::Test,
            account_id: "wp_1".into(),
            external_id: "shop-1".into(),
        }
    }

    const NUMBER: Number<'static> = Number {
        waba_id: "920000000000020",
        phone_number_id: "930000000000020",
    };

    #[test]
    fn items_travel_in_bounded_ephemeral_batches() {
        let items: Vec<Value> = (0..250).map(|n| json!({ "id": n })).collect();
        let owner = owner();
        let events = app_data(
            &owner,
            NUMBER,
            AppData::History,
            &items,
            &[("phase", json!(1))],
        );
        assert_eq!(events.len(), 3);
        let sizes: Vec<usize> = events
            .iter()
            .map(|e| {
                let payload: Value = serde_json::from_str(&e.payload).unwrap();
                assert_eq!(payload["type"], "whatsapp.history");
                assert_eq!(payload["data"]["phase"], 1);
                assert_eq!(payload["data"]["externalId"], "shop-1");
                payload["data"]["messages"].as_array().unwrap().len()
            })
            .collect();
        assert_eq!(sizes, [100, 100, 50]);
        assert!(events.iter().all(|e| e.ephemeral));
        assert!(app_data(&owner, NUMBER, AppData::Contacts, &[], &[]).is_empty());
    }

    #[test]
    fn a_sync_update_names_only_what_it_knows() {
        let owner = owner();
        let progress = Progress {
            state: SyncState::Refused,
            phase: None,
            progress: None,
            error_code: Some(100),
            items_added: 0,
        };
        let event = sync_updated(&owner, NUMBER, SyncKind::Contacts, &progress);
        let payload: Value = serde_json::from_str(&event.payload).unwrap();
        assert_eq!(payload["type"], "whatsapp.sync_updated");
        assert_eq!(payload["data"]["sync"], "contacts");
        assert_eq!(payload["data"]["status"], "refused");
        assert_eq!(payload["data"]["error_code"], 100);
        assert!(payload["data"].get("phase").is_none());
        assert!(!event.ephemeral);
    }
}
