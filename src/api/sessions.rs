//! `POST /api/vendor/sessions`: a thin adapter over `services::connect::new_session`.

use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;

use super::{json_body, ApiError};
use crate::{
    db::Db,
    services::{
        connect::new_session::{create_session, SessionRequest},
        vendors,
    },
};

#[derive(Serialize)]
struct SessionCreated {
    session_token: String,
    connect_url: String,
}

#[tracing::instrument(skip_all)]
pub async fn create(
    State(db): State<Db>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .map(|v| v.to_str().unwrap_or(""));
    let key = vendors::api_auth::authenticate(&db, authorization).await?;
    let mut fields = json_body::object(&headers, body)?;
    let request = SessionRequest {
        workspace_name: json_body::optional_string(&mut fields, "workspaceName")?,
        external_id: json_body::optional_string(&mut fields, "externalId")?,
        origin: json_body::optional_string(&mut fields, "origin")?,
        integration_type: json_body::optional_string(&mut fields, "integrationType")?,
        state: json_body::optional_string(&mut fields, "state")?,
    };
    let created = create_session(&db, &key, &request).await?;
    let mut response = Json(SessionCreated {
        session_token: created.token.expose().to_owned(),
        connect_url: created.connect_url,
    })
    .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}
