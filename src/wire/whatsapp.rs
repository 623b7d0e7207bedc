//! The WhatsApp flow's exchanges: the server's step answers, the signup report the page
//! relays, and the contract's result message.

use super::{field, flag, optional, variant, FromJson, JsonObject, JsonValue, ToJson};
use crate::model::{
    connect::{WhatsAppConnected, WhatsAppMessage},
    whatsapp::{SignupReport, WhatsAppStep},
};

impl FromJson for WhatsAppStep {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        match variant(value)? {
            (name, None) => match name.as_str() {
                "AwaitingEvent" => Some(Self::AwaitingEvent),
                "AwaitingCode" => Some(Self::AwaitingCode),
                "Recorded" => Some(Self::Recorded),
                _ => None,
            },
            (name, Some(data)) => match name.as_str() {
                "NeedsPhoneNumber" => Some(Self::NeedsPhoneNumber {
                    waba_name: field(&data, "waba_name")?,
                }),
                "NeedsPin" => Some(Self::NeedsPin {
                    display_phone_number: field(&data, "display_phone_number")?,
                    mismatch: flag(&data, "mismatch")?,
                }),
                "Connected" => Some(Self::Connected(WhatsAppConnected::from_json(&data)?)),
                _ => None,
            },
        }
    }
}

impl FromJson for WhatsAppConnected {
    fn from_json<V: JsonValue>(value: &V) -> Option<Self> {
        Some(Self {
            account_id: field(value, "account_id")?,
            waba_id: field(value, "waba_id")?,
            phone_number_id: field(value, "phone_number_id")?,
            state: optional(value, "state")?,
            livemode: flag(value, "livemode")?,
            target_origin: field(value, "target_origin")?,
            coexistence: optional(value, "coexistence")?.unwrap_or(false),
            missing: optional(value, "missing")?.unwrap_or_default(),
        })
    }
}

impl ToJson for SignupReport {
    fn to_json(&self) -> String {
        let (name, fields) = match self {
            Self::Finished {
                event,
                waba_id,
                phone_number_id,
                business_id,
            } => (
                "Finished",
                JsonObject::new()
                    .text("event", event)
                    .optional_text("waba_id", waba_id.as_deref())
                    .optional_text("phone_number_id", phone_number_id.as_deref())
                    .optional_text("business_id", business_id.as_deref()),
            ),
            Self::Cancelled {
                current_step,
                error_code,
                error_message,
                meta_session_id,
            } => (
                "Cancelled",
                JsonObject::new()
                    .optional_text("current_step", current_step.as_deref())
                    .optional_text("error_code", error_code.as_deref())
                    .optional_text("error_message", error_message.as_deref())
                    .optional_text("meta_session_id", meta_session_id.as_deref()),
            ),
            Self::Failed {
                error_code,
                error_message,
                meta_session_id,
            } => (
                "Failed",
                JsonObject::new()
                    .optional_text("error_code", error_code.as_deref())
                    .optional_text("error_message", error_message.as_deref())
                    .optional_text("meta_session_id", meta_session_id.as_deref()),
            ),
        };
        JsonObject::new().raw(name, &fields.finish()).finish()
    }
}

impl ToJson for WhatsAppMessage<'_> {
    fn to_json(&self) -> String {
        let message = JsonObject::new()
            .text("type", self.kind)
            .text("account_id", self.account_id)
            .text("waba_id", self.waba_id)
            .text("phone_number_id", self.phone_number_id)
            .boolean("livemode", self.livemode);
        let message = match self.state {
            Some(state) => message.text("state", state),
            None => message,
        };
        match self.coexistence {
            true => message.boolean("coexistence", true),
            false => message,
        }
        .finish()
    }
}
