//! Embedded Signup's `message` events: a JSON string with `type: "WA_EMBEDDED_SIGNUP"`.

use serde::Deserialize;

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

/// The event as Meta sends it; typed, so the client needs no generic JSON values.
#[derive(Deserialize)]
struct RawEvent {
    #[serde(rename = "type")]
    kind: String,
    event: String,
    #[serde(default)]
    data: RawData,
}

#[derive(Deserialize, Default)]
struct RawData {
    waba_id: Option<String>,
    phone_number_id: Option<String>,
    business_id: Option<String>,
    error_message: Option<String>,
}

fn present(value: Option<String>) -> Option<String> {
    value.filter(|s| !s.is_empty())
}

impl SignupMessage {
    /// Reads a message event's data, if it is an Embedded Signup event.
    pub fn parse(data: &str) -> Option<Self> {
        let raw: RawEvent = serde_json::from_str(data).ok()?;
        if raw.kind != "WA_EMBEDDED_SIGNUP" {
            return None;
        }
        let data = raw.data;
        let kind = match raw.event.as_str() {
            "CANCEL" => SignupMessageKind::Cancelled {
                error_message: present(data.error_message),
            },
            "FINISH_ONLY_WABA" => SignupMessageKind::FinishedWithoutPhone,
            e if e.starts_with("FINISH") => SignupMessageKind::Finished,
            _ => return None,
        };
        Some(Self {
            kind,
            waba_id: present(data.waba_id),
            phone_number_id: present(data.phone_number_id),
            business_id: present(data.business_id),
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
