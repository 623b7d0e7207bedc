//! The calls of WhatsApp Embedded Signup.

use reqwest::Method;
use serde_json::{json, Value};

use super::{Call, GraphClient, GraphError};

/// What `debug_token` says about a business token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugToken {
    pub is_valid: bool,
    pub app_id: String,
    /// Target ids of the `whatsapp_business_management` granular scope.
    pub waba_ids: Vec<String>,
}

fn string_field(body: &Value, field: &str, call: &str) -> Result<String, GraphError> {
    body.get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| GraphError::Malformed(format!("{call} answered without `{field}`")))
}

fn expect_success(body: &Value, call: &str) -> Result<(), GraphError> {
    match body.get("success").and_then(Value::as_bool) {
        Some(true) => Ok(()),
        _ => Err(GraphError::Malformed(format!(
            "{call} did not answer success"
        ))),
    }
}

impl GraphClient {
    /// Exchanges Embedded Signup's code (valid 30 seconds, single use) for a business token.
    pub async fn exchange_code(&self, code: &str) -> Result<String, GraphError> {
        let body = self
            .send(Call {
                method: Method::GET,
                path: "oauth/access_token",
                query: &[
                    ("client_id", &self.app_id),
                    ("client_secret", self.app_secret.expose()),
                    ("code", code),
                ],
                token: None,
                body: None,
                name: "oauth/access_token (code)",
            })
            .await?;
        string_field(&body, "access_token", "oauth/access_token")
    }

    /// Asks Meta what a token grants, as the app.
    pub async fn debug_token(&self, input_token: &str) -> Result<DebugToken, GraphError> {
        let app_token = self.app_token();
        let body = self
            .send(Call {
                method: Method::GET,
                path: "debug_token",
                query: &[("input_token", input_token)],
                token: Some(&app_token),
                body: None,
                name: "debug_token",
            })
            .await?;
        let data = body
            .get("data")
            .ok_or_else(|| GraphError::Malformed("debug_token answered without `data`".into()))?;
        let waba_ids = data
            .get("granular_scopes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|scope| {
                scope.get("scope").and_then(Value::as_str) == Some("whatsapp_business_management")
            })
            .flat_map(|scope| {
                scope
                    .get("target_ids")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default()
            })
            .filter_map(|id| id.as_str().map(str::to_owned))
            .collect();
        Ok(DebugToken {
            is_valid: data
                .get("is_valid")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            app_id: data
                .get("app_id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned(),
            waba_ids,
        })
    }

    /// Subscribes the app to a WhatsApp Business account's webhooks.
    pub async fn subscribe_app_to_waba(
        &self,
        waba_id: &str,
        token: &str,
    ) -> Result<(), GraphError> {
        let body = self
            .send(Call {
                method: Method::POST,
                path: &format!("{waba_id}/subscribed_apps"),
                query: &[],
                token: Some(token),
                body: None,
                name: "subscribed_apps (WABA)",
            })
            .await?;
        expect_success(&body, "subscribed_apps")
    }

    /// Registers a phone number for the Cloud API with its two-step verification PIN.
    pub async fn register_phone_number(
        &self,
        phone_number_id: &str,
        token: &str,
        pin: &str,
    ) -> Result<(), GraphError> {
        let body = self
            .send(Call {
                method: Method::POST,
                path: &format!("{phone_number_id}/register"),
                query: &[],
                token: Some(token),
                body: Some(json!({ "messaging_product": "whatsapp", "pin": pin })),
                name: "register",
            })
            .await?;
        expect_success(&body, "register")
    }
}
