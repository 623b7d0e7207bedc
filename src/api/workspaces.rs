//! `GET /api/vendor/workspaces/{externalId}`: a thin adapter over `services::vendors::workspace_status`.

use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
    Json,
};

use super::ApiError;
use crate::{db::Db, services::vendors};

#[tracing::instrument(skip_all)]
pub async fn show(
    State(db): State<Db>,
    headers: HeaderMap,
    Path(external_id): Path<String>,
) -> Result<Response, ApiError> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or(""));
    let key = vendors::api_auth::authenticate(&db, authorization).await?;
    let status = vendors::workspace_status::find(&db, &key, &external_id).await?;
    let mut response = Json(status).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
