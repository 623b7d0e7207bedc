//! The workspace endpoints of the vendor API: thin adapters over
//! `services::vendors::workspace_status` (reading) and `services::lifecycle::vendor_actions`
//! (disconnecting and erasing).

use std::sync::Arc;

use axum::{
    extract::{rejection::QueryRejection, Path, Query, State},
    http::StatusCode,
    Json,
};

use super::ApiError;
use crate::{
    db::Db,
    meta::context::MetaContexts,
    services::{
        lifecycle::vendor_actions,
        vendors::{
            api_auth::VendorKey,
            workspace_status::{self, ListQuery, WorkspaceList, WorkspaceStatus},
        },
    },
};

/// `GET /api/vendor/workspaces/{externalId}`.
#[tracing::instrument(skip_all)]
pub async fn show(
    State(db): State<Db>,
    key: VendorKey,
    Path(external_id): Path<String>,
) -> Result<Json<WorkspaceStatus>, ApiError> {
    Ok(Json(workspace_status::find(&db, &key, &external_id).await?))
}

/// `GET /api/vendor/workspaces?status=&limit=&cursor=`.
#[tracing::instrument(skip_all)]
pub async fn list(
    State(db): State<Db>,
    key: VendorKey,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<WorkspaceList>, ApiError> {
    let Query(query) = query.map_err(|_| {
        ApiError::bad_request("The query takes `status`, `limit` and `cursor` only, each once")
    })?;
    Ok(Json(workspace_status::list(&db, &key, &query).await?))
}

/// `DELETE /api/vendor/workspaces/{externalId}/whatsapp`: the workspace as it now is.
#[tracing::instrument(skip_all)]
pub async fn disconnect_whatsapp(
    State(db): State<Db>,
    State(metas): State<Arc<MetaContexts>>,
    key: VendorKey,
    Path(external_id): Path<String>,
) -> Result<Json<WorkspaceStatus>, ApiError> {
    vendor_actions::disconnect_whatsapp(&db, &metas, &key, &external_id).await?;
    Ok(Json(workspace_status::find(&db, &key, &external_id).await?))
}

/// `DELETE /api/vendor/workspaces/{externalId}/whatsapp/numbers/{phoneNumberId}`: the
/// workspace as it now is.
#[tracing::instrument(skip_all)]
pub async fn disconnect_number(
    State(db): State<Db>,
    State(metas): State<Arc<MetaContexts>>,
    key: VendorKey,
    Path((external_id, phone_number_id)): Path<(String, String)>,
) -> Result<Json<WorkspaceStatus>, ApiError> {
    vendor_actions::disconnect_number(&db, &metas, &key, &external_id, &phone_number_id).await?;
    Ok(Json(workspace_status::find(&db, &key, &external_id).await?))
}

/// `DELETE /api/vendor/workspaces/{externalId}/pages/{pageId}`: the workspace as it now is.
#[tracing::instrument(skip_all)]
pub async fn disconnect_page(
    State(db): State<Db>,
    State(metas): State<Arc<MetaContexts>>,
    key: VendorKey,
    Path((external_id, page_id)): Path<(String, String)>,
) -> Result<Json<WorkspaceStatus>, ApiError> {
    vendor_actions::disconnect_page(&db, &metas, &key, &external_id, &page_id).await?;
    Ok(Json(workspace_status::find(&db, &key, &external_id).await?))
}

/// `DELETE /api/vendor/workspaces/{externalId}`: `204` once erased.
#[tracing::instrument(skip_all)]
pub async fn erase(
    State(db): State<Db>,
    State(metas): State<Arc<MetaContexts>>,
    key: VendorKey,
    Path(external_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    vendor_actions::erase_workspace(&db, &metas, &key, &external_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
