//! `/api/vendor/setup-links`: thin adapters over `services::connect::setup_links`.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use serde::Serialize;
use serde_json::Value;

use super::{json_body, ApiError};
use crate::{
    config::Settings,
    db::Db,
    services::{
        connect::setup_links::{self, SetupLinkRequest, SetupLinkView},
        vendors::api_auth::VendorKey,
    },
};

/// `expiresInDays`: a whole number (JSON integer), else absent or null.
fn optional_days(fields: &mut serde_json::Map<String, Value>) -> Result<Option<i64>, ApiError> {
    match fields.remove("expiresInDays") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) if n.as_i64().is_some() => Ok(n.as_i64()),
        Some(_) => Err(ApiError::bad_request(setup_links::days_rule())),
    }
}

/// `POST /api/vendor/setup-links`: the session request's fields, and `expiresInDays`.
#[tracing::instrument(skip_all)]
pub async fn create(
    State(db): State<Db>,
    State(settings): State<Arc<Settings>>,
    key: VendorKey,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<SetupLinkView>), ApiError> {
    let mut fields = json_body::object(&headers, body)?;
    let session = super::sessions::session_request(&mut fields, &settings)?;
    let expires_in_days = optional_days(&mut fields)?;
    let request = SetupLinkRequest {
        session,
        expires_in_days,
    };
    let created = setup_links::create(&db, &key, &request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[derive(Serialize)]
pub struct SetupLinkList {
    setup_links: Vec<SetupLinkView>,
}

/// `GET /api/vendor/setup-links`: the key's links, newest first.
#[tracing::instrument(skip_all)]
pub async fn list(State(db): State<Db>, key: VendorKey) -> Result<Json<SetupLinkList>, ApiError> {
    Ok(Json(SetupLinkList {
        setup_links: setup_links::list(&db, &key).await?,
    }))
}

/// `GET /api/vendor/setup-links/{id}`.
#[tracing::instrument(skip_all)]
pub async fn show(
    State(db): State<Db>,
    key: VendorKey,
    Path(id): Path<String>,
) -> Result<Json<SetupLinkView>, ApiError> {
    Ok(Json(setup_links::find(&db, &key, &id).await?))
}

/// `POST /api/vendor/setup-links/{id}/revoke`: answers the link as it now stands.
#[tracing::instrument(skip_all)]
pub async fn revoke(
    State(db): State<Db>,
    key: VendorKey,
    Path(id): Path<String>,
) -> Result<Json<SetupLinkView>, ApiError> {
    Ok(Json(setup_links::revoke(&db, &key, &id).await?))
}
