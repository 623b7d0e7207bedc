use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Serialize;

use crate::services::ServiceError;

/// An error of the vendor API: a status and a message a developer can act on, sent as
/// `{"error": "..."}`. Internal causes are logged, never sent.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    /// Sent as `Retry-After` (seconds).
    retry_after: Option<u32>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    /// `503`: the database cannot serve right now; nothing was changed.
    pub fn unavailable() -> Self {
        Self {
            retry_after: Some(crate::db::RETRY_AFTER_SECONDS),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "WhatsPortal cannot reach its database right now; nothing was changed. Retry in a few seconds",
            )
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        match err {
            ServiceError::Unauthorized(m) => Self::new(StatusCode::UNAUTHORIZED, m),
            ServiceError::Invalid(m) => Self::new(StatusCode::BAD_REQUEST, m),
            ServiceError::Forbidden(m) => Self::new(StatusCode::FORBIDDEN, m),
            ServiceError::NotFound(m) => Self::new(StatusCode::NOT_FOUND, m),
            ServiceError::Conflict(m) => Self::new(StatusCode::CONFLICT, m),
            ServiceError::Internal(cause) => {
                if crate::db::log_failure(&cause, "a vendor API request") {
                    Self::unavailable()
                } else {
                    Self::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "Internal server error on WhatsPortal's side; retry once",
                    )
                }
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            Json(ErrorBody {
                error: &self.message,
            }),
        )
            .into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

pub async fn not_found() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "No such API endpoint")
}

/// `405` naming the allowed methods, in words and in `Allow` (`GET, DELETE`).
fn method_not_allowed(allowed: &'static str) -> Response {
    let mut response = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("Method not allowed: use {}", allowed.replace(", ", " or ")),
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allowed));
    response
}

pub async fn post_only() -> Response {
    method_not_allowed("POST")
}

pub async fn get_only() -> Response {
    method_not_allowed("GET")
}

pub async fn get_or_post() -> Response {
    method_not_allowed("GET, POST")
}

pub async fn get_or_delete() -> Response {
    method_not_allowed("GET, DELETE")
}

pub async fn delete_only() -> Response {
    method_not_allowed("DELETE")
}
