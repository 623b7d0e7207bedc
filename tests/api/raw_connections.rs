//! Requests no well-behaved client sends, written byte by byte on a raw socket: no
//! `Host` header, headers that never end, a body that never comes.

use std::time::Duration;

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::support::app::{spawn_app, spawn_app_with, TestApp};

/// A connection to the test server.
pub async fn connect(app: &TestApp) -> TcpStream {
    let address = app.address.trim_start_matches("http://");
    TcpStream::connect(address).await.expect("connect")
}

/// Writes `request` as it is and reads the whole answer (the server closes after it).
pub async fn exchange(app: &TestApp, request: &str) -> String {
    let mut stream = connect(app).await;
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_cross_site_origin_without_a_host_header_cannot_create_a_key() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let browser = app.signed_in("admin").await;
    let cookie = browser.cookie.clone().unwrap();
    let body = format!("vendor_id={}", vendor.vendor_id);
    // HTTP/1.0 needs no Host: the review's request, with the staff member's cookie.
    let request = format!(
        "POST /api/admin/keys/create HTTP/1.0\r\nOrigin: https://evil.example\r\n\
         Cookie: wp_staff={cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Accept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let answer = exchange(&app, &request).await;
    let status_line = answer.lines().next().unwrap_or_default();
    assert!(status_line.contains(" 403 "), "{answer}");
    let (keys,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM api_keys WHERE vendor_id = $1")
        .bind(&vendor.vendor_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(keys, 1, "only the seeded key");
}

/// Settings with short limits, so the tests see them act.
fn short_limits(settings: &mut whatsportal::config::Settings) {
    settings.connection_limits.header_read = Duration::from_secs(1);
    settings.request_limits.body = Duration::from_secs(1);
}

/// Whether the server closed the connection (end of stream or reset) within `wait`,
/// with what it sent before closing.
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut answer = Vec::new();
    match tokio::time::timeout(wait, stream.read_to_end(&mut answer)).await {
        Ok(_) => Some(String::from_utf8_lossy(&answer).into_owned()),
        Err(_) => None,
    }
}

#[tokio::test]
async fn partial_headers_and_silent_connections_are_closed() {
    let app = spawn_app_with(short_limits).await;
    let mut partial = Vec::new();
    for _ in 0..50 {
        let mut stream = connect(&app).await;
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            .await
            .unwrap();
        partial.push(stream);
    }
    let mut silent = connect(&app).await;
    for stream in partial.iter_mut().chain(std::iter::once(&mut silent)) {
        let closed = closed_within(stream, Duration::from_secs(10)).await;
        assert!(closed.is_some(), "a connection was still open after 10 s");
    }
    // The server still serves.
    let healthz = exchange(
        &app,
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(healthz.starts_with("HTTP/1.1 200"), "{healthz}");
}

#[tokio::test]
async fn a_body_that_never_arrives_is_answered_408() {
    let app = spawn_app_with(short_limits).await;
    let mut stream = connect(&app).await;
    stream
        .write_all(
            b"POST /api/connect/whatsapp/retry HTTP/1.1\r\nHost: 127.0.0.1\r\n\
              Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"session_token\":",
        )
        .await
        .unwrap();
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("answered within 10 s")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]).into_owned();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#"{"error":"#), "{answer}");
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_for_a_place() {
    let app = spawn_app_with(|s| {
        s.connection_limits.max_connections = 2;
        s.connection_limits.header_read = Duration::from_secs(60);
    })
    .await;
    let first = connect(&app).await;
    let _second = connect(&app).await;
    let mut third = connect(&app).await;
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    assert_eq!(
        closed_within(&mut third, Duration::from_secs(1)).await,
        None,
        "served while two connections held every place"
    );
    drop(first);
    let answer = closed_within(&mut third, Duration::from_secs(10))
        .await
        .expect("served once a place was free");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn an_answer_that_takes_too_long_is_a_503_with_retry_after() {
    let app = spawn_app_with(|s| s.request_limits.request = Duration::from_secs(1)).await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    app.inject_fault(serde_json::json!({"endpoint": "oauth/access_token", "kind": "timeout"}))
        .await;
    let code = app.approve_in_dialog(crate::support::connect::WABA).await;
    let response = app.whatsapp_code(&token, "run1", &code).await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "5");
    let body: serde_json::Value = response.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("too long"));
}

#[tokio::test]
async fn a_development_server_refuses_names_it_is_not_reached_by() {
    let app = spawn_app().await;
    let port = app.address.rsplit(':').next().unwrap().to_owned();
    let fault = r#"{"endpoint":"register","kind":"http_500"}"#;
    let inject = |host: String| {
        format!(
            "POST /meta-sim/faults HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Connection: close\r\nContent-Length: {}\r\n\r\n{fault}",
            fault.len()
        )
    };
    // A page of rebind.attacker.example whose name now resolves to this machine.
    let rebound = exchange(&app, &inject(format!("rebind.attacker.example:{port}"))).await;
    assert!(rebound.starts_with("HTTP/1.1 421"), "{rebound}");
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}")] {
        let own = exchange(&app, &inject(host.clone())).await;
        assert!(own.starts_with("HTTP/1.1 201"), "{host}: {own}");
    }
}
