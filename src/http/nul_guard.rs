//! Text with a NUL character is refused at the door, the same way on both engines:
//! PostgreSQL cannot store it (a query with one fails) while SQLite would. The vendor
//! API names the field itself (`api::json_body`); this guard covers the server
//! functions' bodies and every query string of the API and the admin pages.

use axum::{
    body::{to_bytes, Body},
    extract::Request,
    http::{header, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde_json::Value;

/// Server function bodies are small forms or JSON objects.
const MAX_BODY_BYTES: usize = 64 * 1024;

fn json_has_nul(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(json_has_nul),
        Value::Object(fields) => fields
            .iter()
            .any(|(k, v)| k.contains('\0') || json_has_nul(v)),
        _ => false,
    }
}

fn form_has_nul(encoded: &[u8]) -> bool {
    url::form_urlencoded::parse(encoded).any(|(k, v)| k.contains('\0') || v.contains('\0'))
}

/// Whether a body carries a NUL character in any of its texts.
fn body_has_nul(bytes: &[u8], is_json: bool) -> bool {
    if bytes.contains(&0) {
        return true;
    }
    if is_json {
        serde_json::from_slice::<Value>(bytes).is_ok_and(|v| json_has_nul(&v))
    } else {
        form_has_nul(bytes)
    }
}

/// The typed errors of both areas say `"BadRequest"` for a request they cannot take;
/// the vendor API answers its own error shape, `{"error": "..."}`.
fn refused(path: &str) -> Response {
    let body = if path.starts_with("/api/vendor/") {
        r#"{"error":"The query must not contain NUL characters"}"#
    } else {
        r#""BadRequest""#
    };
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

pub async fn refuse_nul(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let guarded = path.starts_with("/api/") || path == "/admin" || path.starts_with("/admin/");
    if guarded
        && request
            .uri()
            .query()
            .is_some_and(|q| form_has_nul(q.as_bytes()))
    {
        return refused(path);
    }
    let server_function = path.starts_with("/api/admin/") || path.starts_with("/api/connect/");
    if request.method() != Method::POST || !server_function {
        return next.run(request).await;
    }
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    if body_has_nul(&bytes, is_json) {
        return refused(parts.uri.path());
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nul_in_json_and_forms_but_not_in_look_alikes() {
        assert!(body_has_nul(br#"{"a":["x\u0000y"]}"#, true));
        assert!(body_has_nul(br#"{"a\u0000":1}"#, true));
        assert!(!body_has_nul(br#"{"a":"\\u0000 is text"}"#, true));
        assert!(body_has_nul(b"search=a%00b", false));
        assert!(!body_has_nul(b"search=a%2500b", false));
        assert!(body_has_nul(b"raw\0byte", false));
    }
}
