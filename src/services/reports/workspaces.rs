//! A vendor's workspaces and their connections, as staff see them (never a token).

use super::fetch_page;
use crate::{
    db::{
        self,
        workspace_reports::{PageLine, WorkspaceLine},
    },
    model::admin::{PageRow, WhatsAppRow, WorkspaceListView, WorkspaceRow},
    services::{time_text::utc_minute, vendors::require_vendor, ServiceError},
};

pub const WORKSPACES_PER_PAGE: i64 = 50;

fn workspace_row(line: WorkspaceLine, pages: &[PageLine]) -> WorkspaceRow {
    WorkspaceRow {
        whatsapp: line.waba_id.map(|waba_id| WhatsAppRow {
            waba_id,
            phone_number_id: line.phone_number_id,
            connected: line
                .whatsapp_connected_at
                .map(utc_minute)
                .unwrap_or_default(),
            status: line.whatsapp_status.clone().unwrap_or_default(),
        }),
        pages: pages
            .iter()
            .filter(|p| p.workspace_id == line.id)
            .map(|p| PageRow {
                id: p.page_id.clone(),
                name: p.name.clone(),
                category: p.category.clone(),
                connected: utc_minute(p.connected_at),
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
