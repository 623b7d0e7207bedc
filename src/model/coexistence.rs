//! The one-time syncs of a WhatsApp Business app number (coexistence): what is asked
//! of Meta after the onboarding, and where each request stands, as vendors and staff
//! see it.

use serde::{Deserialize, Serialize};

use super::named::{decode_by_name, Named};

/// What is synced: the app's contacts, or its chat history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncKind {
    Contacts,
    History,
}

impl Named for SyncKind {
    const FIELD: &'static str = "sync";
    /// In the order they are asked for: contacts, then history.
    const ALL: &'static [Self] = &[Self::Contacts, Self::History];

    fn as_str(self) -> &'static str {
        match self {
            Self::Contacts => "contacts",
            Self::History => "history",
        }
    }
}

decode_by_name!(SyncKind);

impl SyncKind {
    /// Meta's `sync_type` for `smb_app_data`.
    pub fn meta_sync_type(self) -> &'static str {
        match self {
            Self::Contacts => "smb_app_state_sync",
            Self::History => "history",
        }
    }
}

/// Where a sync stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// Not asked yet: it is asked for right after the onboarding, else by the worker.
    Pending,
    /// An instance is asking Meta now.
    Requesting,
    /// Meta accepted the request; what it sends arrives as webhooks.
    Requested,
    /// Meta refused the request.
    Refused,
    /// More than 24 hours passed since the onboarding before it could be asked: never
    /// asked.
    Expired,
    /// The request may have reached Meta, but its answer was lost: it is never asked
    /// again (Meta allows one).
    Unknown,
    /// History arriving, phase by phase.
    InProgress,
    /// History complete.
    Completed,
    /// The customer declined to share the chat history.
    Declined,
}

impl Named for SyncState {
    const FIELD: &'static str = "status";
    const ALL: &'static [Self] = &[
        Self::Pending,
        Self::Requesting,
        Self::Requested,
        Self::Refused,
        Self::Expired,
        Self::Unknown,
        Self::InProgress,
        Self::Completed,
        Self::Declined,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Requesting => "requesting",
            Self::Requested => "requested",
            Self::Refused => "refused",
            Self::Expired => "expired",
            Self::Unknown => "unknown",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Declined => "declined",
        }
    }
}

decode_by_name!(SyncState);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_meta_names_are_metas() {
        for kind in SyncKind::ALL {
            assert_eq!(SyncKind::parse(kind.as_str()).unwrap(), *kind);
        }
        for state in SyncState::ALL {
            assert_eq!(SyncState::parse(state.as_str()).unwrap(), *state);
        }
        assert_eq!(SyncKind::Contacts.meta_sync_type(), "smb_app_state_sync");
        assert_eq!(SyncKind::History.meta_sync_type(), "history");
    }
}
