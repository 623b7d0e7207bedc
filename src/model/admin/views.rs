//! What the admin pages show. Times are already formatted by the server (UTC), and no
//! value here is ever a secret except the ones shown once on purpose.

use serde::{Deserialize, Serialize};

use crate::model::{
    coexistence::{SyncKind, SyncState},
    ConnectionStatus,
};

use crate::model::{theme::Appearance, IntegrationType, Mode, StaffRole};

/// The signed-in staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub id: String,
    pub email: String,
    pub role: StaffRole,
    pub can_change: bool,
}

/// Who is signed in to the vendor console, and what their role lets them do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleUserView {
    pub user_id: String,
    pub email: String,
    pub role: crate::model::VendorRole,
    pub vendor_id: String,
    pub vendor_name: String,
}

/// Where the vendor pages are shown, and what the viewer may do there: the admin area
/// (staff, every vendor) or the vendor console (one vendor's user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaView {
    /// `/admin` or `/console`.
    pub base: &'static str,
    pub can_change: bool,
    /// Staff's own settings of a vendor (activation, rate limit, the app default).
    pub is_staff: bool,
    /// Whether the viewer may invite, reset and disable the vendor's users.
    pub manages_team: bool,
}

impl AreaView {
    /// The admin area, for a staff member whose role may change or not.
    pub fn staff(can_change: bool) -> Self {
        Self {
            base: "/admin",
            can_change,
            is_staff: true,
            manages_team: can_change,
        }
    }

    /// The vendor console, for a vendor's user of `role`.
    pub fn console(role: crate::model::VendorRole) -> Self {
        Self {
            base: "/console",
            can_change: role.can_change(),
            is_staff: false,
            manages_team: role.manages_team(),
        }
    }

    /// The vendor's page in this area.
    pub fn vendor_path(&self, vendor_id: &str) -> String {
        format!("{}/vendors/{vendor_id}", self.base)
    }
}

/// A message for the next page: the outcome of a form posted without JavaScript, or a
/// secret shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub kind: FlashKind,
    pub text: String,
    pub secret: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FlashKind {
    Notice,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorRow {
    pub id: String,
    pub name: String,
    pub created: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorListView {
    pub vendors: Vec<VendorRow>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub search: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRow {
    pub id: String,
    pub prefix: String,
    pub mode: Mode,
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: Option<String>,
    /// When a rotated key stops (or stopped) working.
    pub retires: Option<String>,
    /// Whether the key still works and is not being rotated: it may be rotated.
    pub rotatable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OriginRow {
    pub origin: String,
    pub added: String,
}

/// A registered return URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnUrlRow {
    pub url: String,
    pub added: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    pub id: String,
    pub external_id: String,
    pub integration_type: IntegrationType,
    pub mode: Mode,
    pub origin: String,
    pub created: String,
    /// created, opened, completed, failed or expired.
    pub state: String,
    pub failure_reason: Option<String>,
    /// What happened in Meta's dialog, for support: the last event, the step a cancel
    /// left at, a reported error.
    pub meta: Option<String>,
}

/// How far the sessions created in the last `days` days got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelView {
    pub days: u32,
    /// Days sessions are kept after they expire: the funnel cannot count older ones.
    pub kept_days: u32,
    pub created: i64,
    pub opened: i64,
    pub completed: i64,
    pub failed: i64,
    pub expired: i64,
    /// Where uncompleted sessions left Meta's dialog (cancel step, or `ERROR`), and how many.
    pub left_meta_at: Vec<(String, i64)>,
}

/// A vendor's webhook endpoint (never its secret) and recent deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookView {
    /// Where live-mode events go.
    pub live: EndpointView,
    /// Where test-mode events go (never to the live endpoint).
    pub test: EndpointView,
    pub deliveries: Vec<DeliveryRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointView {
    pub url: Option<String>,
    /// Why and since when the endpoint is disabled, if it is.
    pub disabled: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRow {
    pub id: String,
    /// live or test: which endpoint it goes to.
    pub mode: String,
    pub event_type: String,
    pub created: String,
    /// pending, delivered or failed.
    pub state: String,
    /// Each attempt: its HTTP status or error, and when.
    pub attempts: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorDetailView {
    pub id: String,
    pub name: String,
    pub logo_url: Option<String>,
    pub active: bool,
    pub created: String,
    pub keys: Vec<KeyRow>,
    pub origins: Vec<OriginRow>,
    pub return_urls: Vec<ReturnUrlRow>,
    pub sessions: Vec<SessionRow>,
    pub funnel: FunnelView,
    pub webhook: WebhookView,
    pub rate_limit: RateLimitView,
    pub theme: ThemeView,
    /// Whether its WhatsApp pages offer to keep the WhatsApp Business app unless a
    /// session says.
    pub coexistence_default: bool,
    /// The vendor's users of the vendor console.
    pub team: Vec<VendorUserRow>,
}

/// A vendor's theme for its connect pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeView {
    /// `#rrggbb`; `None`: the page's own colour.
    pub primary: Option<String>,
    pub appearance: Appearance,
    /// The primary colour's weakest contrast on its page (`7.2:1`), when there is one.
    pub contrast: Option<String>,
}

/// A vendor's API rate limit: its own, if staff set one, and the server's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateLimitView {
    pub per_minute: Option<i64>,
    pub default_per_minute: u32,
}

/// A key just created: the only time its secret leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedKeyView {
    pub key_id: String,
    pub api_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatsAppRow {
    pub waba_id: String,
    pub phone_number_id: Option<String>,
    pub connected: String,
    pub status: ConnectionStatus,
    /// Why it is in that state, when it moved after the connect.
    pub status_reason: Option<String>,
    pub quality_rating: Option<String>,
    /// The display name and Meta's decision on it.
    pub display_name: Option<String>,
    /// The number stays on the WhatsApp Business app (coexistence).
    pub coexistence: bool,
}

/// One WhatsApp number of a workspace, and whether it can send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NumberRow {
    pub phone_number_id: String,
    pub waba_id: String,
    pub display: Option<String>,
    pub status: ConnectionStatus,
    /// `available`, `limited`, `blocked` or `unknown`; `None` before readiness was read.
    pub can_send: Option<String>,
    /// What stands in the way (this product's codes).
    pub blockers: Vec<String>,
    /// Where a registration that waits for the display name stands, unless `done`.
    pub registration: Option<String>,
}

/// One of a WhatsApp Business app number's one-time syncs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncRow {
    pub sync: SyncKind,
    pub status: SyncState,
    /// History's phase and progress, as `phase 1 · 67%`, when known.
    pub progress: Option<String>,
    /// Contacts or messages passed on to the vendor.
    pub items: i64,
    pub error_code: Option<i64>,
    pub updated: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRow {
    pub id: String,
    pub name: String,
    pub category: String,
    pub connected: String,
    pub status: ConnectionStatus,
    pub status_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceRow {
    pub external_id: String,
    pub account_id: String,
    pub name: String,
    pub mode: Mode,
    pub created: String,
    pub whatsapp: Option<WhatsAppRow>,
    pub pages: Vec<PageRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceListView {
    pub vendor_id: String,
    pub vendor_name: String,
    pub workspaces: Vec<WorkspaceRow>,
    pub total: i64,
    pub page: u32,
    pub pages: u32,
    pub search: String,
}

/// A move of one of a workspace's connections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub at: String,
    /// `whatsapp` or `page`, and the WABA's or page's id.
    pub kind: String,
    pub subject_id: String,
    pub status: ConnectionStatus,
    pub reason: Option<String>,
    /// What moved it: `connect`, `meta`, `token_check`, `vendor_api`, `deauthorize`,
    /// `data_deletion`.
    pub source: String,
}

/// A change Meta delivered to the app's webhook, and what processing did with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaEventRow {
    pub id: String,
    pub received: String,
    pub field: String,
    pub event: Option<String>,
    pub waba_id: Option<String>,
    /// `None` while it waits to be processed.
    pub outcome: Option<String>,
}

/// One workspace: its connections, their history and the Meta events that applied to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceDetailView {
    pub vendor_id: String,
    pub vendor_name: String,
    pub workspace: WorkspaceRow,
    pub history: Vec<HistoryRow>,
    pub meta_events: Vec<MetaEventRow>,
    /// The one-time syncs of a WhatsApp Business app number (none otherwise).
    pub syncs: Vec<SyncRow>,
    /// Every WhatsApp number, the first first.
    pub numbers: Vec<NumberRow>,
}

/// What Meta sent the app lately, and the WABAs it shared for no connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaEventsView {
    pub unclaimed: Vec<MetaEventRow>,
    pub recent: Vec<MetaEventRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: String,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub vendor_id: Option<String>,
    pub source_ip: Option<String>,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditListView {
    pub entries: Vec<AuditRow>,
    /// Pass as `before` for the next (older) page.
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: String,
    pub email: String,
    pub role: StaffRole,
    pub created: String,
    pub disabled: bool,
}

/// A user of a vendor's team, as owners and staff see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorUserRow {
    pub id: String,
    pub email: String,
    pub role: crate::model::VendorRole,
    /// `invited` (no password yet), `active` or `disabled`.
    pub status: String,
    pub created: String,
}

/// An invitation or reset link just made: shown once to whoever made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedLinkView {
    pub user_id: String,
    pub link: String,
    /// Whether it was also e-mailed to the user.
    pub mail: MailOutcome,
}

/// What became of the e-mail of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailOutcome {
    /// No SMTP server is configured: the link is sent by hand.
    Off,
    Sent,
    /// The mail server did not take it (the log says why).
    Failed,
}

/// What the invitation page shows: whose link it is and the key for their
/// authenticator app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub email: String,
    pub vendor_name: String,
    pub is_reset: bool,
    pub typed_key: String,
    pub otpauth_url: String,
}
