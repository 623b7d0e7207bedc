//! Driving the connection lifecycle as Meta and vendors do: signed webhook deliveries,
//! Facebook Login callbacks, and reading what they changed.

use std::time::Duration;

use serde_json::{json, Value};
use whatsportal::{
    meta::webhooks::sign,
    model::Mode,
    services::{webhooks::endpoints, Actor},
};

use crate::support::app::{SeededVendor, TestApp};

/// Now, in the seconds Meta's `issued_at` counts (its callbacks refuse stale requests).
pub fn now_seconds() -> i64 {
    whatsportal::db::now_ms() / 1000
}

/// Meta's `account_update` delivery for `waba_id`, with `extra` merged into its value.
pub fn account_update(waba_id: &str, event: &str, extra: Value, time: i64) -> Value {
    let mut value = json!({
        "event": event,
        "waba_info": { "waba_id": waba_id, "owner_business_id": "300000000000009" },
    });
    if let Value::Object(fields) = extra {
        for (name, field) in fields {
            value[name] = field;
        }
    }
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": "300000000000009", "time": time,
                    "changes": [{ "field": "account_update", "value": value }] }],
    })
}

/// A phone number field's delivery on the WABA's entry.
pub fn number_update(waba_id: &str, field: &str, value: Value, time: i64) -> Value {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{ "id": waba_id, "time": time, "changes": [{ "field": field, "value": value }] }],
    })
}

impl TestApp {
    /// POSTs a delivery to `/meta/webhooks`, signed with `secret`.
    pub async fn deliver_to_webhook(&self, body: &Value, secret: &str) -> reqwest::Response {
        let raw = body.to_string();
        self.client
            .post(format!("{}/meta/webhooks", self.address))
            .header("content-type", "application/json")
            .header("x-hub-signature-256", sign(secret, raw.as_bytes()))
            .body(raw)
            .send()
            .await
            .unwrap()
    }

    /// Delivers as the simulated Meta app (the live mode of a development server).
    pub async fn deliver_from_simulated_meta(&self, body: &Value) {
        let answer = self
            .deliver_to_webhook(body, whatsportal::simulator::APP_SECRET)
            .await;
        assert_eq!(answer.status(), 200, "{}", answer.text().await.unwrap());
    }

    /// Waits until `count` Meta changes have been processed.
    pub async fn wait_processed(&self, count: i64) {
        for _ in 0..200 {
            let (done,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM meta_events WHERE processed_at IS NOT NULL")
                    .fetch_one(self.db.pool())
                    .await
                    .unwrap();
            if done >= count {
                assert_eq!(done, count, "more changes were processed than delivered");
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{count} Meta changes were not processed within 10 s");
    }

    /// `GET /api/vendor/workspaces/{external_id}` with `key`.
    pub async fn workspace(&self, key: &str, external_id: &str) -> Value {
        let answer = self
            .client
            .get(format!(
                "{}/api/vendor/workspaces/{external_id}",
                self.address
            ))
            .bearer_auth(key)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        answer.json().await.unwrap()
    }

    /// A vendor API `DELETE` of `path` with `key`.
    pub async fn vendor_delete(&self, key: &str, path: &str) -> reqwest::Response {
        self.client
            .delete(format!("{}/api/vendor/{path}", self.address))
            .bearer_auth(key)
            .send()
            .await
            .unwrap()
    }

    /// Gives the vendor an endpoint of `mode` (nothing listens there: deliveries stay
    /// queued, and the tests count them).
    pub async fn set_endpoint(&self, vendor: &SeededVendor, mode: Mode) {
        endpoints::set_endpoint(
            &self.db,
            self.meta.keyring(),
            Actor::CLI,
            &vendor.vendor_id,
            mode,
            "http://127.0.0.1:9/hooks",
            true,
        )
        .await
        .expect("set an endpoint");
    }

    /// Queued vendor events of `event_type`, their payloads oldest first, each checked
    /// against its schema in the OpenAPI document's `webhooks`.
    pub async fn vendor_events(&self, event_type: &str) -> Vec<Value> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT payload FROM webhook_deliveries WHERE event_type = $1 ORDER BY created_at, id",
        )
        .bind(event_type)
        .fetch_all(self.db.pool())
        .await
        .unwrap();
        rows.into_iter()
            .map(|(payload,)| {
                let event: Value = serde_json::from_str(&payload).unwrap();
                assert_documented_event(&event);
                event
            })
            .collect()
    }

    /// How many tokens are stored for connections (WhatsApp and pages).
    pub async fn stored_connection_tokens(&self) -> i64 {
        let (count,): (i64,) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM whatsapp_connections WHERE token_ciphertext IS NOT NULL) + \
                    (SELECT COUNT(*) FROM page_connections WHERE token_ciphertext IS NOT NULL)",
        )
        .fetch_one(self.db.pool())
        .await
        .unwrap();
        count
    }
}

/// Asserts that a vendor event matches the schema the OpenAPI document gives its type.
pub fn assert_documented_event(event: &Value) {
    let doc: Value = serde_json::from_str(whatsportal::api::OPENAPI).unwrap();
    let kind = event["type"].as_str().expect("an event has a type");
    let schema =
        &doc["webhooks"][kind]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert!(!schema.is_null(), "{kind} is not documented");
    // The document itself is the schema's root, so its `#/components/...` references
    // resolve.
    let mut root = doc.clone();
    root["$ref"] = serde_json::json!(format!(
        "#/webhooks/{kind}/post/requestBody/content/application~1json/schema"
    ));
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&root)
        .expect("the event schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(event)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{kind}: {event} -> {errors:?}");
}
