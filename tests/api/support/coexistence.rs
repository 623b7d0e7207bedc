//! A WhatsApp Business app number's onboarding (coexistence) as the connect page makes
//! it, where its one-time syncs stand, and Meta's deliveries for such a number in the
//! shapes docs/meta.md gives (`history`, `smb_app_state_sync`, `smb_message_echoes`).

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{
    app::{session_body, SeededVendor, TestApp},
    connect::{connected_result, step_of},
};

/// One sync (`contacts`, `history`) of a workspace's `whatsapp` in the vendor API.
pub fn sync_of<'a>(whatsapp: &'a Value, sync: &str) -> &'a Value {
    whatsapp["syncs"]
        .as_array()
        .and_then(|syncs| syncs.iter().find(|s| s["sync"] == sync))
        .unwrap_or_else(|| panic!("no {sync} sync in {whatsapp}"))
}

/// The simulator's WhatsApp Business app accounts: two that can keep the app, one that
/// Meta refuses.
pub const APP_WABA: &str = "920000000000015";
pub const APP_PHONE: &str = "930000000000015";
pub const SECOND_APP_WABA: &str = "920000000000016";
pub const SECOND_APP_PHONE: &str = "930000000000016";
pub const INELIGIBLE_WABA: &str = "920000000000017";

/// The event Meta's dialog sends when a Business app number joined: only the WABA.
pub fn app_finish(waba_id: &str) -> Value {
    json!({ "Finished": {
        "event": "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING",
        "waba_id": waba_id,
    }})
}

impl TestApp {
    /// A WhatsApp session that offers to keep the Business app (`coexistence`), or not.
    pub async fn session_offering_app(
        &self,
        vendor: &SeededVendor,
        external_id: &str,
        coexistence: Option<bool>,
    ) -> String {
        let mut body = session_body(external_id);
        if let Some(offer) = coexistence {
            body["coexistence"] = json!(offer);
        }
        let response = self.create_session(&vendor.api_key, &body).await;
        assert_eq!(response.status(), 200);
        let created: Value = response.json().await.unwrap();
        created["session_token"].as_str().unwrap().to_owned()
    }

    /// The simulated dialog's Business app path: the customer picks the account,
    /// confirms on the phone and says whether to share the chat history.
    pub async fn approve_app_onboarding(
        &self,
        token: &str,
        waba_id: &str,
        share_history: bool,
    ) -> reqwest::Response {
        self.client
            .post(format!("{}/meta-sim/dialog/authorize", self.address))
            .json(&json!({
                "app_id": whatsportal::simulator::APP_ID, "waba_id": waba_id,
                "session_token": token, "share_history": share_history,
            }))
            .send()
            .await
            .unwrap()
    }

    /// The page's two halves of a Business app onboarding: the code, then the event
    /// that names only the WABA. Answers the event's response.
    pub async fn finish_app_onboarding(
        &self,
        token: &str,
        code: &str,
        waba_id: &str,
    ) -> reqwest::Response {
        let attempt = whatsportal::db::new_id("run");
        let exchanged = step_of(self.whatsapp_code(token, &attempt, code).await).await;
        assert_eq!(exchanged, "AwaitingEvent");
        self.whatsapp_event(token, &attempt, app_finish(waba_id))
            .await
    }

    /// Approves in the simulated dialog and finishes; answers the event's response.
    pub async fn connect_business_app(
        &self,
        token: &str,
        waba_id: &str,
        share_history: bool,
    ) -> reqwest::Response {
        let grant = self
            .approve_app_onboarding(token, waba_id, share_history)
            .await;
        assert_eq!(grant.status(), 200);
        let grant: Value = grant.json().await.unwrap();
        let code = grant["code"].as_str().unwrap();
        self.finish_app_onboarding(token, code, waba_id).await
    }

    /// A vendor with an endpoint where nothing listens (its events stay queued), and a
    /// Business app number of the simulator connected for `external_id`.
    pub async fn vendor_with_app_number(
        &self,
        external_id: &str,
        waba_id: &str,
        share_history: bool,
    ) -> SeededVendor {
        let vendor = self.seed_vendor().await;
        self.set_endpoint(&vendor, whatsportal::model::Mode::Live)
            .await;
        let token = self
            .session_offering_app(&vendor, external_id, Some(true))
            .await;
        let result = connected_result(
            self.connect_business_app(&token, waba_id, share_history)
                .await,
        )
        .await;
        assert_eq!(result["coexistence"], true);
        vendor
    }

    /// The register and `smb_app_data` calls the simulator received for a number.
    pub async fn simulated_calls(&self, phone_number_id: &str) -> Value {
        self.client
            .get(format!("{}/meta-sim/calls/{phone_number_id}", self.address))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// Waits until the workspace's syncs stand as `want` (`(sync, status)` pairs) in the
    /// vendor API; answers the workspace's `whatsapp`.
    pub async fn wait_for_syncs(
        &self,
        key: &str,
        external_id: &str,
        want: &[(&str, &str)],
    ) -> Value {
        self.wait_for_whatsapp(key, external_id, |whatsapp| {
            want.iter().all(|(sync, status)| {
                whatsapp["syncs"].as_array().is_some_and(|syncs| {
                    syncs
                        .iter()
                        .any(|s| s["sync"] == *sync && s["status"] == *status)
                })
            })
        })
        .await
    }

    /// Waits until the workspace's `whatsapp` in the vendor API is as `done` wants;
    /// answers it.
    pub async fn wait_for_whatsapp(
        &self,
        key: &str,
        external_id: &str,
        done: impl Fn(&Value) -> bool,
    ) -> Value {
        let mut whatsapp = Value::Null;
        for _ in 0..200 {
            whatsapp = self.workspace(key, external_id).await["whatsapp"].clone();
            if done(&whatsapp) {
                return whatsapp;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the WhatsApp connection did not get there: {whatsapp}");
    }

    /// How many syncs and vendor events of the Business app are stored.
    pub async fn stored_app_data(&self) -> (i64, i64) {
        let (syncs, events): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM coexistence_syncs), (SELECT COUNT(*) FROM webhook_deliveries \
             WHERE event_type IN ('whatsapp.sync_updated', 'whatsapp.contacts', 'whatsapp.history', \
             'whatsapp.message_echoes'))",
        )
        .fetch_one(self.db.pool())
        .await
        .unwrap();
        (syncs, events)
    }
}

/// A delivery of Meta's on the WABA's entry, the number in `value.metadata`.
fn delivery(waba_id: &str, phone_number_id: &str, field: &str, mut value: Value) -> Value {
    value["messaging_product"] = json!("whatsapp");
    value["metadata"] = json!({
        "display_phone_number": "15550100015", "phone_number_id": phone_number_id,
    });
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": waba_id, "time": crate::support::lifecycle::now_seconds(),
            "changes": [{ "field": field, "value": value }] }],
    })
}

/// `history`: one chunk of `phase` (0 to 2) at `progress` (0 to 100), one thread with
/// `messages` texts from the other person.
pub fn history_chunk(
    waba_id: &str,
    phone_number_id: &str,
    (phase, chunk_order, progress): (i64, i64, i64),
    messages: &[&str],
) -> Value {
    let messages: Vec<Value> = messages
        .iter()
        .enumerate()
        .map(|(n, text)| {
            json!({ "from": "16505551234", "id": format!("wamid.h{phase}{chunk_order}{n}"),
                "timestamp": "1764800000", "type": "text", "text": { "body": text },
                "history_context": { "status": "DELIVERED" } })
        })
        .collect();
    delivery(
        waba_id,
        phone_number_id,
        "history",
        json!({ "history": [{
            "metadata": { "phase": phase, "chunk_order": chunk_order, "progress": progress },
            "threads": [{ "id": "16505551234", "messages": messages }],
        }]}),
    )
}

/// `history` when the customer chose not to share the chat history.
pub fn history_declined(waba_id: &str, phone_number_id: &str) -> Value {
    delivery(
        waba_id,
        phone_number_id,
        "history",
        json!({ "history": [{ "errors": [{ "code": 2_593_109,
            "title": "History sync is turned off by the business",
            "message": "History sync is turned off by the business" }] }] }),
    )
}

/// `smb_app_state_sync`: contacts of the app, each `(phone number, name, action)`.
pub fn contacts(waba_id: &str, phone_number_id: &str, people: &[(&str, &str, &str)]) -> Value {
    let state_sync: Vec<Value> = people
        .iter()
        .map(|(phone, name, action)| {
            json!({ "type": "contact", "action": action,
                "contact": { "phone_number": phone, "full_name": name },
                "metadata": { "timestamp": "1764800000" } })
        })
        .collect();
    delivery(
        waba_id,
        phone_number_id,
        "smb_app_state_sync",
        json!({ "state_sync": state_sync }),
    )
}

/// `smb_message_echoes`: a text the business sent from the app.
pub fn message_echo(waba_id: &str, phone_number_id: &str, text: &str) -> Value {
    delivery(
        waba_id,
        phone_number_id,
        "smb_message_echoes",
        json!({ "message_echoes": [{ "from": "15550100015", "to": "16505551234",
            "id": "wamid.echo1", "timestamp": "1764800000", "type": "text",
            "text": { "body": text } }] }),
    )
}
