//! Malformed requests: each a clear 400 or 413 with an `error` field, never 415, 422 or 500.

use serde_json::Value;

use crate::support::app::{assert_error, session_body, spawn_app};

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    for body in ["{", "not json", "", "{\"externalId\": }"] {
        let response = app
            .raw_session_request()
            .bearer_auth(&vendor.api_key)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_error(response, 400, "JSON").await;
    }
}

#[tokio::test]
async fn a_body_that_is_not_an_object_is_400() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    for body in ["[]", "\"text\"", "42", "null"] {
        let response = app
            .raw_session_request()
            .bearer_auth(&vendor.api_key)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_error(response, 400, "JSON object").await;
    }
}

#[tokio::test]
async fn a_wrong_or_missing_content_type_is_400() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let body = session_body("c1").to_string();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request = app
            .raw_session_request()
            .bearer_auth(&vendor.api_key)
            .body(body.clone());
        if let Some(value) = content_type {
            request = request.header("Content-Type", value);
        }
        assert_error(request.send().await.unwrap(), 400, "Content-Type").await;
    }
    let response = app
        .raw_session_request()
        .bearer_auth(&vendor.api_key)
        .header("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_body_over_16_kib_is_413() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut body = session_body("c1");
    body["padding"] = Value::String("x".repeat(16 * 1024));
    let response = app.create_session(&vendor.api_key, &body).await;
    assert_error(response, 413, "too large").await;
}

#[tokio::test]
async fn other_methods_and_unknown_api_paths_get_json_errors() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(format!("{}/api/vendor/sessions", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["allow"], "POST");
    assert_error(response, 405, "POST").await;
    let response = app
        .client
        .post(format!("{}/api/vendor/nothing", app.address))
        .send()
        .await
        .unwrap();
    assert_error(response, 404, "No such API endpoint").await;
}

#[tokio::test]
async fn no_cors_headers_even_for_a_browser_origin_or_a_preflight() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let response = app
        .raw_session_request()
        .bearer_auth(&vendor.api_key)
        .header("Origin", "https://app.example.com")
        .json(&session_body("c1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response
        .headers()
        .keys()
        .all(|h| !h.as_str().starts_with("access-control-")));
    let preflight = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/vendor/sessions", app.address),
        )
        .header("Origin", "https://app.example.com")
        .header("Access-Control-Request-Method", "POST")
        .send()
        .await
        .unwrap();
    assert!(preflight
        .headers()
        .keys()
        .all(|h| !h.as_str().starts_with("access-control-")));
    assert_eq!(preflight.status(), 405, "a preflight is not answered");
    assert_eq!(preflight.headers()["allow"], "POST");
}

#[tokio::test]
async fn a_database_that_cannot_serve_is_a_503_without_internal_details() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.db.close().await;
    let response = app
        .create_session(&vendor.api_key, &session_body("c1"))
        .await;
    assert_eq!(
        response.headers().get("retry-after").map(|v| v.as_bytes()),
        Some(&b"5"[..])
    );
    let message = assert_error(response, 503, "Retry in a few seconds").await;
    assert!(!message.to_lowercase().contains("pool"), "{message}");
    assert!(!message.to_lowercase().contains("sql"), "{message}");
}
