//! The events vendors' webhooks receive, in the Standard Webhooks shape:
//! `{"type", "timestamp", "data"}`, with the workspace's ids and the externalId.

use serde_json::json;

use crate::services::time_text::rfc3339;
use crate::{
    db::{self, session_claims::ConnectSession, webhooks::WebhookEvent},
    model::connect::ConnectedPage,
};

fn event(
    session: &ConnectSession,
    event_type: &'static str,
    mut data: serde_json::Value,
) -> WebhookEvent {
    data["account_id"] = json!(session.account_id);
    data["externalId"] = json!(session.external_id);
    data["livemode"] = json!(session.mode.is_live());
    let payload = json!({
        "type": event_type,
        "timestamp": rfc3339(db::now_ms()),
        "data": data,
    });
    WebhookEvent {
        vendor_id: session.vendor_id.clone(),
        mode: session.mode,
        event_type,
        payload: payload.to_string(),
    }
}

/// `whatsapp.connected`.
pub fn whatsapp_connected(
    session: &ConnectSession,
    waba_id: &str,
    phone_number_id: &str,
    business_id: Option<&str>,
) -> WebhookEvent {
    event(
        session,
        "whatsapp.connected",
        json!({ "waba_id": waba_id, "phone_number_id": phone_number_id, "business_id": business_id }),
    )
}

/// `pages.connected`.
pub fn pages_connected(session: &ConnectSession, pages: &[ConnectedPage]) -> WebhookEvent {
    event(session, "pages.connected", json!({ "pages": pages }))
}
