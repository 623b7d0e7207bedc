//! The connect pages' data and the typed failures of completing a connection.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// The vendor as its customers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    pub vendor_name: String,
    pub logo_url: Option<String>,
}

/// What the page needs to run Meta's SDK. Nothing here is secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaClientConfig {
    pub app_id: String,
    pub config_id: String,
    pub api_version: String,
    pub sdk_url: String,
    /// The origin Meta's message events must come from; `None`: this page's own origin
    /// (the simulator is served by this server).
    pub web_origin: Option<String>,
    pub simulated: bool,
}

/// A session that can be completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadySession {
    pub branding: Branding,
    /// Where the result is posted: the session's registered origin.
    pub target_origin: String,
    pub meta: MetaClientConfig,
    /// A test key's session: it runs against the simulator and says so.
    pub test_mode: bool,
}

/// What a connect page shows for its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionView {
    Ready(ReadySession),
    /// Malformed, unknown, or for the other flow.
    Unknown,
    Expired(Branding),
    Used(Branding),
    VendorInactive,
}

/// What Embedded Signup reported in the browser: the login's code and the signup
/// event's ids. The server verifies the ids with Meta before trusting them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatsAppSignup {
    pub code: String,
    pub waba_id: String,
    pub phone_number_id: Option<String>,
    pub business_id: Option<String>,
}

/// The contract's WhatsApp result (`state` only when the session has one), plus where
/// to post it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatsAppConnected {
    pub account_id: String,
    pub waba_id: String,
    pub phone_number_id: String,
    pub state: Option<String>,
    /// `false` for a test key's session.
    pub livemode: bool,
    pub target_origin: String,
}

/// A page the customer may choose on the Facebook Pages connect page. Never a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageChoice {
    pub id: String,
    pub name: String,
    pub category: String,
    /// `false` when the customer lacks the MESSAGING task on the page.
    pub connectable: bool,
}

/// A connected page, as the contract's result lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectedPage {
    pub id: String,
    pub name: String,
    pub category: String,
}

/// The contract's Meta Page result (`state` only when the session has one), plus where
/// to post it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagesConnected {
    pub pages: Vec<ConnectedPage>,
    pub state: Option<String>,
    /// `false` for a test key's session.
    pub livemode: bool,
    pub target_origin: String,
}

/// The contract's message type for both flows.
pub const SUCCESS_MESSAGE_TYPE: &str = "whatsportal:connect:success";

/// The message posted to the vendor's window after a WhatsApp connection.
#[derive(Debug, Clone, Serialize)]
pub struct WhatsAppMessage<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub account_id: &'a str,
    pub waba_id: &'a str,
    pub phone_number_id: &'a str,
    pub livemode: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'a str>,
}

/// The message posted to the vendor's window after connecting pages.
#[derive(Debug, Clone, Serialize)]
pub struct PagesMessage<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub pages: &'a [ConnectedPage],
    pub livemode: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<&'a str>,
}

/// Why completing a connection failed, in terms the page can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ConnectError {
    #[error("This connection link is not valid.")]
    UnknownSession,
    #[error("Session has expired.")]
    Expired,
    #[error("This connection link has already been used.")]
    AlreadyUsed,
    #[error("This connection link is no longer available.")]
    VendorInactive,
    #[error("A phone number is required: choose or add a phone number, then try again.")]
    PhoneNumberRequired,
    #[error("Meta did not confirm access to that WhatsApp Business account. Please try again.")]
    NotGranted,
    #[error("We could not reach Meta just now. Nothing was connected; please try again.")]
    MetaUnavailable,
    #[error("Meta declined the request ({0}). Nothing was connected; please try again.")]
    MetaRejected(String),
    #[error("Choose at least one page to connect.")]
    NoPagesSelected,
    #[error("The page {0} cannot be connected: choose from the pages listed.")]
    PageNotAvailable(String),
    #[error(
        "Connecting the page {page} failed: {reason} Nothing was connected; please try again."
    )]
    PageFailed { page: String, reason: String },
    #[error("The request could not be read. Reload the page and try again.")]
    BadRequest,
    #[error("Something went wrong on our side. Nothing was connected; please try again.")]
    Internal,
    #[error("The connection to the server failed. Please check your network and try again.")]
    Transport(String),
}

impl ConnectError {
    /// The HTTP status a failed call answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::UnknownSession => 404,
            Self::Expired => 410,
            Self::AlreadyUsed => 409,
            Self::VendorInactive => 403,
            Self::PhoneNumberRequired
            | Self::NotGranted
            | Self::MetaRejected(_)
            | Self::NoPagesSelected
            | Self::PageNotAvailable(_) => 422,
            Self::MetaUnavailable | Self::PageFailed { .. } => 502,
            Self::BadRequest => 400,
            Self::Internal | Self::Transport(_) => 500,
        }
    }

    /// Whether the same tab can simply try again.
    pub fn is_retryable(&self) -> bool {
        !matches!(
            self,
            Self::UnknownSession | Self::Expired | Self::AlreadyUsed | Self::VendorInactive
        )
    }
}

impl FromServerFnError for ConnectError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        crate::model::machinery_failure(value, Self::BadRequest, Self::Transport)
    }
}
