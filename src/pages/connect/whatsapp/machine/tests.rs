use super::*;
use crate::browser::SignupMessageKind;
use crate::components::toast::Message;

const WABA: &str = "524126980791429";
const PHONE: &str = "106540352242922";

fn finish(phone: Option<&str>) -> SignupMessage {
    SignupMessage {
        kind: SignupMessageKind::Finished,
        event: if phone.is_some() {
            "FINISH"
        } else {
            "FINISH_ONLY_WABA"
        }
        .into(),
        waba_id: Some(WABA.into()),
        phone_number_id: phone.map(str::to_owned),
        business_id: Some("2729063490586005".into()),
        current_step: None,
        error_code: None,
        error_message: None,
        session_id: None,
    }
}

fn stopped(kind: SignupMessageKind, step: Option<&str>, error: Option<&str>) -> SignupMessage {
    SignupMessage {
        kind,
        event: if kind == SignupMessageKind::Failed {
            "ERROR"
        } else {
            "CANCEL"
        }
        .into(),
        waba_id: None,
        phone_number_id: None,
        business_id: None,
        current_step: step.map(str::to_owned),
        error_code: error.map(|_| "524126".to_owned()),
        error_message: error.map(str::to_owned),
        session_id: None,
    }
}

fn connected() -> WhatsAppConnected {
    WhatsAppConnected {
        account_id: "wp_1".into(),
        waba_id: WABA.into(),
        phone_number_id: PHONE.into(),
        state: None,
        livemode: true,
        target_origin: "https://app.example.com".into(),
        coexistence: false,
        missing: Vec::new(),
    }
}

fn in_meta() -> Machine {
    let mut machine = Machine::default();
    assert_eq!(
        machine.step(Input::Connect(None)),
        Next::Login(Path::Standard)
    );
    assert_eq!(machine.phase, Phase::InMeta);
    machine
}

/// The toast as an English-speaking customer reads it.
fn toast_text(machine: &Machine) -> String {
    let english = crate::i18n::catalogue::texts(crate::i18n::Locale::En);
    machine
        .toast
        .as_ref()
        .map(|t| t.message.text(&english))
        .unwrap_or_default()
}

/// A fixed toast's English text.
fn english(message: Message) -> String {
    message.text(&crate::i18n::catalogue::texts(crate::i18n::Locale::En))
}

/// The code is exchanged; the event has not come.
fn exchanged() -> Machine {
    let mut machine = in_meta();
    machine.step(Input::Login(Some("CODE".into())));
    machine.step(Input::Answered(Call::Code, Ok(WhatsAppStep::AwaitingEvent)));
    machine
}

/// Drives a completion's last answer to the end.
fn finish_with(machine: &mut Machine, call: Call) {
    let next = machine.step(Input::Answered(
        call,
        Ok(WhatsAppStep::Connected(connected())),
    ));
    assert_eq!(next, Next::Post(connected()));
    assert_eq!(machine.step(Input::Posted { delivered: true }), Next::None);
    assert_eq!(
        machine.phase,
        Phase::Connected {
            delivered: true,
            kept_app: false,
            missing: Vec::new(),
        }
    );
}

#[test]
fn the_code_goes_to_the_server_at_once_then_the_event() {
    let mut m = in_meta();
    assert_eq!(
        m.step(Input::Login(Some("CODE".into()))),
        Next::SendCode {
            attempt: 1,
            code: "CODE".into()
        }
    );
    let next = m.step(Input::Answered(Call::Code, Ok(WhatsAppStep::AwaitingEvent)));
    assert_eq!(next, Next::Wait(Wait::Event, EVENT_WAIT_MS));
    let next = m.step(Input::Signup(finish(Some(PHONE))));
    assert_eq!(
        next,
        Next::SendEvent {
            attempt: 1,
            report: finish(Some(PHONE)).report()
        }
    );
    assert_eq!(m.phase, Phase::Working);
    assert_eq!(
        m.step(Input::Timeout(Wait::Event)),
        Next::None,
        "the event came"
    );
    finish_with(&mut m, Call::Event);
}

#[test]
fn the_event_first_then_the_code() {
    let mut m = in_meta();
    let next = m.step(Input::Signup(finish(Some(PHONE))));
    assert_eq!(
        next,
        Next::SendEvent {
            attempt: 1,
            report: finish(Some(PHONE)).report()
        }
    );
    let next = m.step(Input::Answered(Call::Event, Ok(WhatsAppStep::AwaitingCode)));
    assert_eq!(next, Next::Wait(Wait::Code, CODE_WAIT_MS));
    assert_eq!(
        m.step(Input::Login(Some("CODE".into()))),
        Next::SendCode {
            attempt: 1,
            code: "CODE".into()
        }
    );
    assert_eq!(m.phase, Phase::Working);
    finish_with(&mut m, Call::Code);
}

#[test]
fn an_event_during_the_exchange_waits_for_it() {
    let mut m = in_meta();
    m.step(Input::Login(Some("CODE".into())));
    assert_eq!(m.step(Input::Signup(finish(Some(PHONE)))), Next::None);
    let next = m.step(Input::Answered(Call::Code, Ok(WhatsAppStep::AwaitingEvent)));
    assert_eq!(
        next,
        Next::SendEvent {
            attempt: 1,
            report: finish(Some(PHONE)).report()
        }
    );
    finish_with(&mut m, Call::Event);
}

#[test]
fn a_code_without_an_event_ends_in_a_retryable_state() {
    let mut m = exchanged();
    assert_eq!(m.step(Input::Timeout(Wait::Event)), Next::None);
    assert_eq!(m.phase, Phase::Ready);
    assert_eq!(toast_text(&m), english(EVENT_MISSING));
    assert_eq!(
        m.step(Input::Connect(None)),
        Next::Login(Path::Standard),
        "the same tab retries"
    );
}

#[test]
fn an_event_without_a_code_ends_in_a_retryable_state() {
    // The login answers without an authResponse after the event is kept.
    let mut m = in_meta();
    m.step(Input::Signup(finish(Some(PHONE))));
    m.step(Input::Answered(Call::Event, Ok(WhatsAppStep::AwaitingCode)));
    m.step(Input::Login(None));
    assert_eq!(
        (m.phase.clone(), toast_text(&m)),
        (Phase::Ready, english(CODE_MISSING))
    );

    // ... while the event's call is on its way.
    let mut m = in_meta();
    m.step(Input::Signup(finish(Some(PHONE))));
    assert_eq!(m.step(Input::Login(None)), Next::None);
    m.step(Input::Answered(Call::Event, Ok(WhatsAppStep::AwaitingCode)));
    assert_eq!(
        (m.phase.clone(), toast_text(&m)),
        (Phase::Ready, english(CODE_MISSING))
    );

    // ... or never.
    let mut m = in_meta();
    m.step(Input::Signup(finish(Some(PHONE))));
    m.step(Input::Answered(Call::Event, Ok(WhatsAppStep::AwaitingCode)));
    m.step(Input::Timeout(Wait::Code));
    assert_eq!(
        (m.phase.clone(), toast_text(&m)),
        (Phase::Ready, english(CODE_MISSING))
    );
}

#[test]
fn a_blocked_window_says_so_and_connect_starts_again() {
    let mut m = in_meta();
    assert_eq!(m.step(Input::Blocked), Next::None);
    assert_eq!(m.phase, Phase::Ready);
    assert_eq!(m.toast, toast(true, WINDOW_BLOCKED));
    assert!(toast_text(&m).contains("blocked Meta's window"));
    assert_ne!(m.toast, toast(false, NOT_GRANTED));
    assert_eq!(m.step(Input::Connect(None)), Next::Login(Path::Standard));
    // Once Meta's dialog is over, a late report of a blocked window changes nothing.
    let mut m = in_meta();
    m.step(Input::Login(None));
    let after = m.clone();
    assert_eq!(m.step(Input::Blocked), Next::None);
    assert_eq!(m, after);
}

#[test]
fn a_refused_login_with_nothing_else_is_not_granted() {
    let mut m = in_meta();
    m.step(Input::Login(None));
    assert_eq!(m.phase, Phase::Ready);
    assert_eq!(m.toast, toast(false, NOT_GRANTED));
}

#[test]
fn cancels_and_errors_are_reported_and_return_to_ready() {
    let at_step = stopped(
        SignupMessageKind::Cancelled,
        Some("PHONE_NUMBER_SETUP"),
        None,
    );
    let mut m = in_meta();
    assert_eq!(
        m.step(Input::Signup(at_step.clone())),
        Next::Report {
            attempt: 1,
            report: at_step.report()
        }
    );
    assert_eq!(m.phase, Phase::Ready);
    assert!(!m.toast.as_ref().unwrap().error);

    let reported = stopped(SignupMessageKind::Cancelled, None, Some("Name refused"));
    let mut m = in_meta();
    assert_eq!(
        m.step(Input::Signup(reported.clone())),
        Next::Report {
            attempt: 1,
            report: reported.report()
        }
    );
    assert!(m.toast.as_ref().unwrap().error && toast_text(&m).contains("Name refused"));

    let error = stopped(SignupMessageKind::Failed, None, Some("an unexpected error"));
    let mut m = in_meta();
    assert_eq!(
        m.step(Input::Signup(error.clone())),
        Next::Report {
            attempt: 1,
            report: error.report()
        }
    );
    assert_eq!(m.phase, Phase::Ready);
    assert!(m.toast.as_ref().unwrap().error);
}

#[test]
fn a_finish_naming_no_account_is_reported_and_explained() {
    let mut grant_only = finish(None);
    grant_only.event = "FINISH_GRANT_ONLY_API_ACCESS".into();
    grant_only.waba_id = None;
    let mut m = in_meta();
    assert_eq!(
        m.step(Input::Signup(grant_only.clone())),
        Next::Report {
            attempt: 1,
            report: grant_only.report()
        }
    );
    assert_eq!(
        (m.phase.clone(), toast_text(&m)),
        (Phase::Ready, english(NO_ACCOUNT))
    );
}

#[test]
fn a_finish_without_a_number_asks_for_one_and_meta_runs_again() {
    let mut m = exchanged();
    m.step(Input::Signup(finish(None)));
    let step = WhatsAppStep::NeedsPhoneNumber {
        waba_name: "Acme".into(),
    };
    assert_eq!(m.step(Input::Answered(Call::Event, Ok(step))), Next::None);
    assert_eq!(
        m.phase,
        Phase::NeedsNumber {
            waba_name: "Acme".into()
        }
    );
    assert_eq!(m.step(Input::Connect(None)), Next::Login(Path::Standard));
    m.step(Input::Signup(finish(Some(PHONE))));
    m.step(Input::Answered(Call::Event, Ok(WhatsAppStep::AwaitingCode)));
    m.step(Input::Login(Some("CODE2".into())));
    finish_with(&mut m, Call::Code);
}

#[test]
fn a_number_with_a_pin_asks_for_it_until_it_matches() {
    let mut m = in_meta();
    m.step(Input::Signup(finish(Some(PHONE))));
    m.step(Input::Answered(Call::Event, Ok(WhatsAppStep::AwaitingCode)));
    m.step(Input::Login(Some("CODE".into())));
    let ask = |mismatch| WhatsAppStep::NeedsPin {
        display_phone_number: "+1 555-0100".into(),
        mismatch,
    };
    m.step(Input::Answered(Call::Code, Ok(ask(false))));
    let asking = Phase::NeedsPin {
        phone: "+1 555-0100".into(),
        mismatch: false,
    };
    assert_eq!(m.phase, asking);
    assert_eq!(
        m.step(Input::Pin("12345".into())),
        Next::SendPin("12345".into())
    );
    m.step(Input::Answered(Call::Pin, Err(ConnectError::InvalidPin)));
    assert_eq!(m.phase, asking);
    assert!(m.toast.as_ref().unwrap().error);
    m.step(Input::Pin("123456".into()));
    m.step(Input::Answered(Call::Pin, Ok(ask(true))));
    assert_eq!(
        m.phase,
        Phase::NeedsPin {
            phone: "+1 555-0100".into(),
            mismatch: true
        }
    );
    m.step(Input::Pin("654321".into()));
    finish_with(&mut m, Call::Pin);
}

#[test]
fn a_failed_step_after_the_exchange_is_tried_again_alone() {
    let mut m = exchanged();
    m.step(Input::Signup(finish(Some(PHONE))));
    m.step(Input::Answered(
        Call::Event,
        Err(ConnectError::NumberNeedsVerification.after_signup()),
    ));
    assert_eq!(
        m.phase,
        Phase::Stalled(ConnectError::NumberNeedsVerification)
    );
    assert_eq!(m.step(Input::Retry), Next::Retry);
    m.step(Input::Answered(
        Call::Retry,
        Err(ConnectError::MetaUnavailable.after_signup()),
    ));
    assert_eq!(m.phase, Phase::Stalled(ConnectError::MetaUnavailable));
    m.step(Input::Retry);
    finish_with(&mut m, Call::Retry);
}

#[test]
fn a_failure_after_the_signup_reported_by_the_codes_call_is_tried_again_alone() {
    let mut m = in_meta();
    m.step(Input::Signup(finish(Some(PHONE))));
    m.step(Input::Answered(Call::Event, Ok(WhatsAppStep::AwaitingCode)));
    m.step(Input::Login(Some("CODE".into())));
    let failed = ConnectError::MetaUnavailable.after_signup();
    m.step(Input::Answered(Call::Code, Err(failed)));
    assert_eq!(m.phase, Phase::Stalled(ConnectError::MetaUnavailable));
    // A failure of the exchange itself needs Meta's dialog again.
    let mut m = in_meta();
    m.step(Input::Login(Some("CODE".into())));
    m.step(Input::Answered(
        Call::Code,
        Err(ConnectError::MetaUnavailable),
    ));
    assert_eq!(m.phase, Phase::Ready);
}

#[test]
fn failures_that_need_meta_again_return_to_ready_and_unusable_sessions_close() {
    let mut m = exchanged();
    m.step(Input::Signup(finish(Some(PHONE))));
    m.step(Input::Answered(
        Call::Event,
        Err(ConnectError::NumberNotOnWaba),
    ));
    assert_eq!(m.phase, Phase::Ready);
    assert_eq!(toast_text(&m), ConnectError::NumberNotOnWaba.to_string());

    let mut m = in_meta();
    m.step(Input::Login(Some("CODE".into())));
    m.step(Input::Answered(Call::Code, Err(ConnectError::AlreadyUsed)));
    assert_eq!(m.phase, Phase::Closed(ConnectError::AlreadyUsed));
    assert_eq!(m.step(Input::Connect(None)), Next::None);
}

#[test]
fn a_refused_exchange_still_keeps_the_event_it_held() {
    let mut m = in_meta();
    m.step(Input::Login(Some("CODE".into())));
    m.step(Input::Signup(finish(Some(PHONE))));
    let next = m.step(Input::Answered(Call::Code, Err(ConnectError::CodeRejected)));
    assert_eq!(
        next,
        Next::SendEvent {
            attempt: 1,
            report: finish(Some(PHONE)).report()
        }
    );
    assert_eq!(m.phase, Phase::Ready);
    assert_eq!(toast_text(&m), ConnectError::CodeRejected.to_string());
    assert_eq!(
        m.step(Input::Answered(Call::Event, Ok(WhatsAppStep::AwaitingCode))),
        Next::None
    );
    assert_eq!(m.phase, Phase::Ready);
}

#[test]
fn each_run_of_metas_dialog_is_its_own_attempt() {
    let mut m = in_meta();
    m.step(Input::Login(None));
    assert_eq!(m.step(Input::Connect(None)), Next::Login(Path::Standard));
    let next = m.step(Input::Login(Some("CODE".into())));
    assert_eq!(
        next,
        Next::SendCode {
            attempt: 2,
            code: "CODE".into()
        }
    );
    m.step(Input::Answered(Call::Code, Ok(WhatsAppStep::AwaitingEvent)));
    let next = m.step(Input::Signup(finish(Some(PHONE))));
    assert_eq!(
        next,
        Next::SendEvent {
            attempt: 2,
            report: finish(Some(PHONE)).report()
        }
    );
}

#[test]
fn inputs_out_of_turn_change_nothing() {
    let mut m = Machine::default();
    for input in [
        Input::Signup(finish(Some(PHONE))),
        Input::Login(Some("LATE".into())),
        Input::Pin("123456".into()),
        Input::Retry,
        Input::Timeout(Wait::Event),
        Input::Timeout(Wait::Code),
    ] {
        assert_eq!(m.step(input), Next::None);
        assert_eq!(m, Machine::default());
    }
    let mut busy = in_meta();
    assert_eq!(busy.step(Input::Connect(None)), Next::None);
}

#[test]
fn the_business_app_way_launches_as_such_and_again_the_same_way() {
    let mut m = Machine::default();
    assert_eq!(
        m.step(Input::Connect(Some(Path::BusinessApp))),
        Next::Login(Path::BusinessApp)
    );
    // Cancelled without a reason: back to ready; Start again keeps the way.
    m.step(Input::Signup(stopped(
        SignupMessageKind::Cancelled,
        Some("QR"),
        None,
    )));
    assert_eq!(m.phase, Phase::Ready);
    assert_eq!(m.step(Input::Connect(None)), Next::Login(Path::BusinessApp));
    // The customer may choose the other way at any time.
    m.step(Input::Signup(stopped(
        SignupMessageKind::Cancelled,
        None,
        None,
    )));
    assert_eq!(
        m.step(Input::Connect(Some(Path::Standard))),
        Next::Login(Path::Standard)
    );
}

#[test]
fn a_number_meta_refuses_in_the_app_way_is_explained_and_the_other_way_offered() {
    for kind in [SignupMessageKind::Failed, SignupMessageKind::Cancelled] {
        let mut m = Machine::default();
        m.step(Input::Connect(Some(Path::BusinessApp)));
        let next = m.step(Input::Signup(stopped(kind, None, Some("Not eligible"))));
        assert!(matches!(next, Next::Report { .. }), "{next:?}");
        assert_eq!(m.phase, Phase::Ready);
        let text = toast_text(&m);
        assert!(
            text.starts_with("This number cannot keep the WhatsApp Business app here.")
                && text.contains("Not eligible")
                && text.ends_with("connect a number that is not on the app instead."),
            "{text}"
        );
        assert!(m.can_connect());
    }
    // The same refusal in the plain way is Meta's problem, worded as before.
    let mut m = Machine::default();
    m.step(Input::Connect(Some(Path::Standard)));
    m.step(Input::Signup(stopped(
        SignupMessageKind::Failed,
        None,
        Some("Not eligible"),
    )));
    assert!(!toast_text(&m).contains("WhatsApp Business app"));
}

#[test]
fn a_kept_app_result_ends_on_its_own_title() {
    let mut m = Machine::default();
    m.step(Input::Connect(Some(Path::BusinessApp)));
    m.step(Input::Login(Some("CODE".into())));
    let result = WhatsAppConnected {
        coexistence: true,
        ..connected()
    };
    let next = m.step(Input::Answered(
        Call::Code,
        Ok(WhatsAppStep::Connected(result.clone())),
    ));
    assert_eq!(next, Next::Post(result));
    m.step(Input::Posted { delivered: true });
    assert_eq!(
        m.phase,
        Phase::Connected {
            delivered: true,
            kept_app: true,
            missing: Vec::new(),
        }
    );
}
