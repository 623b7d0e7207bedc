//! Whether a connected WhatsApp number can send messages, and what stands in the way:
//! what vendors read in the API and their events, and what the connect page's success
//! screen tells the customer is still missing.

use serde::{Deserialize, Serialize};

use super::named::{decode_by_name, Named};

/// Meta's overall `can_send_message` for the number (`unknown` until Meta answered).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CanSend {
    Available,
    Limited,
    Blocked,
    Unknown,
}

impl Named for CanSend {
    const FIELD: &'static str = "can_send";
    const ALL: &'static [Self] = &[Self::Available, Self::Limited, Self::Blocked, Self::Unknown];

    fn as_str(self) -> &'static str {
        match self {
            Self::Available => "available",
            Self::Limited => "limited",
            Self::Blocked => "blocked",
            Self::Unknown => "unknown",
        }
    }
}

decode_by_name!(CanSend);

/// What stands between a number and sending, in this product's words (Meta's own code
/// and texts travel beside it in the API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockerCode {
    /// Meta is still reviewing the display name; the number is registered once approved.
    DisplayNamePending,
    /// Meta rejected the display name: the customer submits another in WhatsApp Manager.
    DisplayNameRejected,
    /// The WhatsApp Business account has no valid payment method.
    NoPaymentMethod,
    /// The business has not passed Meta's business verification.
    BusinessNotVerified,
    /// The number reached its messaging limit.
    MessagingLimit,
    /// Meta restricted or disabled the account.
    AccountRestricted,
    /// The number is not registered for the Cloud API (its registration failed).
    NotRegistered,
    /// Something else Meta names; its description and solution say what.
    Other,
}

impl Named for BlockerCode {
    const FIELD: &'static str = "code";
    const ALL: &'static [Self] = &[
        Self::DisplayNamePending,
        Self::DisplayNameRejected,
        Self::NoPaymentMethod,
        Self::BusinessNotVerified,
        Self::MessagingLimit,
        Self::AccountRestricted,
        Self::NotRegistered,
        Self::Other,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Self::DisplayNamePending => "display_name_pending",
            Self::DisplayNameRejected => "display_name_rejected",
            Self::NoPaymentMethod => "no_payment_method",
            Self::BusinessNotVerified => "business_not_verified",
            Self::MessagingLimit => "messaging_limit",
            Self::AccountRestricted => "account_restricted",
            Self::NotRegistered => "not_registered",
            Self::Other => "other",
        }
    }
}

decode_by_name!(BlockerCode);

/// One thing standing in the way: ours, and what Meta said of it (`entity`:
/// `PHONE_NUMBER`, `WABA`, `BUSINESS`, `APP`, or `null` for what this product knows by
/// itself, such as a registration waiting for the display name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Blocker {
    pub code: BlockerCode,
    pub entity: Option<String>,
    pub meta_code: Option<i64>,
    pub description: Option<String>,
    pub solution: Option<String>,
}

impl Blocker {
    /// A blocker this product knows without Meta's words.
    pub fn ours(code: BlockerCode) -> Self {
        Self {
            code,
            entity: None,
            meta_code: None,
            description: None,
            solution: None,
        }
    }
}
