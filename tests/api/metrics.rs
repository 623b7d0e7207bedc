//! `GET /metrics` on the metrics listener: Prometheus' text format, the counters moving
//! for a completed WhatsApp flow, and nothing of it on the public port.

use std::net::SocketAddr;

use crate::support::app::{spawn_app_with, TestApp};

async fn scrape(app: &TestApp) -> String {
    let address = app.metrics_address.as_ref().expect("metrics are on");
    let response = app
        .client
        .get(format!("{address}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    response.text().await.unwrap()
}

/// The value of the sample `name{labels}` (labels in Prometheus' order, sorted by name).
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|value| value.trim().parse().ok())
}

#[tokio::test]
async fn a_completed_flow_moves_the_counters_and_only_the_metrics_listener_shows_them() {
    let app = spawn_app_with(|settings| {
        settings.metrics_addr = Some(SocketAddr::from(([127, 0, 0, 1], 0)));
    })
    .await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer-1").await;
    assert_eq!(app.whatsapp_page(&token).await.status(), 200);
    let connected = app.connected(&token).await;
    assert!(connected["account_id"].is_string(), "{connected}");

    let text = scrape(&app).await;
    let expect = |series: &str, at_least: f64| {
        let value = sample(&text, series).unwrap_or_else(|| panic!("no {series} in\n{text}"));
        assert!(value >= at_least, "{series} = {value}");
        value
    };
    assert_eq!(
        expect(
            r#"whatsportal_sessions_created_total{mode="live",flow="whatsapp"}"#,
            1.0
        ),
        1.0
    );
    assert_eq!(
        expect(
            r#"whatsportal_connect_pages_opened_total{flow="whatsapp"}"#,
            1.0
        ),
        1.0
    );
    assert_eq!(
        expect(
            r#"whatsportal_connect_steps_total{flow="whatsapp",step="event",outcome="connected"}"#,
            1.0
        ),
        1.0
    );
    expect(
        r#"whatsportal_connect_steps_total{flow="whatsapp",step="code",outcome="awaiting_event"}"#,
        1.0,
    );
    expect(
        r#"whatsportal_graph_calls_total{call="oauth/access_token (code)",outcome="ok"}"#,
        1.0,
    );
    expect(
        r#"whatsportal_http_requests_total{route="/api/vendor/sessions",method="POST",status="200"}"#,
        1.0,
    );
    expect(
        r#"whatsportal_http_request_duration_seconds_count{route="/api/vendor/sessions",method="POST"}"#,
        1.0,
    );
    assert!(
        text.contains(r#"whatsportal_http_request_duration_seconds_bucket{route="/api/vendor/sessions",method="POST",le="0.005"}"#),
        "latency is a histogram with buckets"
    );
    expect(
        r#"whatsportal_db_pool_connections{pool="read",state="idle"}"#,
        0.0,
    );
    // The sweeper's first round runs at start-up.
    expect(r#"whatsportal_sweeper_runs_total{outcome="ok"}"#, 1.0);
    // No token, code or id in any label.
    assert!(!text.contains(&token), "a token in the metrics");
    assert!(!text.contains("customer-1"));

    // The public port has no metrics.
    let public = app
        .client
        .get(format!("{}/metrics", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 404);
}
