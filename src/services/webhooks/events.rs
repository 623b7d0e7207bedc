//! The events vendors' webhooks receive, in the Standard Webhooks shape:
//! `{"type", "timestamp", "data"}`, with the workspace's ids and the externalId.

use serde_json::json;

use crate::services::time_text::rfc3339;
use crate::{
    db::{
        self,
        connection_state::{Owner, PageConnection, WabaConnection},
        session_claims::ConnectSession,
        webhooks::WebhookEvent,
    },
    model::{connect::ConnectedPage, readiness::CanSend, Mode},
};

/// The workspace an event is about.
pub struct Subject<'a> {
    pub vendor_id: &'a str,
    pub mode: Mode,
    pub account_id: &'a str,
    pub external_id: &'a str,
}

impl<'a> From<&'a ConnectSession> for Subject<'a> {
    fn from(session: &'a ConnectSession) -> Self {
        Self {
            vendor_id: &session.vendor_id,
            mode: session.mode,
            account_id: &session.account_id,
            external_id: &session.external_id,
        }
    }
}

impl<'a> From<&'a Owner> for Subject<'a> {
    fn from(owner: &'a Owner) -> Self {
        Self {
            vendor_id: &owner.vendor_id,
            mode: owner.mode,
            account_id: &owner.account_id,
            external_id: &owner.external_id,
        }
    }
}

pub(super) fn event<'a>(
    subject: impl Into<Subject<'a>>,
    event_type: &'static str,
    mut data: serde_json::Value,
) -> WebhookEvent {
    let subject = subject.into();
    data["account_id"] = json!(subject.account_id);
    data["externalId"] = json!(subject.external_id);
    data["livemode"] = json!(subject.mode.is_live());
    let payload = json!({
        "type": event_type,
        "timestamp": rfc3339(db::now_ms()),
        "data": data,
    });
    WebhookEvent {
        vendor_id: subject.vendor_id.to_owned(),
        account_id: subject.account_id.to_owned(),
        mode: subject.mode,
        event_type,
        payload: payload.to_string(),
        ephemeral: false,
    }
}

/// `whatsapp.connected`. `business_id` stays null: the signup event's value is only the
/// browser's word, and nothing of Meta's confirms it.
pub fn whatsapp_connected(
    session: &ConnectSession,
    waba_id: &str,
    phone_number_id: &str,
    coexistence: bool,
    readiness: serde_json::Value,
) -> WebhookEvent {
    let mut data = json!({
        "waba_id": waba_id,
        "phone_number_id": phone_number_id,
        "business_id": null,
        "readiness": readiness,
    });
    // Only on a WhatsApp Business app number: nothing changes for the others.
    if coexistence {
        data["coexistence"] = json!(true);
    }
    event(session, "whatsapp.connected", data)
}

/// `whatsapp.ready`, `whatsapp.limited` or `whatsapp.blocked`: whether the number can
/// send changed, or what stands in the way did. `reason`: what made the product look
/// (`health_check`, `meta_change`, `registered`, `registration_failed`).
pub fn whatsapp_readiness(
    owner: &Owner,
    ids: (&str, &str),
    readiness: serde_json::Value,
    can_send: CanSend,
    reason: &str,
) -> WebhookEvent {
    let event_type = match can_send {
        CanSend::Available => "whatsapp.ready",
        CanSend::Limited => "whatsapp.limited",
        CanSend::Blocked | CanSend::Unknown => "whatsapp.blocked",
    };
    let (waba_id, phone_number_id) = ids;
    let data = json!({
        "waba_id": waba_id,
        "phone_number_id": phone_number_id,
        "readiness": readiness,
        "reason": reason,
        "occurred_at": rfc3339(db::now_ms()),
    });
    event(owner, event_type, data)
}

/// `pages.connected`.
pub fn pages_connected(session: &ConnectSession, pages: &[ConnectedPage]) -> WebhookEvent {
    event(session, "pages.connected", json!({ "pages": pages }))
}

/// What changed for a WhatsApp connection after the connect, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhatsAppChange {
    /// `whatsapp.disconnected`
    Disconnected,
    /// `whatsapp.restricted`
    Restricted,
    /// `whatsapp.reconnected`
    Reconnected,
    /// `whatsapp.updated`
    Updated,
}

impl WhatsAppChange {
    pub fn event_type(self) -> &'static str {
        match self {
            Self::Disconnected => "whatsapp.disconnected",
            Self::Restricted => "whatsapp.restricted",
            Self::Reconnected => "whatsapp.reconnected",
            Self::Updated => "whatsapp.updated",
        }
    }
}

/// A WhatsApp connection's event: its ids, the reason, what Meta said (`meta`, when
/// Meta said it) and `occurred_at`; `extra` adds the fields of `whatsapp.updated`.
pub fn whatsapp_changed(
    owner: &Owner,
    change: WhatsAppChange,
    ids: (&str, Option<&str>),
    reason: &str,
    meta: Option<&serde_json::Value>,
    extra: serde_json::Value,
) -> WebhookEvent {
    let (waba_id, phone_number_id) = ids;
    let mut data = json!({
        "waba_id": waba_id,
        "phone_number_id": phone_number_id,
        "reason": reason,
        "occurred_at": rfc3339(db::now_ms()),
    });
    if let Some(meta) = meta {
        data["meta"] = meta.clone();
    }
    if let serde_json::Value::Object(fields) = extra {
        for (name, value) in fields {
            data[name] = value;
        }
    }
    event(owner, change.event_type(), data)
}

/// `whatsapp.disconnected` for a reason of this product's own (the token died, the
/// vendor asked): no `meta`.
pub fn whatsapp_disconnected(connection: &WabaConnection, reason: &str) -> WebhookEvent {
    whatsapp_changed(
        &connection.owner,
        WhatsAppChange::Disconnected,
        (&connection.waba_id, connection.phone_number_id.as_deref()),
        reason,
        None,
        serde_json::Value::Null,
    )
}

/// `whatsapp.disconnected` for one number a workspace added (its others stay).
pub fn number_disconnected(owner: &Owner, ids: (&str, &str), reason: &str) -> WebhookEvent {
    whatsapp_changed(
        owner,
        WhatsAppChange::Disconnected,
        (ids.0, Some(ids.1)),
        reason,
        None,
        serde_json::Value::Null,
    )
}

/// `pages.disconnected` for one page.
pub fn page_disconnected(page: &PageConnection, reason: &str) -> WebhookEvent {
    pages_disconnected(&page.owner, &[(&page.page_id, &page.name)], reason)
}

/// `pages.disconnected`: the pages of one workspace, and why.
pub fn pages_disconnected(owner: &Owner, pages: &[(&str, &str)], reason: &str) -> WebhookEvent {
    let pages: Vec<serde_json::Value> = pages
        .iter()
        .map(|(id, name)| json!({ "id": id, "name": name }))
        .collect();
    event(
        owner,
        "pages.disconnected",
        json!({ "pages": pages, "reason": reason, "occurred_at": rfc3339(db::now_ms()) }),
    )
}
