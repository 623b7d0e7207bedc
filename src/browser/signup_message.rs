//! Embedded Signup's `message` events: a JSON string with `type: "WA_EMBEDDED_SIGNUP"`.

use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignupMessageKind {
    /// `FINISH` and the other `FINISH_*` events that carry a phone number.
    Finished,
    /// `FINISH_ONLY_WABA`: no phone number was chosen.
    FinishedWithoutPhone,
    /// `CANCEL`; with Meta's error message when the customer reported a problem.
    Cancelled { error_message: Option<String> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignupMessage {
    pub kind: SignupMessageKind,
    pub waba_id: Option<String>,
    pub phone_number_id: Option<String>,
    pub business_id: Option<String>,
}

impl SignupMessage {
    /// Reads a message event's data, if it is an Embedded Signup event.
    pub fn parse(data: &str) -> Option<Self> {
        let value: Value = serde_json::from_str(data).ok()?;
        if value.get("type")?.as_str()? != "WA_EMBEDDED_SIGNUP" {
            return None;
        }
        let event = value.get("event")?.as_str()?;
        let data = value.get("data").cloned().unwrap_or(Value::Null);
        let field = |name: &str| {
            data.get(name)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let kind = match event {
            "CANCEL" => SignupMessageKind::Cancelled {
                error_message: field("error_message"),
            },
            "FINISH_ONLY_WABA" => SignupMessageKind::FinishedWithoutPhone,
            e if e.starts_with("FINISH") => SignupMessageKind::Finished,
            _ => return None,
        };
        Some(Self {
            kind,
            waba_id: field("waba_id"),
            phone_number_id: field("phone_number_id"),
            business_id: field("business_id"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_finish_event() {
        let m = SignupMessage::parse(
            r#"{"type":"WA_EMBEDDED_SIGNUP","event":"FINISH","data":{"waba_id":"1","phone_number_id":"2","business_id":"3"}}"#,
        )
        .unwrap();
        assert_eq!(m.kind, SignupMessageKind::Finished);
        assert_eq!(
            (m.waba_id.as_deref(), m.phone_number_id.as_deref()),
            (Some("1"), Some("2"))
        );
    }

    #[test]
    fn reads_cancel_with_and_without_an_error() {
        let plain = SignupMessage::parse(
            r#"{"type":"WA_EMBEDDED_SIGNUP","event":"CANCEL","data":{"current_step":"X"}}"#,
        );
        assert_eq!(
            plain.unwrap().kind,
            SignupMessageKind::Cancelled {
                error_message: None
            }
        );
        let reported = SignupMessage::parse(
            r#"{"type":"WA_EMBEDDED_SIGNUP","event":"CANCEL","data":{"error_message":"Oops"}}"#,
        );
        assert_eq!(
            reported.unwrap().kind,
            SignupMessageKind::Cancelled {
                error_message: Some("Oops".into())
            }
        );
    }

    #[test]
    fn ignores_other_messages() {
        for other in [
            "",
            "not json",
            r#"{"type":"other"}"#,
            r#"{"type":"WA_EMBEDDED_SIGNUP","event":"UNKNOWN"}"#,
        ] {
            assert!(SignupMessage::parse(other).is_none(), "{other}");
        }
    }
}
