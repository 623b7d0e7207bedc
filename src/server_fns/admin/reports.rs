//! Read-only views: a vendor's workspaces and the audit log.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::run;
use crate::model::admin::{
    AdminError, AuditListView, MetaEventsView, WorkspaceDetailView, WorkspaceListView,
};
#[cfg(feature = "ssr")]
use crate::services::reports::{self, audit::AuditQuery};

/// One page of a vendor's workspaces and their connections, searched by externalId or
/// account_id.
#[server(prefix = "/api/admin", endpoint = "workspaces/list")]
pub async fn list_workspaces(
    vendor_id: String,
    search: Option<String>,
    page: u32,
) -> Result<WorkspaceListView, AdminError> {
    run::vendor_read(&vendor_id, async |state| {
        reports::workspaces::workspaces(&state.db, &vendor_id, search.as_deref(), page).await
    })
    .await
}

/// One workspace with its connections' history and the Meta events that applied to it.
#[server(prefix = "/api/admin", endpoint = "workspaces/show")]
pub async fn show_workspace(
    vendor_id: String,
    account_id: String,
) -> Result<WorkspaceDetailView, AdminError> {
    run::vendor_read(&vendor_id, async |state| {
        reports::workspaces::workspace(&state.db, &vendor_id, &account_id).await
    })
    .await
}

/// Meta's latest webhook changes and the WABAs shared for no connection.
#[server(prefix = "/api/admin", endpoint = "meta-events/list")]
pub async fn list_meta_events() -> Result<MetaEventsView, AdminError> {
    run::read(async |state| reports::workspaces::meta_events(&state.db).await).await
}

/// One page of the audit log, newest first, filtered: every entry for staff, their
/// vendor's for a vendor's user.
#[server(prefix = "/api/admin", endpoint = "audit/list")]
pub async fn list_audit(
    actor: Option<String>,
    action: Option<String>,
    vendor_id: Option<String>,
    days: Option<u32>,
    before: Option<String>,
) -> Result<AuditListView, AdminError> {
    use super::caller::{Caller, Principal};

    let caller = Caller::current()?;
    let result = async {
        // A vendor's user reads their own vendor's entries, whatever the form says.
        let (vendor_id, for_vendor_user) = match caller.principal().await? {
            Principal::Staff(_) => (vendor_id, false),
            Principal::VendorUser(user) => (Some(user.vendor_id), true),
        };
        let query = AuditQuery {
            actor,
            action,
            vendor_id,
            days,
            before,
            for_vendor_user,
        };
        Ok(reports::audit::audit(&caller.state.db, query).await?)
    }
    .await;
    caller.read(result)
}
