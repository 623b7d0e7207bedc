//! Setup links (`/api/vendor/setup-links`): for vendors with no window to open a session
//! from at the moment the customer connects (a link sent by e-mail, text message or
//! chat, a back office preparing tomorrow's onboarding). A link keeps a session request,
//! checked by the session rules when it is made, for up to 30 days (7 unless the vendor
//! chooses). Each time it is opened it creates a fresh 10-minute session from that
//! request and sends the browser on to the session's page, so the sessions' own rules
//! (single use, 10 minutes, the binding to the browser that opens it) never change. The
//! link's token opens sessions only: it is stored as a SHA-256 and works on no API.

use serde::Serialize;
use serde_json::Value;

use super::new_session::{self, SessionRequest};
use crate::{
    db::{
        self,
        setup_links::{NewSetupLink, SetupLinkRow},
    },
    domain::{Prefill, SetupLinkToken},
    model::{IntegrationType, Mode, Named},
    services::{
        connect::session_outcome, time_text::rfc3339, vendors::api_auth::VendorKey, ServiceError,
    },
};

pub const DEFAULT_DAYS: i64 = 7;
pub const MAX_DAYS: i64 = 30;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// How many links a listing answers, newest first.
pub const LIST_LIMIT: i64 = 100;

/// The route that opens a link.
pub const OPEN_ROUTE: &str = "/vendor/connect/setup/{token}";

fn link_path(token: &SetupLinkToken) -> String {
    format!("/vendor/connect/setup/{}", token.expose())
}

/// A link request: the session request it opens sessions from, and its lifetime.
#[derive(Debug, Default, Clone)]
pub struct SetupLinkRequest {
    pub session: SessionRequest,
    pub expires_in_days: Option<i64>,
}

/// Where a link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetupLinkStatus {
    /// Opens a fresh session each time it is opened.
    Active,
    /// A session opened from it connected: it opens no more.
    Completed,
    /// Revoked by the vendor, or replaced by a newer link for the same workspace.
    Revoked,
    /// Its lifetime ended.
    Expired,
}

/// A link as its vendor reads it. `url` only in the answer that made it: the token is
/// not kept.
#[derive(Debug, Serialize)]
pub struct SetupLinkView {
    pub setup_link_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(rename = "integrationType")]
    pub integration_type: String,
    #[serde(rename = "externalId")]
    pub external_id: String,
    pub livemode: bool,
    pub status: SetupLinkStatus,
    pub created_at: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
    pub completed_at: Option<String>,
    pub opened_count: i64,
    pub last_opened_at: Option<String>,
    /// The session that connected, once completed.
    pub session_id: Option<String>,
    /// What that session's page posted, once completed (while the session is kept).
    pub result: Option<Value>,
}

fn status(row: &SetupLinkRow, now: i64) -> SetupLinkStatus {
    if row.completed_at.is_some() {
        SetupLinkStatus::Completed
    } else if row.revoked_at.is_some() {
        SetupLinkStatus::Revoked
    } else if row.expires_at <= now {
        SetupLinkStatus::Expired
    } else {
        SetupLinkStatus::Active
    }
}

fn view(row: SetupLinkRow, now: i64) -> SetupLinkView {
    SetupLinkView {
        status: status(&row, now),
        setup_link_id: row.id,
        url: None,
        integration_type: row.integration_type,
        external_id: row.external_id,
        livemode: row.mode == Mode::Live.as_str(),
        created_at: rfc3339(row.created_at),
        expires_at: rfc3339(row.expires_at),
        revoked_at: row.revoked_at.map(rfc3339),
        completed_at: row.completed_at.map(rfc3339),
        opened_count: row.opened_count,
        last_opened_at: row.last_opened_at.map(rfc3339),
        session_id: row.completed_session_id,
        result: None,
    }
}

/// What `expiresInDays` must be, as a refusal says it.
pub fn days_rule() -> String {
    format!("`expiresInDays` must be a whole number of days from 1 to {MAX_DAYS}")
}

fn lifetime_days(requested: Option<i64>) -> Result<i64, ServiceError> {
    match requested {
        None => Ok(DEFAULT_DAYS),
        Some(days) if (1..=MAX_DAYS).contains(&days) => Ok(days),
        Some(_) => Err(ServiceError::Invalid(days_rule())),
    }
}

/// The session request a link keeps, as it was given.
fn session_request(row: &SetupLinkRow) -> SessionRequest {
    SessionRequest {
        workspace_name: Some(row.workspace_name.clone()),
        external_id: Some(row.external_id.clone()),
        origin: Some(row.origin.clone()),
        integration_type: Some(row.integration_type.clone()),
        state: row.state.clone(),
        locale: row.locale.clone(),
        coexistence: row.coexistence.map(|c| c != 0),
        return_url: row.return_url.clone(),
        prefill: row
            .prefill
            .as_deref()
            .map(|stored| Prefill::from_stored(stored).to_value()),
        add_number_on_page: (row.number_on_page != 0).then_some(true),
    }
}

/// Makes a link (checked by every session rule) and revokes the workspace's other open
/// links of the same integration.
#[tracing::instrument(skip_all, fields(vendor_id = %key.vendor_id))]
pub async fn create(
    db: &db::Db,
    key: &VendorKey,
    request: &SetupLinkRequest,
) -> Result<SetupLinkView, ServiceError> {
    let days = lifetime_days(request.expires_in_days)?;
    let integration = new_session::check(db, key, &request.session).await?;
    let session = &request.session;
    let token = SetupLinkToken::generate();
    let created_at = db::now_ms();
    let row = SetupLinkRow {
        id: db::new_id("stl"),
        vendor_id: key.vendor_id.clone(),
        api_key_id: key.key_id.clone(),
        mode: key.mode.as_str().to_owned(),
        integration_type: integration.as_str().to_owned(),
        external_id: session.external_id.clone().unwrap_or_default(),
        workspace_name: session.workspace_name.clone().unwrap_or_default(),
        origin: session.origin.clone().unwrap_or_default(),
        state: session.state.clone(),
        locale: session.locale.clone(),
        coexistence: session.coexistence.map(i64::from),
        return_url: session.return_url.clone(),
        prefill: match &session.prefill {
            Some(value) => Some(Prefill::parse(value)?.to_json()),
            None => None,
        },
        number_on_page: i64::from(session.add_number_on_page == Some(true)),
        created_at,
        expires_at: created_at + days * DAY_MS,
        revoked_at: None,
        completed_at: None,
        completed_session_id: None,
        opened_count: 0,
        last_opened_at: None,
    };
    let link = NewSetupLink {
        row: &row,
        token_hash: &token.hash(),
    };
    db::setup_links::create_replacing(db, link).await?;
    let mut answer = view(row, created_at);
    answer.url = Some(link_path(&token));
    Ok(answer)
}

fn not_found() -> ServiceError {
    ServiceError::NotFound("No setup link with this id for this API key".into())
}

/// One of the key's links, with the result of the session that completed it.
pub async fn find(db: &db::Db, key: &VendorKey, id: &str) -> Result<SetupLinkView, ServiceError> {
    let well_formed = id.len() <= 64
        && id.starts_with("stl_")
        && id[4..].bytes().all(|b| b.is_ascii_alphanumeric());
    if !well_formed {
        return Err(not_found());
    }
    let row = db::setup_links::of_vendor(db, &key.vendor_id, key.mode, id)
        .await?
        .ok_or_else(not_found)?;
    let mut answer = view(row, db::now_ms());
    if let Some(session_id) = &answer.session_id {
        answer.result = session_outcome::find(db, key, session_id)
            .await
            .ok()
            .and_then(|outcome| outcome.result);
    }
    Ok(answer)
}

/// The key's links (its vendor's, in its mode), newest first.
pub async fn list(db: &db::Db, key: &VendorKey) -> Result<Vec<SetupLinkView>, ServiceError> {
    let now = db::now_ms();
    let rows = db::setup_links::list(db, &key.vendor_id, key.mode, LIST_LIMIT).await?;
    Ok(rows.into_iter().map(|row| view(row, now)).collect())
}

/// Revokes a link: it opens no more sessions (sessions already open go on). A link that
/// completed, expired or was revoked stays as it is.
pub async fn revoke(db: &db::Db, key: &VendorKey, id: &str) -> Result<SetupLinkView, ServiceError> {
    let link = find(db, key, id).await?;
    db::setup_links::revoke(db, &link.setup_link_id).await?;
    find(db, key, id).await
}

/// Where opening a link sends the browser: a fresh session's page; for a link that
/// completed, the completed session's page (which says so and offers the way back);
/// for anything else, the connect page of an unknown session, which says the link is
/// not valid and to go back to the vendor.
pub async fn open(db: &db::Db, raw_token: &str) -> Result<String, ServiceError> {
    let closed = IntegrationType::WhatsApp.session_page("");
    let Ok(token) = SetupLinkToken::parse(raw_token) else {
        return Ok(closed);
    };
    let Some(row) = db::setup_links::by_token(db, &token.hash()).await? else {
        return Ok(closed);
    };
    let integration = IntegrationType::parse(&row.integration_type)?;
    let now = db::now_ms();
    match status(&row, now) {
        SetupLinkStatus::Active => {}
        SetupLinkStatus::Completed => {
            let session = row.completed_session_id.as_deref().unwrap_or_default();
            return Ok(integration.session_page(session));
        }
        SetupLinkStatus::Revoked | SetupLinkStatus::Expired => {
            return Ok(integration.session_page(""))
        }
    }
    let key = VendorKey {
        key_id: row.api_key_id.clone(),
        vendor_id: row.vendor_id.clone(),
        mode: Mode::parse(&row.mode)?,
        rate_limit_per_minute: None,
    };
    let created =
        match new_session::create_for_link(db, &key, &session_request(&row), &row.id).await {
            Ok(created) => created,
            // The vendor removed the origin or the return URL the link was made with.
            Err(ServiceError::Invalid(why)) => {
                tracing::warn!(setup_link = %row.id, %why, "a setup link could not open a session");
                return Ok(integration.session_page(""));
            }
            Err(other) => return Err(other),
        };
    db::setup_links::record_opened(db, &row.id).await?;
    Ok(created.connect_url)
}
