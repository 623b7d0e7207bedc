//! Embedded Signup's `message` events: `{type: "WA_EMBEDDED_SIGNUP", event, data}`,
//! a JSON string in Meta's sample (an object is read the same way). Meta's SDK posts
//! messages of its own to the page too: anything else is not a signup event.

use crate::{model::whatsapp::SignupReport, wire::JsonValue};

/// What the event says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignupMessageKind {
    /// `FINISH` or another `FINISH_*` (closing on the final screen counts as one).
    Finished,
    /// `CANCEL`: at a step, or with a problem the customer reported.
    Cancelled,
    /// `ERROR`.
    Failed,
}

/// An Embedded Signup event, its fields as Meta sent them (checked by the server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignupMessage {
    pub kind: SignupMessageKind,
    /// Meta's event name (`FINISH_ONLY_WABA`, `CANCEL`, ...).
    pub event: String,
    pub waba_id: Option<String>,
    pub phone_number_id: Option<String>,
    pub business_id: Option<String>,
    pub current_step: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    pub session_id: Option<String>,
}

/// A data field Meta may send as a string or a number; empty is absent.
fn present<V: JsonValue>(data: &V, name: &str) -> Option<String> {
    let value = data.field(name)?;
    match value.text() {
        Some(text) => Some(text).filter(|text| !text.is_empty()),
        None => whole_number_text(value.number()?),
    }
}

/// A whole number's digits (Meta's numeric error codes); anything else is not read.
fn whole_number_text(number: f64) -> Option<String> {
    let whole = number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0;
    whole.then(|| (number as i64).to_string())
}

impl SignupMessage {
    /// Reads a message event's data (parsed JSON), if it is an Embedded Signup event of
    /// a kind the page acts on.
    pub fn read<V: JsonValue>(value: &V) -> Option<Self> {
        if value.field("type")?.text()? != "WA_EMBEDDED_SIGNUP" {
            return None;
        }
        let event = value.field("event")?.text()?;
        let kind = match event.as_str() {
            "CANCEL" => SignupMessageKind::Cancelled,
            "ERROR" => SignupMessageKind::Failed,
            "FINISH" => SignupMessageKind::Finished,
            e if e.starts_with("FINISH_") => SignupMessageKind::Finished,
            _ => return None,
        };
        let data = value.field("data");
        let data_field = |name| data.as_ref().and_then(|data| present(data, name));
        Some(Self {
            kind,
            event,
            waba_id: data_field("waba_id"),
            phone_number_id: data_field("phone_number_id"),
            business_id: data_field("business_id"),
            current_step: data_field("current_step"),
            error_code: data_field("error_code"),
            error_message: data_field("error_message"),
            session_id: data_field("session_id"),
        })
    }

    /// A finish that names the WhatsApp Business account.
    pub fn names_waba(&self) -> bool {
        self.kind == SignupMessageKind::Finished && self.waba_id.is_some()
    }

    /// What the page relays to the server.
    pub fn report(&self) -> SignupReport {
        match self.kind {
            SignupMessageKind::Finished => SignupReport::Finished {
                event: self.event.clone(),
                waba_id: self.waba_id.clone(),
                phone_number_id: self.phone_number_id.clone(),
                business_id: self.business_id.clone(),
            },
            SignupMessageKind::Cancelled => SignupReport::Cancelled {
                current_step: self.current_step.clone(),
                error_code: self.error_code.clone(),
                error_message: self.error_message.clone(),
                meta_session_id: self.session_id.clone(),
            },
            SignupMessageKind::Failed => SignupReport::Failed {
                error_code: self.error_code.clone(),
                error_message: self.error_message.clone(),
                meta_session_id: self.session_id.clone(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a message event's data as the page gets it: JSON text, parsed.
    impl SignupMessage {
        fn parse(text: &str) -> Option<Self> {
            Self::read(&serde_json::from_str::<serde_json::Value>(text).ok()?)
        }
    }

    #[test]
    fn reads_a_finish_event_as_meta_sends_it() {
        let m = SignupMessage::parse(
            r#"{"type":"WA_EMBEDDED_SIGNUP","event":"FINISH","data":{"phone_number_id":"106540352242922","waba_id":"524126980791429","business_id":"2729063490586005"}}"#,
        )
        .unwrap();
        assert_eq!(m.kind, SignupMessageKind::Finished);
        assert!(m.names_waba());
        assert_eq!(
            m.report(),
            SignupReport::Finished {
                event: "FINISH".into(),
                waba_id: Some("524126980791429".into()),
                phone_number_id: Some("106540352242922".into()),
                business_id: Some("2729063490586005".into()),
            }
        );
    }

    #[test]
    fn every_finish_is_a_finish() {
        for (event, waba) in [
            ("FINISH_ONLY_WABA", true),
            ("FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING", true),
            ("FINISH_OBO_MIGRATION", true),
            ("FINISH_GRANT_ONLY_API_ACCESS", false),
        ] {
            let data = if waba {
                r#"{"waba_id":"524126980791429"}"#
            } else {
                r#"{"phone_number_id":"","waba_id":"","business_id":""}"#
            };
            let m = SignupMessage::parse(&format!(
                r#"{{"type":"WA_EMBEDDED_SIGNUP","event":"{event}","data":{data}}}"#
            ))
            .unwrap();
            assert_eq!(m.kind, SignupMessageKind::Finished, "{event}");
            assert_eq!(m.names_waba(), waba, "{event}");
            assert_eq!(m.phone_number_id, None);
        }
    }

    #[test]
    fn reads_cancels_with_a_step_or_a_reported_error_and_errors() {
        let step = SignupMessage::parse(
            r#"{"type":"WA_EMBEDDED_SIGNUP","event":"CANCEL","data":{"current_step":"PHONE_NUMBER_SETUP"}}"#,
        )
        .unwrap();
        assert_eq!(step.kind, SignupMessageKind::Cancelled);
        assert_eq!(step.current_step.as_deref(), Some("PHONE_NUMBER_SETUP"));
        let reported = SignupMessage::parse(
            r#"{"type":"WA_EMBEDDED_SIGNUP","event":"CANCEL","data":{"error_message":"Your verified name violates WhatsApp guidelines.","error_code":524126,"session_id":"f34b51dab5e0498","timestamp":"1746041036"}}"#,
        )
        .unwrap();
        assert_eq!(reported.error_code.as_deref(), Some("524126"));
        assert_eq!(reported.session_id.as_deref(), Some("f34b51dab5e0498"));
        let error = SignupMessage::parse(
            r#"{"type":"WA_EMBEDDED_SIGNUP","event":"ERROR","data":{"error_message":"x"}}"#,
        )
        .unwrap();
        assert_eq!(error.kind, SignupMessageKind::Failed);
    }

    #[test]
    fn ignores_other_messages_and_unknown_events() {
        for other in [
            "",
            "not json",
            "_FB_xd_arbiter",
            r#"{"type":"other"}"#,
            r#"{"type":"WA_EMBEDDED_SIGNUP","event":"UNKNOWN"}"#,
            r#"{"type":"WA_EMBEDDED_SIGNUP","event":"FINISHED_SOMETHING"}"#,
            r#"{"type":"WA_EMBEDDED_SIGNUP"}"#,
        ] {
            assert!(SignupMessage::parse(other).is_none(), "{other}");
        }
    }
}
