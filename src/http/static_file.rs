//! Files compiled into the binary (the SDK, the guide, the demo's assets), served with
//! their type, a five-minute cache and `nosniff`.

use axum::{
    http::{header, HeaderName, HeaderValue},
    response::{IntoResponse, Response},
};

/// A response of `body` as `content_type`, plus `extra` headers.
pub fn static_file(
    content_type: &'static str,
    body: &'static str,
    extra: &[(HeaderName, &'static str)],
) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    for (name, value) in extra {
        headers.insert(name.clone(), HeaderValue::from_static(value));
    }
    response
}
