/// Why a service call did not succeed. The messages of the first four are meant for the
/// caller as they are; `Internal` carries the real cause for the log only.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("internal error: {0}")]
    Internal(#[from] sqlx::Error),
}

impl From<crate::domain::Invalid> for ServiceError {
    fn from(invalid: crate::domain::Invalid) -> Self {
        Self::Invalid(invalid.0)
    }
}
