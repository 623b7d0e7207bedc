//! The calls of WhatsApp Embedded Signup: the code exchange, the token check, the
//! functional verification of the WABA and its number, the subscription and the
//! registration (docs/meta.md, "Graph calls").

use serde::Deserialize;
use serde_json::{json, Value};

use super::{
    answers::{expect_success, Paging},
    Call, GraphClient, GraphError,
};

/// What `debug_token` says about a token. Since June 2026 it no longer names the WABA
/// (no `target_ids` for `whatsapp_business_management`), so only these are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebugToken {
    pub is_valid: bool,
    pub app_id: String,
    /// Unix seconds; `None` (Meta's `0`) for a token that does not expire by date.
    pub expires_at: Option<i64>,
}

/// A WhatsApp Business account the business token can read.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Waba {
    pub id: String,
    #[serde(default)]
    pub name: String,
}

/// A phone number of a WABA, as `GET /{waba_id}/phone_numbers` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PhoneNumber {
    pub id: String,
    #[serde(default)]
    pub display_phone_number: String,
    #[serde(default)]
    pub verified_name: String,
}

/// A number's state before registering (`GET /{phone_number_id}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PhoneNumberState {
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub code_verification_status: Option<String>,
    #[serde(default)]
    pub name_status: Option<String>,
    #[serde(default)]
    pub platform_type: Option<String>,
    #[serde(default)]
    pub quality_rating: Option<String>,
    /// Whether the number can send, and what stands in the way (docs/meta.md, "Send
    /// readiness"). Read in the same call.
    #[serde(default)]
    pub health_status: Option<HealthStatus>,
}

/// Meta's `health_status`: the overall `can_send_message` and each entity's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct HealthStatus {
    #[serde(default)]
    pub can_send_message: Option<String>,
    #[serde(default)]
    pub entities: Vec<HealthEntity>,
}

/// One entity of `health_status`: `PHONE_NUMBER`, `WABA`, `BUSINESS` or `APP`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct HealthEntity {
    #[serde(default)]
    pub entity_type: Option<String>,
    #[serde(default)]
    pub can_send_message: Option<String>,
    #[serde(default)]
    pub errors: Vec<HealthError>,
    /// Notes Meta adds to a limited entity (a messaging limit, for one).
    #[serde(default)]
    pub additional_info: Vec<String>,
}

/// Why an entity is limited or blocked, with what can be done about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct HealthError {
    #[serde(default, deserialize_with = "code_text_or_number")]
    pub error_code: Option<i64>,
    #[serde(default)]
    pub error_description: Option<String>,
    #[serde(default)]
    pub possible_solution: Option<String>,
}

/// Meta writes error codes as numbers; some answers quote them.
fn code_text_or_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<Value>::deserialize(deserializer)? {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(text)) => text.parse().ok(),
        _ => None,
    })
}

impl PhoneNumberState {
    /// Already on the Cloud API and connected: registering again is not needed (and
    /// would spend Meta's register quota).
    pub fn is_registered(&self) -> bool {
        self.platform_type.as_deref() == Some("CLOUD_API")
            && self.status.as_deref() == Some("CONNECTED")
    }

    /// Meta has not approved the display name yet (in review, or rejected): registering
    /// now leaves the number stuck, so the registration waits for the approval.
    pub fn name_awaits_approval(&self) -> bool {
        matches!(
            self.name_status.as_deref(),
            Some("PENDING_REVIEW" | "PENDING" | "DECLINED" | "REJECTED")
        )
    }
}

/// Most numbers read for one WABA: a bound on paging, far above real accounts.
const MAX_NUMBERS: usize = 1_000;

#[derive(Deserialize)]
struct NumbersPage {
    data: Vec<PhoneNumber>,
    #[serde(default)]
    paging: Option<Paging>,
}

fn string_field(body: &Value, field: &str, call: &str) -> Result<String, GraphError> {
    body.get(field)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| GraphError::Malformed(format!("{call} answered without `{field}`")))
}

impl GraphClient {
    /// Exchanges Embedded Signup's code (valid 30 seconds, single use) for a business
    /// token. With the JS SDK no `redirect_uri` is sent.
    pub async fn exchange_code(&self, code: &str) -> Result<String, GraphError> {
        let query = [
            ("client_id", self.app_id.as_str()),
            ("client_secret", self.app_secret.expose()),
            ("code", code),
        ];
        let body = self
            .send(
                Call::get("oauth/access_token (code)", "oauth/access_token", &query)
                    .spending_a_code(),
            )
            .await?;
        string_field(&body, "access_token", "oauth/access_token")
    }

    /// Asks Meta whether a token is valid, whose app it is and when it expires.
    pub async fn debug_token(&self, input_token: &str) -> Result<DebugToken, GraphError> {
        let app_token = self.app_token();
        let query = [("input_token", input_token)];
        let body = self
            .send(Call::get("debug_token", "debug_token", &query).with_token(&app_token))
            .await?;
        let data = body
            .get("data")
            .ok_or_else(|| GraphError::Malformed("debug_token answered without `data`".into()))?;
        Ok(DebugToken {
            is_valid: data
                .get("is_valid")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            app_id: match data.get("app_id") {
                Some(Value::String(id)) => id.clone(),
                Some(Value::Number(id)) => id.to_string(),
                _ => String::new(),
            },
            expires_at: data
                .get("expires_at")
                .and_then(Value::as_i64)
                .filter(|at| *at > 0),
        })
    }

    /// Reads the WABA with the business token: the proof that the customer shared it.
    pub async fn waba(&self, waba_id: &str, token: &str) -> Result<Waba, GraphError> {
        let query = [(
            "fields",
            "id,name,currency,timezone_id,message_template_namespace",
        )];
        let body = self
            .send(Call::get("WABA", waba_id, &query).with_token(token))
            .await?;
        serde_json::from_value(body)
            .map_err(|_| GraphError::Malformed("the WABA answered an unexpected shape".into()))
    }

    /// Every phone number of the WABA, following the cursors.
    pub async fn phone_numbers(
        &self,
        waba_id: &str,
        token: &str,
    ) -> Result<Vec<PhoneNumber>, GraphError> {
        let path = format!("{waba_id}/phone_numbers");
        let mut numbers = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut query = vec![("fields", "id,display_phone_number,verified_name")];
            if let Some(cursor) = after.as_deref() {
                query.push(("after", cursor));
            }
            let body = self
                .send(Call::get("phone_numbers", &path, &query).with_token(token))
                .await?;
            let page: NumbersPage = serde_json::from_value(body).map_err(|_| {
                GraphError::Malformed("phone_numbers answered an unexpected shape".into())
            })?;
            let got = page.data.len();
            numbers.extend(page.data);
            match page.paging.and_then(Paging::next_cursor) {
                Some(cursor) if got > 0 && numbers.len() < MAX_NUMBERS => after = Some(cursor),
                _ => return Ok(numbers),
            }
        }
    }

    /// A number's state and send readiness, read before registering it and by the
    /// readiness check.
    pub async fn phone_number_state(
        &self,
        phone_number_id: &str,
        token: &str,
    ) -> Result<PhoneNumberState, GraphError> {
        let query = [(
            "fields",
            "status,code_verification_status,name_status,platform_type,quality_rating,health_status",
        )];
        let body = self
            .send(Call::get("phone number", phone_number_id, &query).with_token(token))
            .await?;
        serde_json::from_value(body).map_err(|_| {
            GraphError::Malformed("the phone number answered an unexpected shape".into())
        })
    }

    /// Subscribes the app to a WhatsApp Business account's webhooks.
    pub async fn subscribe_app_to_waba(
        &self,
        waba_id: &str,
        token: &str,
    ) -> Result<(), GraphError> {
        let path = format!("{waba_id}/subscribed_apps");
        let body = self
            .send(Call::post("subscribed_apps (WABA)", &path, &[]).with_token(token))
            .await?;
        expect_success(&body, "subscribed_apps")
    }

    /// Registers a phone number for the Cloud API with its two-step verification PIN.
    /// Sent once: Meta allows 10 register calls per number in 72 hours.
    pub async fn register_phone_number(
        &self,
        phone_number_id: &str,
        token: &str,
        pin: &str,
    ) -> Result<(), GraphError> {
        let path = format!("{phone_number_id}/register");
        let call = Call::post("register", &path, &[])
            .with_token(token)
            .with_body(json!({ "messaging_product": "whatsapp", "pin": pin }))
            .once();
        let body = self.send(call).await?;
        expect_success(&body, "register")
    }
}
