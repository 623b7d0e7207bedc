//! Read-only views: a vendor's workspaces and the audit log.

use leptos::prelude::*;

use crate::model::admin::{AdminError, AuditListView, WorkspaceListView};

/// One page of a vendor's workspaces and their connections, searched by externalId or
/// account_id.
#[server(prefix = "/api/admin", endpoint = "workspaces/list")]
pub async fn list_workspaces(
    vendor_id: String,
    search: Option<String>,
    page: u32,
) -> Result<WorkspaceListView, AdminError> {
    use super::caller::{from_service, Caller, Need};
    use crate::services::reports;

    let caller = Caller::current()?;
    let result = async {
        caller.staff(Need::Read).await?;
        reports::workspaces::workspaces(&caller.state.db, &vendor_id, search.as_deref(), page)
            .await
            .map_err(from_service)
    }
    .await;
    caller.read(result)
}

/// One page of the audit log, newest first, filtered.
#[server(prefix = "/api/admin", endpoint = "audit/list")]
pub async fn list_audit(
    actor: Option<String>,
    action: Option<String>,
    vendor_id: Option<String>,
    days: Option<u32>,
    before: Option<String>,
) -> Result<AuditListView, AdminError> {
    use super::caller::{from_service, Caller, Need};
    use crate::services::reports::audit::{self, AuditQuery};

    let caller = Caller::current()?;
    let result = async {
        caller.staff(Need::Read).await?;
        let query = AuditQuery {
            actor,
            action,
            vendor_id,
            days,
            before,
        };
        audit::audit(&caller.state.db, query)
            .await
            .map_err(from_service)
    }
    .await;
    caller.read(result)
}
