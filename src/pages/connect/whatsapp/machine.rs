//! The WhatsApp connect page's state machine, free of the browser: what each input does
//! to the phase and the toast, and what the page must do next. The component feeds it
//! the customer's click, `FB.login`'s answer, Embedded Signup's message events and the
//! server's answer, and does what it answers next.

use crate::{
    browser::{SignupMessage, SignupMessageKind},
    components::toast::Toast,
    model::connect::{ConnectError, WhatsAppSignup},
};

/// Where the page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for the customer to click Connect.
    Ready,
    /// Meta's popup is open.
    InMeta,
    /// The server is completing the connection.
    Completing,
    /// Done; `delivered` when the vendor's window got the result.
    Connected { delivered: bool },
    /// The session cannot be used any more.
    Closed(ConnectError),
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The customer clicked Connect.
    Connect,
    /// `FB.login` answered: the code, or nothing (closed or refused).
    Login(Option<String>),
    /// An Embedded Signup message event from Meta's origin.
    Signup(SignupMessage),
    /// The server connected the account; the result was posted to the vendor's window.
    Connected { delivered: bool },
    /// The server refused or failed.
    Failed(ConnectError),
}

/// What the page must do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    None,
    /// Call `FB.login` (synchronously: this is the click handler).
    Login,
    /// Ask the server to complete with what Meta reported.
    Complete(WhatsAppSignup),
}

/// The page's state: its phase, its toast, and what Meta has sent so far (the login's
/// code and the signup event arrive separately, in either order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    pub phase: Phase,
    pub toast: Option<Toast>,
    code: Option<String>,
    signup: Option<SignupMessage>,
}

impl Default for Machine {
    fn default() -> Self {
        Self {
            phase: Phase::Ready,
            toast: None,
            code: None,
            signup: None,
        }
    }
}

fn toast(error: bool, text: impl Into<String>) -> Option<Toast> {
    Some(Toast {
        error,
        text: text.into(),
    })
}

impl Machine {
    /// Applies `input`; returns what the page must do.
    pub fn step(&mut self, input: Input) -> Next {
        match input {
            Input::Connect if self.phase == Phase::Ready => {
                *self = Self {
                    phase: Phase::InMeta,
                    ..Self::default()
                };
                Next::Login
            }
            Input::Login(Some(code)) => {
                self.code = Some(code);
                self.try_complete()
            }
            Input::Login(None) if self.phase == Phase::InMeta => self.back_to_ready(toast(
                false,
                "Nothing was connected: the permissions were not granted.",
            )),
            Input::Signup(message) if self.phase == Phase::InMeta => self.on_signup(message),
            Input::Connected { delivered } => {
                *self = Self {
                    phase: Phase::Connected { delivered },
                    ..Self::default()
                };
                Next::None
            }
            Input::Failed(error) if error.is_retryable() => {
                self.back_to_ready(toast(true, error.to_string()))
            }
            Input::Failed(error) => {
                self.phase = Phase::Closed(error);
                Next::None
            }
            _ => Next::None,
        }
    }

    fn on_signup(&mut self, message: SignupMessage) -> Next {
        match &message.kind {
            SignupMessageKind::Finished => {
                self.signup = Some(message);
                self.try_complete()
            }
            SignupMessageKind::FinishedWithoutPhone => {
                self.back_to_ready(toast(true, ConnectError::PhoneNumberRequired.to_string()))
            }
            SignupMessageKind::Cancelled {
                error_message: Some(reason),
            } => self.back_to_ready(toast(
                true,
                format!("Meta reported a problem: {reason}. Nothing was connected."),
            )),
            SignupMessageKind::Cancelled {
                error_message: None,
            } => self.back_to_ready(toast(false, "You cancelled. Nothing was connected.")),
        }
    }

    /// Completes once both the code and the event are here, while Meta's popup is open.
    fn try_complete(&mut self) -> Next {
        let (Some(code), Some(signup)) = (&self.code, &self.signup) else {
            return Next::None;
        };
        if self.phase != Phase::InMeta {
            return Next::None;
        }
        let request = WhatsAppSignup {
            code: code.clone(),
            waba_id: signup.waba_id.clone().unwrap_or_default(),
            phone_number_id: signup.phone_number_id.clone(),
            business_id: signup.business_id.clone(),
        };
        self.phase = Phase::Completing;
        self.toast = None;
        Next::Complete(request)
    }

    fn back_to_ready(&mut self, toast: Option<Toast>) -> Next {
        *self = Self {
            toast,
            ..Self::default()
        };
        Next::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish(phone: Option<&str>) -> SignupMessage {
        SignupMessage {
            kind: if phone.is_some() {
                SignupMessageKind::Finished
            } else {
                SignupMessageKind::FinishedWithoutPhone
            },
            waba_id: Some("920000000000001".into()),
            phone_number_id: phone.map(str::to_owned),
            business_id: Some("910000000000001".into()),
        }
    }

    fn cancel(error_message: Option<&str>) -> SignupMessage {
        SignupMessage {
            kind: SignupMessageKind::Cancelled {
                error_message: error_message.map(str::to_owned),
            },
            waba_id: None,
            phone_number_id: None,
            business_id: None,
        }
    }

    fn in_meta() -> Machine {
        let mut machine = Machine::default();
        assert_eq!(machine.step(Input::Connect), Next::Login);
        assert_eq!(machine.phase, Phase::InMeta);
        machine
    }

    fn expected_request() -> WhatsAppSignup {
        WhatsAppSignup {
            code: "CODE".into(),
            waba_id: "920000000000001".into(),
            phone_number_id: Some("930000000000001".into()),
            business_id: Some("910000000000001".into()),
        }
    }

    #[test]
    fn code_then_event_completes() {
        let mut machine = in_meta();
        assert_eq!(machine.step(Input::Login(Some("CODE".into()))), Next::None);
        assert_eq!(machine.phase, Phase::InMeta);
        let effect = machine.step(Input::Signup(finish(Some("930000000000001"))));
        assert_eq!(effect, Next::Complete(expected_request()));
        assert_eq!(machine.phase, Phase::Completing);
    }

    #[test]
    fn event_then_code_completes() {
        let mut machine = in_meta();
        assert_eq!(
            machine.step(Input::Signup(finish(Some("930000000000001")))),
            Next::None
        );
        let effect = machine.step(Input::Login(Some("CODE".into())));
        assert_eq!(effect, Next::Complete(expected_request()));
    }

    #[test]
    fn connect_is_ignored_unless_ready() {
        let mut machine = in_meta();
        assert_eq!(machine.step(Input::Connect), Next::None);
        assert_eq!(machine.phase, Phase::InMeta);
    }

    #[test]
    fn refused_login_returns_to_ready_with_a_notice() {
        let mut machine = in_meta();
        machine.step(Input::Login(None));
        assert_eq!(machine.phase, Phase::Ready);
        let toast = machine.toast.clone().unwrap();
        assert!(
            !toast.error && toast.text.contains("not granted"),
            "{toast:?}"
        );
    }

    #[test]
    fn a_late_refusal_after_a_cancel_changes_nothing() {
        let mut machine = in_meta();
        machine.step(Input::Signup(cancel(None)));
        let after_cancel = machine.clone();
        machine.step(Input::Login(None));
        assert_eq!(machine, after_cancel);
    }

    #[test]
    fn cancel_and_reported_problems_return_to_ready() {
        let mut machine = in_meta();
        machine.step(Input::Signup(cancel(None)));
        assert_eq!(machine.phase, Phase::Ready);
        assert!(!machine.toast.as_ref().unwrap().error);

        let mut machine = in_meta();
        machine.step(Input::Signup(cancel(Some("Name refused"))));
        assert_eq!(machine.phase, Phase::Ready);
        let toast = machine.toast.unwrap();
        assert!(toast.error && toast.text.contains("Name refused"));
    }

    #[test]
    fn finishing_without_a_phone_number_asks_for_one() {
        let mut machine = in_meta();
        machine.step(Input::Signup(finish(None)));
        assert_eq!(machine.phase, Phase::Ready);
        assert_eq!(
            machine.toast.unwrap().text,
            ConnectError::PhoneNumberRequired.to_string()
        );
    }

    #[test]
    fn events_outside_meta_are_ignored() {
        let mut machine = Machine::default();
        assert_eq!(
            machine.step(Input::Signup(finish(Some("930000000000001")))),
            Next::None
        );
        assert_eq!(machine, Machine::default());
    }

    #[test]
    fn success_shows_whether_the_result_was_delivered() {
        for delivered in [true, false] {
            let mut machine = in_meta();
            machine.step(Input::Login(Some("CODE".into())));
            machine.step(Input::Signup(finish(Some("930000000000001"))));
            machine.step(Input::Connected { delivered });
            assert_eq!(machine.phase, Phase::Connected { delivered });
        }
    }

    #[test]
    fn a_retryable_failure_returns_to_ready_and_another_closes() {
        let mut machine = in_meta();
        machine.step(Input::Failed(ConnectError::MetaUnavailable));
        assert_eq!(machine.phase, Phase::Ready);
        assert!(machine.toast.as_ref().unwrap().error);
        assert_eq!(machine.step(Input::Connect), Next::Login);

        machine.step(Input::Failed(ConnectError::AlreadyUsed));
        assert_eq!(machine.phase, Phase::Closed(ConnectError::AlreadyUsed));
        assert_eq!(machine.step(Input::Connect), Next::None);
    }
}
