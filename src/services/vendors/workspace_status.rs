//! What a vendor's server reads to confirm a connection: its own workspace of the key's
//! mode, with the connected WhatsApp account and pages. Never a token.

use serde::Serialize;

use super::api_auth::VendorKey;
use crate::services::{time_text::rfc3339, ServiceError};
use crate::{db, domain::ExternalId};

/// The answer of `GET /api/vendor/workspaces/{externalId}`.
#[derive(Debug, Serialize)]
pub struct WorkspaceStatus {
    pub account_id: String,
    #[serde(rename = "externalId")]
    pub external_id: String,
    #[serde(rename = "workspaceName")]
    pub workspace_name: String,
    /// `false` for the workspaces of test keys.
    pub livemode: bool,
    pub whatsapp: Option<WhatsAppStatus>,
    pub pages: Vec<PageStatus>,
}

#[derive(Debug, Serialize)]
pub struct WhatsAppStatus {
    pub waba_id: String,
    pub phone_number_id: Option<String>,
    pub connected_at: String,
}

#[derive(Debug, Serialize)]
pub struct PageStatus {
    pub id: String,
    pub name: String,
    pub category: String,
    pub connected_at: String,
}

/// The key's vendor's workspace for `external_id` in the key's mode.
pub async fn find(
    db: &db::Db,
    key: &VendorKey,
    external_id: &str,
) -> Result<WorkspaceStatus, ServiceError> {
    let external_id = ExternalId::parse(external_id)?;
    let line = db::workspace_reports::find(db, &key.vendor_id, key.mode, external_id.as_str())
        .await?
        .ok_or_else(|| {
            ServiceError::NotFound("No workspace with this externalId for this key".into())
        })?;
    let pages = db::workspace_reports::pages_of(db, std::slice::from_ref(&line.id)).await?;
    Ok(WorkspaceStatus {
        livemode: line.mode.is_live(),
        // A WABA whose number is not registered yet is not a connection for the vendor.
        whatsapp: line
            .waba_id
            .filter(|_| line.whatsapp_status.as_deref() == Some("active"))
            .map(|waba_id| WhatsAppStatus {
                waba_id,
                phone_number_id: line.phone_number_id,
                connected_at: line.whatsapp_connected_at.map(rfc3339).unwrap_or_default(),
            }),
        pages: pages
            .into_iter()
            .map(|p| PageStatus {
                id: p.page_id,
                name: p.name,
                category: p.category,
                connected_at: rfc3339(p.connected_at),
            })
            .collect(),
        account_id: line.account_id,
        external_id: line.external_id,
        workspace_name: line.name,
    })
}
