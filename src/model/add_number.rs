//! The add-number page: where a WhatsApp signup whose account came without a phone
//! number adds one, with Meta's code (`services::connect::whatsapp::add_number`).

use serde::{Deserialize, Serialize};

use super::connect::{Branding, PostAgain, ReadySession, SessionView};
use crate::{i18n::Texts, model::theme::Theme};

/// The page's address; its forms post to paths under it.
pub const ADD_NUMBER_PATH: &str = "/vendor/connect/whatsapp/number";

/// The page of a session (by id; the browser's binding cookie proves it).
pub fn add_number_page(session_id: &str) -> String {
    format!("{ADD_NUMBER_PATH}?session={session_id}")
}

/// Where a signup is in adding a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NumberStep {
    /// The account is kept without a number: the customer types one.
    Number { waba_name: String },
    /// Meta sent the added number a code.
    Code { waba_name: String, display: String },
    /// The number is the signup's (its code was verified) but a later step failed
    /// (registration, Meta out of reach): Try again runs it again.
    Stalled,
    /// Nothing to add here: Meta's window has not shared an account yet, or the signup
    /// has its number.
    NotHere,
}

/// What the page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddNumberView {
    /// The session cannot be used (unknown, expired, another browser's, ...).
    Closed(SessionView),
    /// The session is open: the step's form, and what the last form's failure says.
    Open {
        session: Box<ReadySession>,
        step: NumberStep,
        error: Option<String>,
        /// The code the simulated Meta accepts, shown in test mode only.
        test_code: Option<String>,
    },
    /// The session is complete: the result is posted again to the vendor's window,
    /// and what the number still misses is listed (readiness codes).
    Done {
        branding: Branding,
        post: Option<PostAgain>,
        missing: Vec<String>,
    },
}

impl AddNumberView {
    pub fn theme(&self) -> Theme {
        match self {
            Self::Closed(view) => view.theme(),
            Self::Open { session, .. } => session.branding.theme,
            Self::Done { branding, .. } => branding.theme,
        }
    }
}

/// The page in the session's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddNumberPage {
    pub view: AddNumberView,
    pub texts: Texts,
}
