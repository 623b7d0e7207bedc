//! `POST /api/vendor/test/workspaces/{externalId}/events`: a thin adapter over
//! `services::lifecycle::test_events`.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, State},
    http::{HeaderMap, StatusCode},
    Json,
};
use tokio::sync::Notify;

use super::{json_body, ApiError};
use crate::{
    db::Db,
    meta::context::MetaContexts,
    services::{
        lifecycle::test_events::{self, QueuedTestEvent, TestEventRequest},
        vendors::api_auth::VendorKey,
    },
};

#[tracing::instrument(skip_all)]
pub async fn send(
    State(db): State<Db>,
    State(metas): State<Arc<MetaContexts>>,
    State(wake): State<Arc<Notify>>,
    key: VendorKey,
    Path(external_id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<QueuedTestEvent>), ApiError> {
    let mut fields = json_body::object(&headers, body)?;
    let request = TestEventRequest {
        field: json_body::optional_string(&mut fields, "field")?,
        event: json_body::optional_string(&mut fields, "event")?,
        ban_state: json_body::optional_string(&mut fields, "ban_state")?,
    };
    if let Some(unknown) = fields.keys().next() {
        return Err(ApiError::bad_request(format!(
            "Unknown field `{unknown}`: the body takes `field`, `event` and `ban_state`"
        )));
    }
    let queued = test_events::send(&db, metas.keyring(), &key, &external_id, &request).await?;
    wake.notify_one();
    Ok((StatusCode::ACCEPTED, Json(queued)))
}
