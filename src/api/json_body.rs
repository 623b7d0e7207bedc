//! Reading a JSON object body with errors that name the problem: a wrong content type,
//! a body too large, malformed JSON, or a field of the wrong type are each a clear 400
//! (or 413), never axum's plain-text 415/422.

use axum::{
    body::Bytes,
    extract::rejection::BytesRejection,
    http::{header, HeaderMap, StatusCode},
};
use serde_json::{Map, Value};

use super::{ApiError, MAX_BODY_BYTES};

fn is_json_content_type(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// The body as a JSON object.
pub fn object(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Map<String, Value>, ApiError> {
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("Request body too large: at most {MAX_BODY_BYTES} bytes"),
            )
        } else {
            ApiError::bad_request("Could not read the request body")
        }
    })?;
    if !is_json_content_type(headers) {
        return Err(ApiError::bad_request(
            "Content-Type must be application/json",
        ));
    }
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request(
            "The request body must be a JSON object",
        )),
        Err(e) => Err(ApiError::bad_request(format!(
            "Malformed JSON at line {} column {}",
            e.line(),
            e.column()
        ))),
    }
}

/// An optional string field: absent and `null` are `None`; any other type is an error
/// naming the field.
pub fn optional_string(
    map: &mut Map<String, Value>,
    field: &str,
) -> Result<Option<String>, ApiError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        // PostgreSQL cannot store it; both engines refuse it alike.
        Some(Value::String(s)) if s.contains('\0') => Err(ApiError::bad_request(format!(
            "`{field}` must not contain NUL characters"
        ))),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::bad_request(format!("`{field}` must be a string"))),
    }
}

/// An optional boolean field: `None` when absent or null.
pub fn optional_bool(map: &mut Map<String, Value>, field: &str) -> Result<Option<bool>, ApiError> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(_) => Err(ApiError::bad_request(format!(
            "`{field}` must be true or false"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn json_headers(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn accepts_json_with_charset() {
        let map = object(
            &json_headers("application/json; charset=utf-8"),
            Ok(Bytes::from_static(b"{\"a\":1}")),
        )
        .unwrap();
        assert_eq!(map.len(), 1);
    }

    #[test]
    fn refuses_other_content_types_and_non_objects() {
        assert!(object(&json_headers("text/plain"), Ok(Bytes::from_static(b"{}"))).is_err());
        assert!(object(&HeaderMap::new(), Ok(Bytes::from_static(b"{}"))).is_err());
        assert!(object(
            &json_headers("application/json"),
            Ok(Bytes::from_static(b"[1]"))
        )
        .is_err());
        assert!(object(
            &json_headers("application/json"),
            Ok(Bytes::from_static(b"{"))
        )
        .is_err());
    }

    #[test]
    fn string_fields_name_the_field_on_wrong_type() {
        let mut map: Map<String, Value> =
            serde_json::from_str(r#"{"a":"x","b":null,"c":5}"#).unwrap();
        assert_eq!(
            optional_string(&mut map, "a").unwrap().as_deref(),
            Some("x")
        );
        assert_eq!(optional_string(&mut map, "b").unwrap(), None);
        assert_eq!(optional_string(&mut map, "missing").unwrap(), None);
        let err = optional_string(&mut map, "c").unwrap_err();
        assert!(err.message().contains("`c`"));
    }
}
