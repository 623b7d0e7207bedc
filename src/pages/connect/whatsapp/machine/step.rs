//! The transitions.

use super::{
    step_can_retry, toast, Call, CodeState, EventState, Input, Machine, Next, Path, Phase, Wait,
    CODE_MISSING, CODE_WAIT_MS, EVENT_MISSING, EVENT_WAIT_MS, NOT_GRANTED, NO_ACCOUNT,
    WINDOW_BLOCKED,
};
use crate::{
    browser::{SignupMessage, SignupMessageKind},
    components::toast::{Message, Toast},
    i18n::Key,
    model::{connect::ConnectError, whatsapp::WhatsAppStep},
};

impl Machine {
    /// Applies `input`; returns what the page must do.
    pub fn step(&mut self, input: Input) -> Next {
        match input {
            Input::Connect(path) if self.can_connect() => {
                *self = Self {
                    phase: Phase::InMeta,
                    attempt: self.attempt + 1,
                    path: path.unwrap_or(self.path),
                    ..Self::default()
                };
                Next::Login(self.path)
            }
            Input::Login(answer) if self.phase == Phase::InMeta => self.on_login(answer),
            // Said as what it is, with the ways on (not as a refusal of the permissions).
            Input::Blocked if self.phase == Phase::InMeta => {
                self.code = CodeState::Refused;
                self.back_to_ready(toast(true, WINDOW_BLOCKED))
            }
            Input::Signup(message) if self.phase == Phase::InMeta => self.on_signup(message),
            Input::Answered(call, answer) => self.on_answer(call, answer),
            Input::Pin(pin) if matches!(self.phase, Phase::NeedsPin { .. }) => {
                self.phase = Phase::Working;
                self.toast = None;
                Next::SendPin(pin)
            }
            Input::Retry if matches!(self.phase, Phase::Stalled(_)) => {
                self.phase = Phase::Working;
                self.toast = None;
                Next::Retry
            }
            Input::Timeout(Wait::Event)
                if self.phase == Phase::InMeta
                    && self.code == CodeState::Kept
                    && self.event == EventState::NotYet =>
            {
                self.back_to_ready(toast(true, EVENT_MISSING))
            }
            Input::Timeout(Wait::Code)
                if self.phase == Phase::InMeta
                    && self.event == EventState::Kept
                    && self.code == CodeState::NotYet =>
            {
                self.back_to_ready(toast(true, CODE_MISSING))
            }
            Input::Posted { delivered } => {
                self.phase = Phase::Connected {
                    delivered,
                    kept_app: self.kept_app,
                    missing: std::mem::take(&mut self.missing),
                };
                self.toast = None;
                Next::None
            }
            _ => Next::None,
        }
    }

    /// Whether Connect (or Add a phone number, or Start again) can be clicked now.
    pub fn can_connect(&self) -> bool {
        matches!(
            self.phase,
            Phase::Ready | Phase::NeedsNumber { .. } | Phase::Stalled(_)
        )
    }

    fn on_login(&mut self, code: Option<String>) -> Next {
        match (code, self.code) {
            (Some(code), CodeState::NotYet) => {
                self.code = CodeState::Sending;
                if self.event != EventState::NotYet {
                    self.phase = Phase::Working;
                }
                Next::SendCode {
                    attempt: self.attempt,
                    code,
                }
            }
            (None, CodeState::NotYet) => {
                self.code = CodeState::Refused;
                match self.event {
                    EventState::Kept => self.back_to_ready(toast(true, CODE_MISSING)),
                    EventState::NotYet => self.back_to_ready(toast(false, NOT_GRANTED)),
                    // The event's call is on its way: its answer decides.
                    EventState::Held(_) | EventState::Sending => Next::None,
                }
            }
            _ => Next::None,
        }
    }

    fn on_signup(&mut self, message: SignupMessage) -> Next {
        match message.kind {
            SignupMessageKind::Cancelled => {
                let (error, text) = match (&message.error_message, self.path) {
                    (Some(reason), Path::BusinessApp) => {
                        (true, Message::AppNotKept(Some(reason.clone())))
                    }
                    (Some(reason), Path::Standard) => (true, Message::MetaProblem(reason.clone())),
                    (None, _) => (false, Message::Text(Key::WaCancelled)),
                };
                self.back_to_ready(toast(error, text));
                self.report(&message)
            }
            // In the WhatsApp Business app's way, Meta's error is the number's refusal
            // (not eligible, app too old, ...): the page says so and offers the other way.
            SignupMessageKind::Failed => {
                let reason = message.error_message.clone();
                let text = match self.path {
                    Path::BusinessApp => Message::AppNotKept(reason),
                    Path::Standard => Message::MetaFailed(reason),
                };
                self.back_to_ready(toast(true, text));
                self.report(&message)
            }
            SignupMessageKind::Finished if !message.names_waba() => {
                self.back_to_ready(toast(true, NO_ACCOUNT));
                self.report(&message)
            }
            SignupMessageKind::Finished if self.event != EventState::NotYet => Next::None,
            SignupMessageKind::Finished => match self.code {
                CodeState::Sending => {
                    self.phase = Phase::Working;
                    self.event = EventState::Held(message);
                    Next::None
                }
                CodeState::Kept => {
                    self.phase = Phase::Working;
                    self.send_event(&message)
                }
                CodeState::NotYet | CodeState::Refused => self.send_event(&message),
            },
        }
    }

    fn send_event(&mut self, message: &SignupMessage) -> Next {
        self.event = EventState::Sending;
        Next::SendEvent {
            attempt: self.attempt,
            report: message.report(),
        }
    }

    fn report(&self, message: &SignupMessage) -> Next {
        Next::Report {
            attempt: self.attempt,
            report: message.report(),
        }
    }

    fn on_answer(&mut self, call: Call, answer: Result<WhatsAppStep, ConnectError>) -> Next {
        match (call, answer) {
            (Call::Code, Ok(step)) => {
                self.code = CodeState::Kept;
                match (step, std::mem::take(&mut self.event)) {
                    (WhatsAppStep::AwaitingEvent, EventState::Held(message)) => {
                        self.send_event(&message)
                    }
                    (WhatsAppStep::AwaitingEvent, event) => {
                        self.event = event;
                        if self.phase == Phase::InMeta {
                            Next::Wait(Wait::Event, EVENT_WAIT_MS)
                        } else {
                            Next::None
                        }
                    }
                    (step, _) => {
                        self.event = EventState::Kept;
                        self.apply(step)
                    }
                }
            }
            (Call::Code, Err(error)) => {
                self.code = CodeState::NotYet;
                let held = std::mem::take(&mut self.event);
                let next = match held {
                    // Keep what Meta named on the server, for the next attempt.
                    EventState::Held(message) => self.send_event(&message),
                    other => {
                        self.event = other;
                        Next::None
                    }
                };
                self.fail(error);
                next
            }
            (Call::Event, Ok(WhatsAppStep::AwaitingCode)) => {
                self.event = EventState::Kept;
                match (self.code, &self.phase) {
                    (CodeState::Refused, Phase::InMeta | Phase::Working) => {
                        self.back_to_ready(toast(true, CODE_MISSING))
                    }
                    (CodeState::NotYet, Phase::InMeta) => Next::Wait(Wait::Code, CODE_WAIT_MS),
                    _ => Next::None,
                }
            }
            (Call::Event, Ok(step)) => {
                self.event = EventState::Kept;
                self.apply(step)
            }
            (Call::Event, Err(error)) => {
                self.event = EventState::NotYet;
                self.fail(error);
                Next::None
            }
            (Call::Pin, Err(ConnectError::InvalidPin)) => {
                self.phase = Phase::NeedsPin {
                    phone: self.pin_phone.clone(),
                    mismatch: false,
                };
                self.toast = toast(true, Message::Error(ConnectError::InvalidPin));
                Next::None
            }
            (Call::Pin | Call::Retry, Ok(step)) => self.apply(step),
            (Call::Pin | Call::Retry, Err(error)) => {
                self.fail(error);
                Next::None
            }
        }
    }

    /// Where the server's step leads.
    fn apply(&mut self, step: WhatsAppStep) -> Next {
        match step {
            WhatsAppStep::NeedsPhoneNumber { waba_name } => {
                self.phase = Phase::NeedsNumber { waba_name };
                self.toast = None;
                Next::None
            }
            WhatsAppStep::NeedsPin {
                display_phone_number,
                mismatch,
            } => {
                self.pin_phone.clone_from(&display_phone_number);
                self.phase = Phase::NeedsPin {
                    phone: display_phone_number,
                    mismatch,
                };
                self.toast = None;
                Next::None
            }
            WhatsAppStep::Connected(result) => {
                self.phase = Phase::Working;
                self.kept_app = result.coexistence;
                self.missing = result.missing.clone();
                Next::Post(result)
            }
            WhatsAppStep::AwaitingEvent | WhatsAppStep::AwaitingCode | WhatsAppStep::Recorded => {
                Next::None
            }
        }
    }

    /// A failed call: closed when the session is gone; otherwise the step is offered
    /// again when it failed after Meta's dialog (the server kept what Meta shared) and can
    /// run again as it is, or else Meta's dialog.
    fn fail(&mut self, error: ConnectError) {
        let (error, kept) = match error {
            ConnectError::AfterSignup(inner) => (*inner, true),
            other => (other, false),
        };
        if !error.is_retryable() {
            self.phase = Phase::Closed(error);
            self.toast = None;
        } else if kept && step_can_retry(&error) {
            self.phase = Phase::Stalled(error);
            self.toast = None;
        } else {
            self.phase = Phase::Ready;
            self.toast = toast(true, Message::Error(error));
        }
    }

    fn back_to_ready(&mut self, toast: Option<Toast>) -> Next {
        self.phase = Phase::Ready;
        self.toast = toast;
        Next::None
    }
}
