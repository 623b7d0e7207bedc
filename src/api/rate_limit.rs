//! The vendor API's rate limit on the wire. The `VendorKey` extractor counts the request
//! (it knows the key) and leaves where the key stands in a slot this layer put in the
//! request; the layer then writes the `RateLimit-*` headers (IETF draft
//! `draft-ietf-httpapi-ratelimit-headers`) on whatever answer the handler gave, and
//! `Retry-After` on a 429.

use std::sync::{Arc, OnceLock};

use axum::{
    extract::Request,
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode},
    middleware::Next,
    response::Response,
};

use super::ApiError;
use crate::services::vendors::rate_limit::{RateLimit, WINDOW_MS};

/// Where the extractor leaves the key's standing for the layer.
#[derive(Debug, Clone, Default)]
pub struct RateLimitSlot(Arc<OnceLock<RateLimit>>);

impl RateLimitSlot {
    pub fn fill(&self, limit: RateLimit) {
        let _ = self.0.set(limit);
    }
}

/// The layer of the authenticated vendor endpoints.
pub async fn write_headers(mut request: Request, next: Next) -> Response {
    let slot = RateLimitSlot::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    if let Some(limit) = slot.0.get() {
        write(response.headers_mut(), limit);
    }
    response
}

fn write(headers: &mut HeaderMap, limit: &RateLimit) {
    let number = |n: i64| HeaderValue::from(n);
    headers.insert(
        HeaderName::from_static("ratelimit-limit"),
        number(limit.limit),
    );
    headers.insert(
        HeaderName::from_static("ratelimit-remaining"),
        number(limit.remaining),
    );
    headers.insert(
        HeaderName::from_static("ratelimit-reset"),
        number(limit.reset_secs),
    );
    let policy = format!("{};w={}", limit.limit, WINDOW_MS / 1_000);
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(HeaderName::from_static("ratelimit-policy"), policy);
    }
    if limit.exceeded {
        headers.insert(
            axum::http::header::RETRY_AFTER,
            number(limit.reset_secs.max(1)),
        );
    }
}

/// The answer to a request over its key's limit.
pub fn exceeded(limit: &RateLimit) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        format!(
            "Rate limit exceeded: this API key may make {} requests per minute; retry after {} seconds",
            limit.limit,
            limit.reset_secs.max(1)
        ),
    )
}
