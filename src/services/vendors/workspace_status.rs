//! What a vendor's server reads of its workspaces: one by its externalId, or the key's
//! workspaces newest first, each with its WhatsApp account and pages and where each
//! connection stands. Never a token.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde::{Deserialize, Serialize};

use super::api_auth::VendorKey;
use crate::services::{readiness::ReadinessView, time_text::rfc3339, ServiceError};
use crate::{
    db::{
        self,
        coexistence_syncs::Sync,
        number_readiness::NumberRow,
        whatsapp_numbers::NumberLine,
        workspace_reports::{After, PageLine, WorkspaceLine},
    },
    domain::ExternalId,
    model::{
        coexistence::{SyncKind, SyncState},
        ConnectionStatus, Named,
    },
};

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
    /// `active`, `needs_phone_number`, `needs_registration`, `disconnected`,
    /// `restricted` or `token_invalid`.
    pub status: ConnectionStatus,
    /// Why it is in that state (`app_uninstalled`, `token_invalid`, ...); `null` while
    /// it is as the connect left it.
    pub status_reason: Option<String>,
    pub status_at: Option<String>,
    /// The number's quality rating as Meta last reported it.
    pub quality_rating: Option<String>,
    /// The display name Meta last decided on.
    pub display_name: Option<DisplayName>,
    /// Whether the number can send, and what stands in the way; `null` for a
    /// connection without a number, or made before readiness was read.
    pub readiness: Option<ReadinessView>,
    /// Every number of the connection, the first (the fields above) first, then those
    /// later sessions added, oldest first.
    pub numbers: Vec<NumberStatus>,
    /// The number stays on the WhatsApp Business app (coexistence).
    pub coexistence: bool,
    /// A coexistence number's one-time syncs of the app's contacts and chat history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub syncs: Option<Vec<SyncStatus>>,
}

/// One WhatsApp number of a workspace.
#[derive(Debug, Serialize)]
pub struct NumberStatus {
    pub phone_number_id: String,
    pub waba_id: String,
    /// How Meta displays it; `null` for numbers connected before it was kept.
    pub display_phone_number: Option<String>,
    pub status: ConnectionStatus,
    pub status_reason: Option<String>,
    pub connected_at: String,
    pub readiness: Option<ReadinessView>,
}

/// What the workspace's numbers are made of: its first, and the ones added.
struct Numbers<'a> {
    added: Vec<NumberLine>,
    /// Readiness rows, of this workspace or of several (each is matched by both ids).
    readiness: &'a [NumberRow],
}

impl Numbers<'_> {
    fn readiness_of(&self, workspace_id: &str, phone: &str) -> Option<ReadinessView> {
        self.readiness
            .iter()
            .find(|r| r.workspace_id == workspace_id && r.phone_number_id == phone)
            .map(ReadinessView::of)
    }
}

/// Every WhatsApp number of the workspace: its first (from its row), then the added
/// ones, oldest first, each with its readiness.
fn number_statuses(line: &WorkspaceLine, numbers: &Numbers<'_>) -> Vec<NumberStatus> {
    let (Some(waba_id), Some(status)) = (&line.waba_id, line.whatsapp_status) else {
        return Vec::new();
    };
    let first = line.phone_number_id.as_ref().map(|phone| NumberStatus {
        readiness: numbers.readiness_of(&line.id, phone),
        phone_number_id: phone.clone(),
        waba_id: waba_id.clone(),
        display_phone_number: line.display_phone_number.clone(),
        status,
        status_reason: line.whatsapp_status_reason.clone(),
        connected_at: line.whatsapp_connected_at.map(rfc3339).unwrap_or_default(),
    });
    let added = numbers.added.iter().map(|n| NumberStatus {
        readiness: numbers.readiness_of(&line.id, &n.phone_number_id),
        phone_number_id: n.phone_number_id.clone(),
        waba_id: n.waba_id.clone(),
        display_phone_number: n.display_phone_number.clone(),
        status: n.status,
        status_reason: n.status_reason.clone(),
        connected_at: rfc3339(n.connected_at),
    });
    first.into_iter().chain(added).collect()
}

/// The workspace's WhatsApp numbers, read for one workspace.
pub async fn numbers_of(
    db: &db::Db,
    line: &WorkspaceLine,
) -> Result<Vec<NumberStatus>, sqlx::Error> {
    let ids = std::slice::from_ref(&line.id);
    let readiness = db::number_readiness::of_workspaces(db, ids).await?;
    let added = db::whatsapp_numbers::of_workspaces(db, ids).await?;
    let numbers = Numbers {
        added,
        readiness: &readiness,
    };
    Ok(number_statuses(line, &numbers))
}

/// Where one sync of a WhatsApp Business app number stands.
#[derive(Debug, Serialize)]
pub struct SyncStatus {
    /// `contacts` or `history`.
    pub sync: SyncKind,
    pub status: SyncState,
    /// History only: the phase Meta reached (0 to 2) and its progress (0 to 100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<i64>,
    /// Contacts or messages passed on to the vendor's webhook so far.
    pub items: i64,
    /// Meta's error code, when Meta refused or the customer declined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    pub updated_at: String,
}

fn sync_status(sync: Sync) -> SyncStatus {
    SyncStatus {
        sync: sync.kind,
        status: sync.state,
        phase: sync.phase,
        progress: sync.progress,
        items: sync.items,
        error_code: sync.error_code,
        updated_at: rfc3339(sync.updated_at),
    }
}

#[derive(Debug, Serialize)]
pub struct DisplayName {
    pub name: String,
    /// `approved`, `rejected` or `deferred`.
    pub status: String,
}

#[derive(Debug, Serialize)]
pub struct PageStatus {
    pub id: String,
    pub name: String,
    pub category: String,
    pub connected_at: String,
    pub status: ConnectionStatus,
    pub status_reason: Option<String>,
    pub status_at: Option<String>,
}

fn page_status(p: PageLine) -> PageStatus {
    PageStatus {
        id: p.page_id,
        name: p.name,
        category: p.category,
        connected_at: rfc3339(p.connected_at),
        status: p.status,
        status_reason: p.status_reason,
        status_at: p.status_at.map(rfc3339),
    }
}

fn workspace_status(
    line: WorkspaceLine,
    pages: Vec<PageLine>,
    syncs: Vec<Sync>,
    all: Vec<NumberStatus>,
) -> WorkspaceStatus {
    let coexistence = line.whatsapp_coexistence == Some(1);
    let whatsapp = match (line.waba_id, line.whatsapp_status) {
        (Some(waba_id), Some(status)) => {
            let first = line.phone_number_id.as_ref().and_then(|_| all.first());
            Some(WhatsAppStatus {
                coexistence,
                syncs: coexistence.then(|| syncs.into_iter().map(sync_status).collect()),
                readiness: first.and_then(|n| n.readiness.clone()),
                numbers: all,
                waba_id,
                phone_number_id: line.phone_number_id,
                connected_at: line.whatsapp_connected_at.map(rfc3339).unwrap_or_default(),
                status,
                status_reason: line.whatsapp_status_reason,
                status_at: line.whatsapp_status_at.map(rfc3339),
                quality_rating: line.quality_rating,
                display_name: line
                    .display_name
                    .zip(line.display_name_status)
                    .map(|(name, status)| DisplayName { name, status }),
            })
        }
        _ => None,
    };
    WorkspaceStatus {
        livemode: line.mode.is_live(),
        whatsapp,
        pages: pages.into_iter().map(page_status).collect(),
        account_id: line.account_id,
        external_id: line.external_id,
        workspace_name: line.name,
    }
}

/// The key's vendor's workspace row for `external_id` in the key's mode, or `NotFound`.
pub async fn line_of(
    db: &db::Db,
    key: &VendorKey,
    external_id: &str,
) -> Result<WorkspaceLine, ServiceError> {
    let external_id = ExternalId::parse(external_id)?;
    db::workspace_reports::find(db, &key.vendor_id, key.mode, external_id.as_str())
        .await?
        .ok_or_else(|| {
            ServiceError::NotFound("No workspace with this externalId for this key".into())
        })
}

/// The key's vendor's workspace for `external_id` in the key's mode.
pub async fn find(
    db: &db::Db,
    key: &VendorKey,
    external_id: &str,
) -> Result<WorkspaceStatus, ServiceError> {
    let line = line_of(db, key, external_id).await?;
    let ids = std::slice::from_ref(&line.id);
    let pages = db::workspace_reports::pages_of(db, ids).await?;
    let syncs = db::coexistence_syncs::of_workspaces(db, ids).await?;
    let numbers = numbers_of(db, &line).await?;
    Ok(workspace_status(line, pages, syncs, numbers))
}

/// The query of `GET /api/vendor/workspaces`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub status: Option<String>,
    pub limit: Option<String>,
    pub cursor: Option<String>,
}

/// A page of the key's workspaces; `next_cursor` fetches the next one.
#[derive(Debug, Serialize)]
pub struct WorkspaceList {
    pub data: Vec<WorkspaceStatus>,
    pub next_cursor: Option<String>,
}

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

fn encode_cursor(after: &After) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}.{}", after.created_at, after.id))
}

fn decode_cursor(raw: &str) -> Result<After, ServiceError> {
    let invalid = || ServiceError::Invalid("`cursor` is not a cursor this API gave".into());
    let text = URL_SAFE_NO_PAD
        .decode(raw)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(invalid)?;
    let (at, id) = text.split_once('.').ok_or_else(invalid)?;
    let created_at = at.parse::<i64>().map_err(|_| invalid())?;
    let id_ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !id_ok || created_at < 0 {
        return Err(invalid());
    }
    Ok(After {
        created_at,
        id: id.to_owned(),
    })
}

fn parse_limit(raw: Option<&str>) -> Result<i64, ServiceError> {
    let Some(raw) = raw else {
        return Ok(DEFAULT_LIMIT);
    };
    raw.parse::<i64>()
        .ok()
        .filter(|n| (1..=MAX_LIMIT).contains(n))
        .ok_or_else(|| {
            ServiceError::Invalid(format!(
                "`limit` must be a whole number from 1 to {MAX_LIMIT}"
            ))
        })
}

/// The key's workspaces, newest first.
pub async fn list(
    db: &db::Db,
    key: &VendorKey,
    query: &ListQuery,
) -> Result<WorkspaceList, ServiceError> {
    let status = query
        .status
        .as_deref()
        .map(ConnectionStatus::parse)
        .transpose()?;
    let limit = parse_limit(query.limit.as_deref())?;
    let after = query.cursor.as_deref().map(decode_cursor).transpose()?;
    let mut lines = db::workspace_reports::list(
        db,
        &key.vendor_id,
        key.mode,
        status.map(ConnectionStatus::as_str),
        after.as_ref(),
        limit + 1,
    )
    .await?;
    let more = lines.len() as i64 > limit;
    lines.truncate(limit as usize);
    let next_cursor = more.then(|| lines.last()).flatten().map(|last| {
        encode_cursor(&After {
            created_at: last.created_at,
            id: last.id.clone(),
        })
    });
    let ids: Vec<String> = lines.iter().map(|l| l.id.clone()).collect();
    let mut pages = db::workspace_reports::pages_of(db, &ids).await?;
    let mut syncs = db::coexistence_syncs::of_workspaces(db, &ids).await?;
    let readiness = db::number_readiness::of_workspaces(db, &ids).await?;
    let mut added = db::whatsapp_numbers::of_workspaces(db, &ids).await?;
    let data = lines
        .into_iter()
        .map(|line| {
            let (own, rest): (Vec<PageLine>, Vec<PageLine>) =
                pages.drain(..).partition(|p| p.workspace_id == line.id);
            pages = rest;
            let (own_syncs, rest): (Vec<Sync>, Vec<Sync>) =
                syncs.drain(..).partition(|s| s.workspace_id == line.id);
            syncs = rest;
            let (own_added, rest): (Vec<NumberLine>, Vec<NumberLine>) =
                added.drain(..).partition(|n| n.workspace_id == line.id);
            added = rest;
            let numbers = Numbers {
                added: own_added,
                readiness: &readiness,
            };
            let numbers = number_statuses(&line, &numbers);
            workspace_status(line, own, own_syncs, numbers)
        })
        .collect();
    Ok(WorkspaceList { data, next_cursor })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_forgeries() {
        let after = After {
            created_at: 1_764_000_000_000,
            id: "ws_00ff".into(),
        };
        assert_eq!(decode_cursor(&encode_cursor(&after)).unwrap(), after);
        for bad in [
            "",
            "!!",
            "bm90LWEtY3Vyc29y",
            &URL_SAFE_NO_PAD.encode("1.a b"),
            &URL_SAFE_NO_PAD.encode("-1.ws"),
        ] {
            assert!(decode_cursor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn limits_are_bounded() {
        assert_eq!(parse_limit(None).unwrap(), DEFAULT_LIMIT);
        assert_eq!(parse_limit(Some("100")).unwrap(), 100);
        for bad in ["0", "101", "-1", "ten", ""] {
            assert!(parse_limit(Some(bad)).is_err(), "{bad}");
        }
    }
}
