//! `GET /api/vendor/workspaces/{externalId}`: a thin adapter over
//! `services::vendors::workspace_status`.

use axum::{
    extract::{Path, State},
    Json,
};

use super::ApiError;
use crate::{
    db::Db,
    services::vendors::{
        api_auth::VendorKey,
        workspace_status::{self, WorkspaceStatus},
    },
};

#[tracing::instrument(skip_all)]
pub async fn show(
    State(db): State<Db>,
    key: VendorKey,
    Path(external_id): Path<String>,
) -> Result<Json<WorkspaceStatus>, ApiError> {
    Ok(Json(workspace_status::find(&db, &key, &external_id).await?))
}
