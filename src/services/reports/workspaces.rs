//! A vendor's workspaces and their connections, as staff see them (never a token).

use super::fetch_page;
use crate::{
    db::{
        self,
        workspace_reports::{PageLine, WorkspaceLine},
    },
    model::{
        admin::{
            HistoryRow, MetaEventRow, MetaEventsView, NumberRow, PageRow, SyncRow, WhatsAppRow,
            WorkspaceDetailView, WorkspaceListView, WorkspaceRow,
        },
        Named,
    },
    services::{
        time_text::utc_minute,
        vendors::{require_vendor, workspace_status},
        ServiceError,
    },
};

pub const WORKSPACES_PER_PAGE: i64 = 50;

fn workspace_row(line: WorkspaceLine, pages: &[PageLine]) -> WorkspaceRow {
    WorkspaceRow {
        whatsapp: line
            .waba_id
            .zip(line.whatsapp_status)
            .map(|(waba_id, status)| WhatsAppRow {
                waba_id,
                phone_number_id: line.phone_number_id,
                connected: line
                    .whatsapp_connected_at
                    .map(utc_minute)
                    .unwrap_or_default(),
                status,
                status_reason: line.whatsapp_status_reason.clone(),
                quality_rating: line.quality_rating.clone(),
                display_name: line
                    .display_name
                    .clone()
                    .zip(line.display_name_status.clone())
                    .map(|(name, decision)| format!("{name} ({decision})")),
                coexistence: line.whatsapp_coexistence == Some(1),
            }),
        pages: pages
            .iter()
            .filter(|p| p.workspace_id == line.id)
            .map(|p| PageRow {
                id: p.page_id.clone(),
                name: p.name.clone(),
                category: p.category.clone(),
                connected: utc_minute(p.connected_at),
                status: p.status,
                status_reason: p.status_reason.clone(),
            })
            .collect(),
        external_id: line.external_id,
        account_id: line.account_id,
        name: line.name,
        mode: line.mode,
        created: utc_minute(line.created_at),
    }
}

/// One page of a vendor's workspaces with their connections.
pub async fn workspaces(
    db: &db::Db,
    vendor_id: &str,
    search: Option<&str>,
    page: u32,
) -> Result<WorkspaceListView, ServiceError> {
    let vendor = require_vendor(db, vendor_id).await?;
    let search = search.map(str::trim).unwrap_or_default();
    let filter = (!search.is_empty()).then_some(search);
    let listed = fetch_page(page, WORKSPACES_PER_PAGE, |offset| {
        db::workspace_reports::page(db, vendor_id, filter, offset, WORKSPACES_PER_PAGE)
    })
    .await?;
    let ids: Vec<String> = listed.rows.iter().map(|l| l.id.clone()).collect();
    let page_lines = db::workspace_reports::pages_of(db, &ids).await?;
    Ok(WorkspaceListView {
        vendor_id: vendor.id,
        vendor_name: vendor.name,
        workspaces: listed
            .rows
            .into_iter()
            .map(|l| workspace_row(l, &page_lines))
            .collect(),
        total: listed.total,
        page: listed.page,
        pages: listed.pages,
        search: search.to_owned(),
    })
}

/// How many history lines and Meta events a workspace's page shows.
const DETAIL_LINES: i64 = 100;

fn meta_event_row(line: db::meta_events::MetaEventLine) -> MetaEventRow {
    MetaEventRow {
        id: line.id,
        received: utc_minute(line.received_at),
        field: line.field,
        event: line.event,
        waba_id: line.waba_id,
        outcome: line.outcome,
    }
}

/// The workspace's WhatsApp numbers (the first, then those added) with their readiness,
/// as the vendor API reads them.
async fn numbers(db: &db::Db, line: &WorkspaceLine) -> Result<Vec<NumberRow>, ServiceError> {
    let numbers = workspace_status::numbers_of(db, line).await?;
    Ok(numbers
        .into_iter()
        .map(|n| NumberRow {
            can_send: n.readiness.as_ref().map(|r| r.can_send.as_str().to_owned()),
            blockers: n
                .readiness
                .as_ref()
                .map(|r| {
                    r.blockers
                        .iter()
                        .map(|b| b.code.as_str().to_owned())
                        .collect()
                })
                .unwrap_or_default(),
            registration: n.readiness.map(|r| r.registration).filter(|r| r != "done"),
            phone_number_id: n.phone_number_id,
            waba_id: n.waba_id,
            display: n.display_phone_number,
            status: n.status,
        })
        .collect())
}

/// One workspace of a vendor by its account_id, with its history and Meta's events.
pub async fn workspace(
    db: &db::Db,
    vendor_id: &str,
    account_id: &str,
) -> Result<WorkspaceDetailView, ServiceError> {
    let vendor = require_vendor(db, vendor_id).await?;
    let not_found = || ServiceError::NotFound(format!("no workspace {account_id} for this vendor"));
    let line = db::workspace_reports::find_by_account(db, vendor_id, account_id)
        .await?
        .ok_or_else(not_found)?;
    let pages = db::workspace_reports::pages_of(db, std::slice::from_ref(&line.id)).await?;
    let history = db::connection_state::history_of(db, &line.id, DETAIL_LINES)
        .await?
        .into_iter()
        .map(|h| HistoryRow {
            at: utc_minute(h.occurred_at),
            kind: h.kind,
            subject_id: h.subject_id,
            status: h.status,
            reason: h.reason,
            source: h.source,
        })
        .collect();
    let meta_events = db::meta_events::of_workspace(db, &line.id, DETAIL_LINES)
        .await?
        .into_iter()
        .map(meta_event_row)
        .collect();
    let syncs = db::coexistence_syncs::of_workspace(db, &line.id)
        .await?
        .into_iter()
        .map(|s| SyncRow {
            sync: s.kind,
            status: s.state,
            progress: match (s.phase, s.progress) {
                (Some(phase), Some(progress)) => Some(format!("phase {phase} · {progress}%")),
                _ => None,
            },
            items: s.items,
            error_code: s.error_code,
            updated: utc_minute(s.updated_at),
        })
        .collect();
    let numbers = numbers(db, &line).await?;
    Ok(WorkspaceDetailView {
        numbers,
        vendor_id: vendor.id,
        vendor_name: vendor.name,
        workspace: workspace_row(line, &pages),
        history,
        meta_events,
        syncs,
    })
}

/// Meta's latest changes, and the WABAs shared with the app for no connection.
pub async fn meta_events(db: &db::Db) -> Result<MetaEventsView, ServiceError> {
    let unclaimed = db::meta_events::unclaimed_wabas(db, DETAIL_LINES).await?;
    let recent = db::meta_events::recent(db, DETAIL_LINES).await?;
    Ok(MetaEventsView {
        unclaimed: unclaimed.into_iter().map(meta_event_row).collect(),
        recent: recent.into_iter().map(meta_event_row).collect(),
    })
}
