//! The connect pages' data and the typed failures of completing a connection.

use serde::{Deserialize, Serialize};

use super::{theme::Theme, EventOrigins};
use crate::i18n::{Key, Texts};

pub use super::connect_error::ConnectError;

/// The vendor as its customers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    pub vendor_name: String,
    pub logo_url: Option<String>,
    pub theme: Theme,
    /// Our link back to the vendor (`/vendor/connect/back/{session}`), when the session
    /// named one of the vendor's return URLs.
    #[serde(default)]
    pub back_url: Option<String>,
}

/// The one return page registered with Meta for its full-page login dialog.
pub const FULL_PAGE_RETURN_PATH: &str = "/vendor/connect/return";
/// Where the Facebook Pages page's form starts Meta's full-page login.
pub const FULL_PAGE_START_PATH: &str = "/vendor/connect/meta-page/facebook";

/// The permissions the Facebook Pages flow asks for when it logs in with `scope` (in
/// Meta's popup, or its full-page dialog).
pub const PAGES_SCOPES: &str =
    "pages_show_list,pages_manage_metadata,pages_messaging,business_management";

/// What the page needs to run Meta's SDK. Nothing here is secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaClientConfig {
    pub app_id: String,
    pub config_id: String,
    pub api_version: String,
    pub sdk_url: String,
    /// Where Embedded Signup's message events may come from.
    pub event_origins: EventOrigins,
    /// The Facebook Login for Business configuration of the Pages login; `None`: log in
    /// with the Pages permissions (`scope`).
    pub pages_config_id: Option<String>,
    pub simulated: bool,
}

/// A session that can be completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadySession {
    /// How the page and its calls name the session from now on (with the browser's
    /// binding cookie as proof).
    pub session_id: String,
    pub branding: Branding,
    /// Where the result is posted: the session's registered origin.
    pub target_origin: String,
    pub meta: MetaClientConfig,
    /// A test key's session: it runs against the simulator and says so.
    pub test_mode: bool,
    /// The workspace's connection of this flow is broken (disconnected, restricted or
    /// its token dead): this session reconnects it in place, and the page says so.
    pub reconnecting: bool,
    /// The page is open in an app's built-in browser, which may block Meta's window.
    #[serde(default)]
    pub in_app: Option<InAppBrowser>,
    /// Where Meta's login can run as a full page instead of a popup (our link that
    /// starts it), when the flow and the deployment offer it.
    #[serde(default)]
    pub full_page_url: Option<String>,
    /// What Meta's full-page dialog brought, when the customer is back from it.
    #[serde(default)]
    pub returned: Option<DialogReturn>,
    /// The WhatsApp page offers to keep the WhatsApp Business app on the number.
    #[serde(default)]
    pub coexistence: bool,
    /// Meta's `extras.setup` as JSON (WhatsApp), when there is something to pre-fill.
    #[serde(default)]
    pub setup: Option<String>,
    /// The number is added on the connect page: Meta's window shares only the account.
    #[serde(default)]
    pub number_on_page: bool,
    /// The page was opened by the session's token: the session's address by id, which
    /// the page puts in the address bar in place of the token's at once (instead of a
    /// redirect, which costs a slow network a whole round trip).
    #[serde(default)]
    pub address_by_id: Option<String>,
}

impl ReadySession {
    /// What a flow (an island) needs of the session: the rest (brand, notices) is
    /// rendered on the server around it and never travels in its props.
    pub fn flow(&self) -> FlowSession {
        FlowSession {
            vendor_name: self.branding.vendor_name.clone(),
            target_origin: self.target_origin.clone(),
            meta: self.meta.clone(),
            full_page_url: self.full_page_url.clone(),
            returned: self.returned.clone(),
            coexistence: self.coexistence,
            back_url: self.branding.back_url.clone(),
            setup: self.setup.clone(),
            number_on_page: self.number_on_page,
        }
    }
}

/// A completed session's result, posted again by its "already used" page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostAgain {
    /// The message the page posted, as JSON.
    pub message: String,
    /// The session's registered origin: the only one it is posted to.
    pub target_origin: String,
}

/// A ready session as its flow sees it: the props of the flow's island.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowSession {
    pub vendor_name: String,
    /// Where the result is posted: the session's registered origin.
    pub target_origin: String,
    pub meta: MetaClientConfig,
    /// Our link to Meta's full-page login, when offered.
    pub full_page_url: Option<String>,
    /// What Meta's full-page dialog brought, when the customer is back from it.
    pub returned: Option<DialogReturn>,
    /// The WhatsApp page offers to keep the WhatsApp Business app on the number.
    pub coexistence: bool,
    /// Our link back to the vendor's return URL, when the session named one: where the
    /// page sends the customer when it has no window to post to.
    pub back_url: Option<String>,
    /// Meta's `extras.setup` as JSON (WhatsApp): the vendor's pre-filled data and the
    /// workspace's account to offer again; `None`: an empty setup.
    pub setup: Option<String>,
    /// The number is added on the connect page: Meta's window shares only the account.
    pub number_on_page: bool,
}

/// What a flow's island starts from: the session as the flow sees it, the session's id
/// (the page's calls name the session by it; the browser's binding cookie is the proof)
/// and the page's texts. The page renders it as JSON beside the island (`FlowData`),
/// and the island reads it there with the browser's own JSON parser (`wire`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowInit {
    pub session: FlowSession,
    pub session_id: String,
    pub texts: Texts,
}

/// How the customer came back from Meta's full-page dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DialogReturn {
    /// Logged in: the pages were read and kept for the choice.
    Listed(Vec<PageChoice>),
    /// Refused or closed the dialog: nothing changed.
    Cancelled,
    /// The login did not go through; the customer may try again.
    Failed(ConnectError),
}

/// The failures a return names in the connect page's URL (`dialog=`); any other is
/// `failed`, read back as `Internal`.
const RETURN_FAILURES: [(&str, ConnectError); 6] = [
    ("code_rejected", ConnectError::CodeRejected),
    ("token_invalid", ConnectError::TokenInvalid),
    ("meta_unavailable", ConnectError::MetaUnavailable),
    ("meta_rejected", ConnectError::MetaRejected),
    ("not_granted", ConnectError::NotGranted),
    ("rate_limited", ConnectError::RateLimited { minutes: None }),
];

impl DialogReturn {
    /// How the return page names an outcome in the connect page's URL (`dialog=`);
    /// the pages themselves stay on the server.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Listed(_) => "listed",
            Self::Cancelled => "cancelled",
            Self::Failed(error) => RETURN_FAILURES
                .iter()
                .find(|(_, named)| std::mem::discriminant(named) == std::mem::discriminant(error))
                .map_or("failed", |(name, _)| name),
        }
    }

    /// The outcome a `dialog=` name stands for; `Listed` comes with no pages (the
    /// server reads them). Unknown names stand for nothing.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "listed" => Some(Self::Listed(Vec::new())),
            "cancelled" => Some(Self::Cancelled),
            "failed" => Some(Self::Failed(ConnectError::Internal)),
            _ => RETURN_FAILURES
                .iter()
                .find(|(named, _)| *named == name)
                .map(|(_, error)| Self::Failed(error.clone())),
        }
    }
}

/// An app's built-in browser (Facebook, Instagram, an Android web view…): Meta's popup
/// may not open there, so the page offers the phone's own browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InAppBrowser {
    /// On Android an `intent:` link opens this same page in the phone's browser.
    Android { open_url: String },
    /// Elsewhere (iOS) only the app's own menu can: the page says where.
    Other,
}

/// A connect page's token and the language it speaks in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectPage {
    pub view: SessionView,
    pub texts: Texts,
}

/// What a connect page shows for its token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionView {
    Ready(Box<ReadySession>),
    /// Malformed, unknown, or for the other flow.
    Unknown,
    Expired(Branding),
    /// Completed; for the browser that completed it, the result to post again to the
    /// vendor's window (a reload, or a second tab, while the vendor still listens).
    Used(Branding, Option<PostAgain>),
    /// Open in another browser: the session belongs to the browser that opened it first.
    OtherBrowser(Branding),
    /// The page lives at this other address (the session's, by id): the answer is a
    /// redirect there.
    Moved(String),
    VendorInactive,
    /// The server could not load the session just now.
    Unavailable,
}

impl SessionView {
    /// The vendor's theme, for the views that know their vendor; the page's own otherwise.
    pub fn theme(&self) -> Theme {
        match self {
            Self::Ready(ready) => ready.branding.theme,
            Self::Expired(branding) | Self::Used(branding, _) | Self::OtherBrowser(branding) => {
                branding.theme
            }
            Self::Unknown | Self::VendorInactive | Self::Unavailable | Self::Moved(_) => {
                Theme::default()
            }
        }
    }
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
    /// The number stays on the WhatsApp Business app (coexistence). Results stored
    /// before coexistence existed have no such field.
    #[serde(default)]
    pub coexistence: bool,
    /// What still stands between the number and sending (`BlockerCode` names), for the
    /// success screen. Results stored before readiness existed have no such field.
    #[serde(default)]
    pub missing: Vec<String>,
}

/// A page the customer may choose on the Facebook Pages connect page. Never a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageChoice {
    pub id: String,
    pub name: String,
    pub category: String,
    /// Why the page cannot be connected; `None` when it can.
    pub not_connectable: Option<NotConnectable>,
}

impl PageChoice {
    pub fn connectable(&self) -> bool {
        self.not_connectable.is_none()
    }
}

/// Why a page the customer manages cannot be connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotConnectable {
    /// The customer lacks the MESSAGING task on the page.
    NoMessagingTask,
    /// Meta listed the page without a page access token.
    NoPageToken,
}

impl NotConnectable {
    /// What the customer reads next to the page.
    pub fn explain(self) -> Key {
        match self {
            Self::NoMessagingTask => Key::PagesNoTask,
            Self::NoPageToken => Key::PagesNoToken,
        }
    }
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
    /// Only on a coexistence connection (then `true`): nothing changes for the others.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub coexistence: bool,
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

impl WhatsAppConnected {
    /// The contract's message for this result (`state` only when the session has one).
    pub fn message(&self) -> WhatsAppMessage<'_> {
        WhatsAppMessage {
            kind: SUCCESS_MESSAGE_TYPE,
            account_id: &self.account_id,
            waba_id: &self.waba_id,
            phone_number_id: &self.phone_number_id,
            livemode: self.livemode,
            state: self.state.as_deref(),
            coexistence: self.coexistence,
        }
    }
}

impl PagesConnected {
    /// The contract's message for this result (`state` only when the session has one).
    pub fn message(&self) -> PagesMessage<'_> {
        PagesMessage {
            kind: SUCCESS_MESSAGE_TYPE,
            pages: &self.pages,
            livemode: self.livemode,
            state: self.state.as_deref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dialog_return_reads_back_from_its_name() {
        for (name, _) in RETURN_FAILURES {
            let outcome = DialogReturn::from_name(name).unwrap();
            assert_eq!(outcome.name(), name);
        }
        let limited = DialogReturn::Failed(ConnectError::RateLimited { minutes: Some(5) });
        assert_eq!(limited.name(), "rate_limited");
        let other = DialogReturn::Failed(ConnectError::BadRequest);
        assert_eq!(other.name(), "failed");
        assert_eq!(
            DialogReturn::from_name("failed"),
            Some(DialogReturn::Failed(ConnectError::Internal))
        );
        assert_eq!(DialogReturn::from_name("listed").unwrap().name(), "listed");
        assert_eq!(
            DialogReturn::from_name("cancelled"),
            Some(DialogReturn::Cancelled)
        );
        assert_eq!(DialogReturn::from_name("<script>"), None);
    }
}
