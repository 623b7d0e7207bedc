//! `POST /api/vendor/sessions` and `GET /api/vendor/sessions/{id}`: thin adapters over
//! `services::connect::{new_session, session_outcome}`.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{rejection::BytesRejection, Path, State},
    http::HeaderMap,
    Json,
};
use serde::Serialize;

use super::{json_body, ApiError};
use crate::{
    config::Settings,
    db::Db,
    services::{
        connect::{
            new_session::{create_session, SessionRequest},
            session_outcome::{self, SessionOutcome},
        },
        vendors::{api_auth::VendorKey, origins, return_urls},
    },
};

#[derive(Serialize)]
pub struct SessionCreated {
    session_token: String,
    connect_url: String,
    /// What `GET /api/vendor/sessions/{id}` reads the session back by.
    session_id: String,
}

/// A session request's fields (taken out of `fields`), with the deployment's rules for
/// plain-HTTP origins and return URLs; the rest is checked by the service.
pub(super) fn session_request(
    fields: &mut serde_json::Map<String, serde_json::Value>,
    settings: &Settings,
) -> Result<SessionRequest, ApiError> {
    let request = SessionRequest {
        workspace_name: json_body::optional_string(fields, "workspaceName")?,
        external_id: json_body::optional_string(fields, "externalId")?,
        origin: json_body::optional_string(fields, "origin")?,
        integration_type: json_body::optional_string(fields, "integrationType")?,
        state: json_body::optional_string(fields, "state")?,
        locale: json_body::optional_string(fields, "locale")?,
        coexistence: json_body::optional_bool(fields, "coexistence")?,
        return_url: json_body::optional_string(fields, "returnUrl")?,
        prefill: fields.remove("prefill").filter(|v| !v.is_null()),
        add_number_on_page: json_body::optional_bool(fields, "addNumberOnPage")?,
    };
    if let Some(origin) = &request.origin {
        origins::allowed_in(settings.environment, origin)?;
    }
    if let Some(url) = &request.return_url {
        return_urls::parse_in(settings.environment, url)?;
    }
    Ok(request)
}

/// The key is checked (by its extractor) before the body is read.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn create(
    State(db): State<Db>,
    State(settings): State<Arc<Settings>>,
    key: VendorKey,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<SessionCreated>, ApiError> {
    let mut fields = json_body::object(&headers, body)?;
    let request = session_request(&mut fields, &settings)?;
    let created = create_session(&db, &key, &request).await?;
    Ok(Json(SessionCreated {
        session_token: created.token.expose().to_owned(),
        connect_url: created.connect_url,
        session_id: created.id,
    }))
}

/// `GET /api/vendor/sessions/{id}`: where the key's session stands, and its result.
#[tracing::instrument(level = "debug", skip_all)]
pub async fn show(
    State(db): State<Db>,
    key: VendorKey,
    Path(session_id): Path<String>,
) -> Result<Json<SessionOutcome>, ApiError> {
    Ok(Json(session_outcome::find(&db, &key, &session_id).await?))
}
