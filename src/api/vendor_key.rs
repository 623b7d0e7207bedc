//! The `Authorization: Bearer <api_key>` extractor of the vendor API. It reads only the
//! request's head, so a refused key is answered before the body is read.

use axum::{
    extract::{FromRef, FromRequestParts},
    http::{header, request::Parts},
};

use super::ApiError;
use crate::{
    db::Db,
    services::vendors::api_auth::{self, VendorKey},
};

impl<S> FromRequestParts<S> for VendorKey
where
    Db: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let authorization = parts
            .headers
            .get(header::AUTHORIZATION)
            .map(|v| v.to_str().unwrap_or(""));
        Ok(api_auth::authenticate(&Db::from_ref(state), authorization).await?)
    }
}
