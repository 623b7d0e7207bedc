//! The `Authorization: Bearer <api_key>` extractor of the vendor API. It reads only the
//! request's head, so a refused key is answered before the body is read; it also counts
//! the request against the key's rate limit (see `rate_limit`).

use axum::{
    extract::{FromRef, FromRequestParts},
    http::{header, request::Parts},
};

use std::sync::Arc;

use super::{rate_limit, ApiError};
use crate::{
    config::Settings,
    db::Db,
    services::vendors::{
        api_auth::{self, VendorKey},
        rate_limit as limits,
    },
};

impl<S> FromRequestParts<S> for VendorKey
where
    Db: FromRef<S>,
    Arc<Settings>: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let db = Db::from_ref(state);
        let default_limit = Arc::<Settings>::from_ref(state).api_rate_limit_per_minute;
        let authorization = parts
            .headers
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap_or(""));
        let key = api_auth::authenticate(&db, authorization).await?;
        let standing = limits::count(&db, &key, default_limit).await?;
        if let Some(slot) = parts.extensions.get::<rate_limit::RateLimitSlot>() {
            slot.fill(standing);
        }
        if standing.exceeded {
            return Err(rate_limit::exceeded(&standing));
        }
        Ok(key)
    }
}
