//! Send readiness of connected WhatsApp numbers (docs/meta.md, "Send readiness"):
//! whether each can send and what stands in the way, read from Meta's `health_status`
//! after the signup, when one of Meta's changes may have moved it, and by a periodic
//! check on every instance; each change tells the vendor once. A number whose display
//! name was still pending at the signup is registered here, once, when Meta approves
//! the name.
//!
//! - `assess`: Meta's answer to a reading (pure);
//! - `check`: the reading of one number, the periodic rounds and the vendor's events;
//! - `deferred`: the registration that waited for the display name.

pub mod assess;
pub mod check;
mod deferred;

use serde::Serialize;

use assess::Reading;

use crate::{
    db::number_readiness::{NumberRow, Registration},
    model::readiness::{Blocker, CanSend},
    services::time_text::rfc3339,
};

/// A number's readiness as vendors read it (the API, the events).
#[derive(Debug, Clone, Serialize)]
pub struct ReadinessView {
    pub can_send: CanSend,
    pub blockers: Vec<Blocker>,
    /// When Meta last answered; `null` before its first answer.
    pub checked_at: Option<String>,
    /// `done`, `awaiting_name`, `registering` or `failed`.
    pub registration: String,
    /// Why a registration that waited for the display name failed.
    pub registration_error: Option<String>,
}

impl ReadinessView {
    /// What a reading made just now says.
    pub fn read_now(reading: &Reading, registration: (Registration, Option<&str>)) -> Self {
        Self {
            can_send: reading.can_send,
            blockers: reading.blockers.clone(),
            checked_at: (reading.can_send != CanSend::Unknown)
                .then(|| rfc3339(crate::db::now_ms())),
            registration: registration.0.as_str().to_owned(),
            registration_error: registration.1.map(str::to_owned),
        }
    }

    pub fn of(row: &NumberRow) -> Self {
        Self {
            can_send: row.can_send,
            blockers: serde_json::from_str(&row.blockers).unwrap_or_default(),
            checked_at: row.checked_at.map(rfc3339),
            registration: row.registration.clone(),
            registration_error: row.registration_error.clone(),
        }
    }
}
