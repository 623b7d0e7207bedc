//! What the WhatsApp connect page and the server say to each other while Embedded
//! Signup runs. The code and Meta's event arrive separately, in either order (docs/meta.md):
//! the page sends each the moment it has it, and the server answers with the step the
//! signup has reached.

use serde::{Deserialize, Serialize};

use super::connect::WhatsAppConnected;

/// The finish of a WhatsApp Business app onboarding (coexistence): the number stays on
/// the app, and the event may name the WABA only.
pub const COEXISTENCE_FINISH: &str = "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING";

/// What Embedded Signup's message event reported, as the page relays it. The server
/// checks every id before using it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignupReport {
    /// `FINISH` or another `FINISH_*`: the ids Meta named (a finish without a number,
    /// such as `FINISH_ONLY_WABA`, has none).
    Finished {
        event: String,
        waba_id: Option<String>,
        phone_number_id: Option<String>,
        business_id: Option<String>,
    },
    /// `CANCEL`: where the customer left Meta's dialog, or the problem they reported.
    Cancelled {
        current_step: Option<String>,
        error_code: Option<String>,
        error_message: Option<String>,
        meta_session_id: Option<String>,
    },
    /// `ERROR`.
    Failed {
        error_code: Option<String>,
        error_message: Option<String>,
        meta_session_id: Option<String>,
    },
}

/// Where the signup stands after the server's part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WhatsAppStep {
    /// The code is exchanged and the business token kept; Meta's event has not come.
    AwaitingEvent,
    /// Meta's event is kept; no code has been exchanged for it yet.
    AwaitingCode,
    /// A cancel or an error was recorded.
    Recorded,
    /// The WhatsApp Business account is shared and subscribed but has no phone number:
    /// the customer adds one (running Meta's dialog again) before anything is posted.
    NeedsPhoneNumber { waba_name: String },
    /// The number already has a two-step verification PIN: the customer types it.
    /// `mismatch` when the last PIN tried was not the number's.
    NeedsPin {
        display_phone_number: String,
        mismatch: bool,
    },
    /// Done: the contract's result.
    Connected(WhatsAppConnected),
}
