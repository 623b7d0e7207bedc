//! Where a WhatsApp or Page connection stands, as vendors and staff see it.

use serde::{Deserialize, Serialize};

use super::named::{decode_by_name, Named};

/// A connection's state. Only `active` connections can be used; the others say why not
/// and what the vendor can do (a new session for the workspace reconnects it in place).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionStatus {
    /// Connected and usable.
    Active,
    /// The WABA is shared, but no phone number is on it yet (Embedded Signup's
    /// `FINISH_ONLY_WABA`).
    NeedsPhoneNumber,
    /// Registering the number with the Cloud API has not succeeded yet.
    NeedsRegistration,
    /// The customer or Meta ended the connection (app removed, partner removed, account
    /// deleted or moved away), or the vendor disconnected it; no token is kept.
    Disconnected,
    /// Meta restricted or disabled the account; the connection may come back.
    Restricted,
    /// The stored token no longer works (password changed, role lost, app removed).
    TokenInvalid,
}

impl Named for ConnectionStatus {
    const FIELD: &'static str = "status";
    const ALL: &'static [Self] = &[
        Self::Active,
        Self::NeedsPhoneNumber,
        Self::NeedsRegistration,
        Self::Disconnected,
        Self::Restricted,
        Self::TokenInvalid,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::NeedsPhoneNumber => "needs_phone_number",
            Self::NeedsRegistration => "needs_registration",
            Self::Disconnected => "disconnected",
            Self::Restricted => "restricted",
            Self::TokenInvalid => "token_invalid",
        }
    }
}

decode_by_name!(ConnectionStatus);

impl ConnectionStatus {
    /// Whether a new session for the workspace is a reconnection of a broken connection.
    pub fn is_broken(self) -> bool {
        matches!(
            self,
            Self::Disconnected | Self::Restricted | Self::TokenInvalid
        )
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_knows_broken_states() {
        for status in ConnectionStatus::ALL.iter().copied() {
            assert_eq!(ConnectionStatus::parse(status.as_str()), Ok(status));
            assert_eq!(
                serde_json::to_value(status).unwrap(),
                serde_json::json!(status.as_str())
            );
        }
        assert!(ConnectionStatus::TokenInvalid.is_broken());
        assert!(!ConnectionStatus::NeedsPhoneNumber.is_broken());
        assert!(ConnectionStatus::parse("banned").is_err());
    }
}
