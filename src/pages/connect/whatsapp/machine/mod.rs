//! The WhatsApp connect page's state machine, free of the browser. Meta's code and its
//! signup event arrive separately, in either order, and either may never come
//! (docs/meta.md): the code goes to the server the moment it arrives, the event when the
//! code's call has answered (or at once), and the server's answer says what comes
//! next. The component feeds it the inputs and does what it answers next.

mod step;
#[cfg(test)]
mod tests;

use crate::{
    browser::SignupMessage,
    components::toast::{Message, Toast},
    i18n::Key,
    model::{
        connect::{ConnectError, WhatsAppConnected},
        whatsapp::{SignupReport, WhatsAppStep},
    },
};

/// How long the page waits for Meta's event once the code is exchanged, and for the
/// code once the event is kept (the code lives 30 seconds).
pub const EVENT_WAIT_MS: u32 = 10_000;
pub const CODE_WAIT_MS: u32 = 30_000;

/// Where the page is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for the customer to click Connect.
    Ready,
    /// Meta's dialog is open, or its answers are on their way.
    InMeta,
    /// The server is connecting.
    Working,
    /// The account is shared but has no phone number: the customer adds one.
    NeedsNumber { waba_name: String },
    /// The number has a two-step PIN: the customer types it.
    NeedsPin { phone: String, mismatch: bool },
    /// A step after the exchange failed; what Meta shared is kept, the step can be tried again.
    Stalled(ConnectError),
    /// Done; `delivered` when the vendor's window got the result, `kept_app` when the
    /// number stays on the WhatsApp Business app, `missing` what still stands between
    /// the number and sending (`BlockerCode` names).
    Connected {
        delivered: bool,
        kept_app: bool,
        missing: Vec<String>,
    },
    /// The session cannot be used any more.
    Closed(ConnectError),
}

/// Which call the server answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Code,
    Event,
    Pin,
    Retry,
}

/// What the page waits for with a timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    Event,
    Code,
}

/// Which way Meta's dialog runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Path {
    /// Embedded Signup with a number that is not on the WhatsApp Business app.
    #[default]
    Standard,
    /// A WhatsApp Business app number that keeps the app (coexistence).
    BusinessApp,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// The customer clicked Connect (with the way chosen), or Add a phone number or
    /// Start again (`None`: the way of the last run).
    Connect(Option<Path>),
    /// `FB.login` answered: the code, or nothing.
    Login(Option<String>),
    /// The browser blocked Meta's window: nothing of Meta ran.
    Blocked,
    /// An Embedded Signup event from Meta's origin.
    Signup(SignupMessage),
    /// The server answered a call.
    Answered(Call, Result<WhatsAppStep, ConnectError>),
    /// The customer typed the number's PIN.
    Pin(String),
    /// The customer clicked Try again.
    Retry,
    /// A wait ran out.
    Timeout(Wait),
    /// The result was posted; `delivered` when the vendor's window got it.
    Posted { delivered: bool },
}

/// What the page must do now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    None,
    /// Call `FB.login` (synchronously: this is the click handler), the way given.
    Login(Path),
    /// Send the code of run `attempt` of Meta's dialog.
    SendCode {
        attempt: u32,
        code: String,
    },
    /// Send the event of run `attempt`.
    SendEvent {
        attempt: u32,
        report: SignupReport,
    },
    /// Tell the server about a cancel or an error (the answer changes nothing).
    Report {
        attempt: u32,
        report: SignupReport,
    },
    SendPin(String),
    Retry,
    /// Start a timer that ends in `Input::Timeout`.
    Wait(Wait, u32),
    /// Post the result to the vendor's window, then feed `Input::Posted`.
    Post(WhatsAppConnected),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum CodeState {
    #[default]
    NotYet,
    Sending,
    Kept,
    /// `FB.login` answered without a code.
    Refused,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum EventState {
    #[default]
    NotYet,
    /// Arrived while the code's call was on its way.
    Held(SignupMessage),
    Sending,
    Kept,
}

/// The page's state: its phase, its toast, and how far each half of Meta's answer got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Machine {
    pub phase: Phase,
    pub toast: Option<Toast>,
    code: CodeState,
    event: EventState,
    /// The number whose PIN is asked for, as Meta displays it.
    pin_phone: String,
    /// Which run of Meta's dialog this is: a code and an event pair only within one.
    attempt: u32,
    /// The way this run goes.
    path: Path,
    /// The result is a WhatsApp Business app number's.
    kept_app: bool,
    /// What the result says still stands in the way of sending.
    missing: Vec<String>,
}

impl Default for Machine {
    fn default() -> Self {
        Self {
            phase: Phase::Ready,
            toast: None,
            code: CodeState::NotYet,
            event: EventState::NotYet,
            pin_phone: String::new(),
            attempt: 0,
            path: Path::Standard,
            kept_app: false,
            missing: Vec::new(),
        }
    }
}

fn toast(error: bool, message: Message) -> Option<Toast> {
    Some(Toast { error, message })
}

const NOT_GRANTED: Message = Message::Text(Key::WaNotGranted);
const EVENT_MISSING: Message = Message::Text(Key::WaEventMissing);
const CODE_MISSING: Message = Message::Text(Key::WaCodeMissing);
const WINDOW_BLOCKED: Message = Message::Text(Key::WaWindowBlocked);
const NO_ACCOUNT: Message = Message::Text(Key::WaNoAccount);

/// Errors after which the same step can simply run again; the others need Meta's
/// dialog again (a new sign-in, another account or number).
fn step_can_retry(error: &ConnectError) -> bool {
    matches!(
        error,
        ConnectError::MetaUnavailable
            | ConnectError::RateLimited { .. }
            | ConnectError::NumberNeedsVerification
            | ConnectError::RegisterBlocked
            | ConnectError::MetaRejected
            | ConnectError::Busy
            | ConnectError::Internal
            | ConnectError::Unavailable
            | ConnectError::Transport(_)
    )
}
