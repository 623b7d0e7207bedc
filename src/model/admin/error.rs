//! The typed failures of the admin area's server functions.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// Why an admin action or page did not succeed, in words a staff member can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AdminError {
    #[error("Please sign in.")]
    SignedOut,
    #[error("Your role cannot do this: ask an admin or an owner of your team.")]
    Forbidden,
    #[error("The email or password is not right.")]
    BadCredentials,
    #[error("The email, password or code is not right.")]
    BadConsoleCredentials,
    #[error("Too many failed sign-ins: wait {0} minutes, then try again.")]
    Throttled(u32),
    #[error("Too many sign-ins are being checked right now: try again in a moment.")]
    Busy,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Conflict(String),
    #[error("The request could not be read. Reload the page and try again.")]
    BadRequest,
    #[error("Something went wrong on our side. Nothing was changed; please try again.")]
    Internal,
    #[error("The database is unavailable for a moment. Nothing was changed; try again in a few seconds.")]
    Unavailable,
    #[error("The connection to the server failed. Please check your network and try again.")]
    Transport(String),
}

impl AdminError {
    /// The failure a sign-in page names by a fixed code in its address (a form posted
    /// without JavaScript): never a text taken from the address. `bad` is the area's
    /// wrong-credentials failure.
    pub fn of_failed_sign_in(label: Option<&str>, bad: Self) -> Option<Self> {
        Some(match label? {
            "throttled" => Self::Throttled(15),
            "busy" => Self::Busy,
            "unavailable" => Self::Unavailable,
            _ => bad,
        })
    }

    /// The HTTP status a failed call answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::SignedOut | Self::BadCredentials | Self::BadConsoleCredentials => 401,
            Self::Forbidden => 403,
            Self::NotFound(_) => 404,
            Self::Conflict(_) => 409,
            Self::Throttled(_) | Self::Busy => 429,
            Self::Invalid(_) | Self::BadRequest => 400,
            Self::Internal | Self::Transport(_) => 500,
            Self::Unavailable => 503,
        }
    }
}

impl FromServerFnError for AdminError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        crate::model::machinery_failure(value, Self::BadRequest, Self::Transport)
    }
}
