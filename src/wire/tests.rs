//! Every type the flows read, read back from serde's own encoding; everything they
//! write, read by serde (or equal to its text where a page outside ours reads it).

use serde::Serialize;
use serde_json::{json, Value};

use super::{quoted, FromJson, JsonObject, ToJson};
use crate::{
    browser::calls::ServerCall,
    i18n::{catalogue, Locale},
    model::EventOrigins,
    model::{
        connect::{
            ConnectError, ConnectedPage, DialogReturn, FlowInit, FlowSession, MetaClientConfig,
            NotConnectable, PageChoice, PagesConnected, PagesMessage, WhatsAppConnected,
            WhatsAppMessage, SUCCESS_MESSAGE_TYPE,
        },
        whatsapp::{SignupReport, WhatsAppStep},
    },
    server_fns::connect::{
        ConnectPages, ListPages, WhatsappCode, WhatsappEvent, WhatsappPin, WhatsappRetry,
    },
};

/// `value` as serde writes it, read back by the flows' reader.
fn read_back<T: Serialize + FromJson>(value: &T) -> Option<T> {
    T::from_json(&serde_json::to_value(value).unwrap())
}

fn pages() -> Vec<PageChoice> {
    vec![
        PageChoice {
            id: "1".into(),
            name: "Corner Bakery \"Café\"".into(),
            category: "Bakery".into(),
            not_connectable: None,
        },
        PageChoice {
            id: "2".into(),
            name: "ملف".into(),
            category: "Shop".into(),
            not_connectable: Some(NotConnectable::NoMessagingTask),
        },
        PageChoice {
            id: "3".into(),
            name: "Three".into(),
            category: "".into(),
            not_connectable: Some(NotConnectable::NoPageToken),
        },
    ]
}

fn connected() -> WhatsAppConnected {
    WhatsAppConnected {
        account_id: "wp_acc".into(),
        waba_id: "524126980791429".into(),
        phone_number_id: "106540352242922".into(),
        state: Some("crm-42".into()),
        livemode: true,
        target_origin: "https://app.example.com".into(),
        coexistence: false,
        missing: Vec::new(),
    }
}

#[test]
fn every_connect_error_reads_back() {
    for error in ConnectError::examples() {
        assert_eq!(read_back(&error), Some(error.clone()), "{error:?}");
    }
    let nested = ConnectError::AfterSignup(Box::new(ConnectError::PageFailed {
        page: "P".into(),
        reason: Box::new(ConnectError::RateLimited { minutes: Some(3) }),
    }));
    assert_eq!(read_back(&nested), Some(nested));
    let unknown_minutes = ConnectError::RateLimited { minutes: None };
    assert_eq!(read_back(&unknown_minutes), Some(unknown_minutes));
}

/// One of each step (and the result without a state): a chain by a `match` without a
/// wildcard, so a new step does not compile until it is walked here.
fn steps() -> Vec<WhatsAppStep> {
    use WhatsAppStep::*;
    let after = |step: &WhatsAppStep| -> Option<WhatsAppStep> {
        Some(match step {
            AwaitingEvent => AwaitingCode,
            AwaitingCode => Recorded,
            Recorded => NeedsPhoneNumber {
                waba_name: "Acme".into(),
            },
            NeedsPhoneNumber { .. } => NeedsPin {
                display_phone_number: "+1 555".into(),
                mismatch: true,
            },
            NeedsPin { .. } => Connected(connected()),
            Connected(result) if result.state.is_some() => Connected(WhatsAppConnected {
                state: None,
                livemode: false,
                ..connected()
            }),
            Connected(result) if !result.coexistence => Connected(WhatsAppConnected {
                coexistence: true,
                ..result.clone()
            }),
            Connected(_) => return None,
        })
    };
    std::iter::successors(Some(AwaitingEvent), after).collect()
}

#[test]
fn every_whatsapp_step_reads_back() {
    let steps = steps();
    assert_eq!(steps.len(), 8);
    for step in steps {
        assert_eq!(read_back(&step), Some(step.clone()), "{step:?}");
    }
}

#[test]
fn the_pages_answers_read_back() {
    assert_eq!(read_back(&pages()), Some(pages()));
    for state in [Some("s".to_owned()), None] {
        let done = PagesConnected {
            pages: vec![ConnectedPage {
                id: "1".into(),
                name: "One".into(),
                category: "Shop".into(),
            }],
            state,
            livemode: true,
            target_origin: "https://app.example.com".into(),
        };
        assert_eq!(read_back(&done), Some(done.clone()));
    }
}

fn flow_session(returned: Option<DialogReturn>, simulated: bool) -> FlowSession {
    FlowSession {
        vendor_name: "Acme <CRM> & Co".into(),
        target_origin: "https://app.example.com".into(),
        meta: MetaClientConfig {
            app_id: "1234".into(),
            config_id: "5678".into(),
            api_version: "v23.0".into(),
            sdk_url: "https://connect.facebook.net/en_US/sdk.js".into(),
            event_origins: if simulated {
                EventOrigins::Simulator
            } else {
                EventOrigins::Domain("facebook.com".into())
            },
            pages_config_id: simulated.then(|| "91".into()),
            simulated,
        },
        full_page_url: simulated.then(|| "/connect/meta-page/full-page?x=1".into()),
        returned,
        coexistence: !simulated,
        back_url: simulated.then(|| "/vendor/connect/back/ses_000000000000000000000001".into()),
        setup: (!simulated).then(|| r#"{"business":{"name":"Caf\u00e9 \"Ä\" <b>"}}"#.into()),
        number_on_page: simulated,
    }
}

#[test]
fn a_flow_reads_its_data_in_every_language_and_after_every_return() {
    let returns = [
        None,
        Some(DialogReturn::Listed(pages())),
        Some(DialogReturn::Cancelled),
        Some(DialogReturn::Failed(ConnectError::RateLimited {
            minutes: Some(5),
        })),
    ];
    for (i, returned) in returns.into_iter().enumerate() {
        for locale in Locale::ALL {
            let init = FlowInit {
                session: flow_session(returned.clone(), i % 2 == 0),
                session_id: "ses_0123".into(),
                texts: catalogue::texts(locale),
            };
            assert_eq!(read_back(&init), Some(init.clone()), "{locale:?} {i}");
        }
    }
}

#[test]
fn what_is_not_the_shape_written_is_not_read() {
    for value in [
        json!("Nope"),
        json!({"RateLimited": {"minutes": 1.5}}),
        json!({"RateLimited": {"minutes": -1}}),
        json!({"PageFailed": {"page": "p"}}),
        json!({"Busy": null, "Expired": null}),
        json!(7),
    ] {
        assert_eq!(ConnectError::from_json(&value), None, "{value}");
    }
    for value in [
        json!({"NeedsPin": {"display_phone_number": 1, "mismatch": false}}),
        json!({"Connected": {"account_id": "a"}}),
        json!("Connected"),
    ] {
        assert_eq!(WhatsAppStep::from_json(&value), None, "{value}");
    }
    assert_eq!(<Vec<PageChoice>>::from_json(&json!([{"id": "1"}])), None);
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    let every_control: String = (0u8..0x20).map(char::from).collect();
    for text in [
        "plain",
        "quote \" and backslash \\",
        "line\nfeed\r\ttab",
        every_control.as_str(),
        "ملف 🙂 </script>",
        "",
    ] {
        assert_eq!(quoted(text), serde_json::to_string(text).unwrap());
    }
}

#[test]
fn the_posted_results_are_the_contracts_messages() {
    for (state, coexistence) in [(Some("crm-42"), false), (None, false), (None, true)] {
        let message = WhatsAppMessage {
            kind: SUCCESS_MESSAGE_TYPE,
            account_id: "wp_acc",
            waba_id: "1",
            phone_number_id: "2",
            livemode: false,
            state,
            coexistence,
        };
        assert_eq!(message.to_json(), serde_json::to_string(&message).unwrap());
        // Only a coexistence connection's message names it.
        assert_eq!(message.to_json().contains("coexistence"), coexistence);
        let pages = [
            ConnectedPage {
                id: "1".into(),
                name: "Café \"One\"".into(),
                category: "Shop".into(),
            },
            ConnectedPage {
                id: "2".into(),
                name: "Two".into(),
                category: "Bakery".into(),
            },
        ];
        for pages in [&pages[..], &[]] {
            let message = PagesMessage {
                kind: SUCCESS_MESSAGE_TYPE,
                pages,
                livemode: true,
                state,
            };
            assert_eq!(message.to_json(), serde_json::to_string(&message).unwrap());
        }
    }
}

/// One report of each kind, as a chain without a wildcard (see `steps`).
fn reports() -> Vec<SignupReport> {
    let first = SignupReport::Finished {
        event: "FINISH".into(),
        waba_id: Some("1".into()),
        phone_number_id: None,
        business_id: Some("3".into()),
    };
    let after = |report: &SignupReport| match report {
        SignupReport::Finished { .. } => Some(SignupReport::Cancelled {
            current_step: Some("PHONE_NUMBER_SETUP".into()),
            error_code: None,
            error_message: Some("It said \"no\"".into()),
            meta_session_id: None,
        }),
        SignupReport::Cancelled { .. } => Some(SignupReport::Failed {
            error_code: Some("524126".into()),
            error_message: None,
            meta_session_id: Some("f34b".into()),
        }),
        SignupReport::Failed { .. } => None,
    };
    std::iter::successors(Some(first), after).collect()
}

#[test]
fn every_signup_report_is_read_by_serde() {
    for report in reports() {
        let read: SignupReport = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(read, report);
    }
}

/// A call's body, as the server function's own argument decoder reads it.
fn arguments<T: serde::de::DeserializeOwned>(call: &ServerCall) -> T {
    serde_json::from_str(&call.body).unwrap_or_else(|e| panic!("{}: {e}", call.body))
}

#[test]
fn every_call_is_read_by_its_server_function() {
    let token = "wps_\"quoted\"";
    let call = ServerCall::whatsapp_code(token, "page-1", "AQ\\code");
    assert_eq!(call.path, "/api/connect/whatsapp/code");
    let code: WhatsappCode = arguments(&call);
    assert_eq!(
        (
            code.session_token.as_str(),
            code.attempt.as_str(),
            code.code.as_str()
        ),
        (token, "page-1", "AQ\\code")
    );
    for report in reports() {
        let call = ServerCall::whatsapp_event(token, "page-2", &report);
        assert_eq!(call.path, "/api/connect/whatsapp/event");
        let event: WhatsappEvent = arguments(&call);
        assert_eq!(
            (event.session_token.as_str(), event.report),
            (token, report)
        );
    }
    let pin: WhatsappPin = arguments(&ServerCall::whatsapp_pin(token, "123456"));
    assert_eq!(pin.pin, "123456");
    let retry = ServerCall::whatsapp_retry(token);
    assert_eq!(retry.path, "/api/connect/whatsapp/retry");
    assert_eq!(arguments::<WhatsappRetry>(&retry).session_token, token);
    let list: ListPages = arguments(&ServerCall::list_pages(token, "EAAB"));
    assert_eq!(list.user_access_token, "EAAB");
    let call = ServerCall::connect_pages(token, ["1", "2"]);
    assert_eq!(call.path, "/api/connect/pages/complete");
    let chosen: ConnectPages = arguments(&call);
    assert_eq!(chosen.page_ids, ["1", "2"]);
    let none: ConnectPages = arguments(&ServerCall::connect_pages(token, []));
    assert!(none.page_ids.is_empty());
}

#[test]
fn an_object_writes_its_fields_in_order() {
    let written = JsonObject::new()
        .text("a", "x")
        .optional_text("b", None)
        .boolean("c", true)
        .raw("d", "[1]")
        .finish();
    let value: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(value, json!({"a": "x", "b": null, "c": true, "d": [1]}));
    assert_eq!(JsonObject::new().finish(), "{}");
}
