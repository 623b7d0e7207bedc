//! A session as its vendor reads it back (`GET /api/vendor/sessions/{id}`): where it
//! stands and, once completed, the very message the connect page posted to the
//! vendor's window. With the webhooks, this is the integration of vendors that have no
//! window to post to (mobile apps, links sent by e-mail or chat). Never a token.

use serde::Serialize;
use serde_json::Value;

use crate::{
    db::{self, sessions::SessionRecord},
    model::{connect::PagesConnected, whatsapp::WhatsAppStep, IntegrationType, Named},
    services::{time_text::rfc3339, vendors::api_auth::VendorKey, ServiceError},
};

/// Where a session stands for its vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    /// Created; its connect page not opened yet.
    Created,
    /// Its connect page was opened; the customer may be in Meta's dialog.
    Opened,
    /// The customer connected: `result` holds what the page posted.
    Completed,
    /// Its 10 minutes (and the grace for a completion under way) ended without a
    /// connection.
    Expired,
}

#[derive(Debug, Serialize)]
pub struct SessionOutcome {
    pub session_id: String,
    #[serde(rename = "integrationType")]
    pub integration_type: String,
    #[serde(rename = "externalId")]
    pub external_id: String,
    pub account_id: String,
    pub livemode: bool,
    pub status: SessionStatus,
    pub created_at: String,
    pub expires_at: String,
    pub opened_at: Option<String>,
    pub completed_at: Option<String>,
    /// The message the connect page posted (`type`, the contract's fields, `state`
    /// when the session had one), once completed.
    pub result: Option<Value>,
}

/// The contract's message of a stored result.
pub(crate) fn message(integration: IntegrationType, stored: &str) -> Option<Value> {
    match integration {
        // Stored as the page's last step, `{"Connected": {…}}`.
        IntegrationType::WhatsApp => match serde_json::from_str::<WhatsAppStep>(stored) {
            Ok(WhatsAppStep::Connected(result)) => serde_json::to_value(result.message()).ok(),
            _ => None,
        },
        IntegrationType::MetaPage => serde_json::from_str::<PagesConnected>(stored)
            .ok()
            .and_then(|r| serde_json::to_value(r.message()).ok()),
    }
}

fn outcome(record: SessionRecord, livemode: bool, now: i64) -> SessionOutcome {
    let integration = record.integration_type;
    let status = match (record.consumed_at, record.opened_at) {
        (Some(_), _) => SessionStatus::Completed,
        _ if record.expires_at <= now => SessionStatus::Expired,
        (None, Some(_)) => SessionStatus::Opened,
        (None, None) => SessionStatus::Created,
    };
    let result = match status {
        SessionStatus::Completed => record
            .completed_result
            .as_deref()
            .and_then(|stored| message(integration, stored)),
        _ => None,
    };
    SessionOutcome {
        session_id: record.id,
        integration_type: integration.as_str().to_owned(),
        external_id: record.external_id,
        account_id: record.account_id,
        livemode,
        status,
        created_at: rfc3339(record.created_at),
        expires_at: rfc3339(record.expires_at),
        opened_at: record.opened_at.map(rfc3339),
        completed_at: record.consumed_at.map(rfc3339),
        result,
    }
}

/// The key's own session `session_id` (its vendor and mode only: anything else is not
/// found).
pub async fn find(
    db: &db::Db,
    key: &VendorKey,
    session_id: &str,
) -> Result<SessionOutcome, ServiceError> {
    let not_found = || ServiceError::NotFound("No session with this id for this API key".into());
    let well_formed = session_id.len() <= 64
        && session_id.starts_with("ses_")
        && session_id[4..].bytes().all(|b| b.is_ascii_alphanumeric());
    if !well_formed {
        return Err(not_found());
    }
    let record = db::sessions::of_vendor(db, &key.vendor_id, key.mode, session_id)
        .await?
        .ok_or_else(not_found)?;
    Ok(outcome(record, key.mode.is_live(), db::now_ms()))
}
