//! Stopping an instance (SIGTERM's path): it reports itself unready and keeps serving
//! while the load balancer drains it, then stops; a webhook attempt under way is
//! finished and recorded, not cut off for another instance to send again.

use std::{sync::Arc, time::Duration};

use axum::{extract::State, routing::post, Router};
use serde_json::{json, Value};
use tokio::sync::Notify;
use whatsportal::{
    db::{self, webhooks::WebhookEvent},
    model::Mode,
};

use crate::support::app::{session_body, spawn_app_with, TestApp};

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_stopping_instance_turns_unready_first_and_serves_until_drained() {
    let mut app = spawn_app_with(|settings| {
        settings.shutdown.drain = Duration::from_millis(1500);
    })
    .await;
    let vendor = app.seed_vendor().await;
    let ready = get(&app, "/readyz").await;
    assert_eq!(ready.status(), 200);

    app.begin_shut_down();
    let mut draining = None;
    for _ in 0..50 {
        let answer = get(&app, "/readyz").await;
        if answer.status() == 503 {
            draining = Some(answer.json::<Value>().await.unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(draining, Some(json!({ "status": "draining" })));

    // Still serving everything while the balancer drains it.
    assert_eq!(get(&app, "/healthz").await.status(), 200);
    let created = app
        .create_session(&vendor.api_key, &session_body("during-drain"))
        .await;
    assert_eq!(created.status(), 200);

    assert!(app.wait_stopped().await, "the server ends cleanly");
    let after = app
        .client
        .get(format!("{}/healthz", app.address))
        .send()
        .await;
    assert!(after.is_err(), "the listener is closed: {after:?}");
}

/// Takes a webhook, tells the test it arrived, answers 200 a second later.
async fn start_slow_receiver(arrived: Arc<Notify>) -> String {
    async fn receive(State(arrived): State<Arc<Notify>>) -> &'static str {
        arrived.notify_one();
        tokio::time::sleep(Duration::from_secs(1)).await;
        "ok"
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let router = Router::new()
        .route("/hooks", post(receive))
        .with_state(arrived);
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

#[tokio::test]
async fn a_webhook_attempt_under_way_is_finished_and_recorded_before_the_instance_ends() {
    let mut app = spawn_app_with(|_| {}).await;
    let vendor = app.seed_vendor().await;
    let arrived = Arc::new(Notify::new());
    let url = start_slow_receiver(arrived.clone()).await;
    let mut admin = app.signed_in("admin").await;
    admin
        .ok(
            "webhooks/set",
            &[("vendor_id", vendor.vendor_id.as_str()), ("url", &url)],
        )
        .await;
    let mut tx = app.db.writer().begin().await.unwrap();
    let event = WebhookEvent {
        vendor_id: vendor.vendor_id.clone(),
        account_id: "wp_test".into(),
        mode: Mode::Live,
        event_type: "whatsapp.connected",
        payload: json!({"type": "whatsapp.connected", "data": {}}).to_string(),
        ephemeral: false,
    };
    db::webhooks::enqueue(&mut tx, &event).await.unwrap();
    tx.commit().await.unwrap();

    tokio::time::timeout(Duration::from_secs(10), arrived.notified())
        .await
        .expect("the attempt reaches the receiver");
    app.begin_shut_down();
    assert!(app.wait_stopped().await, "the server ends cleanly");

    // The stopped server closed its pool: read what it left with a connection of our own.
    let reopened = db::connect(&app.database_url, 1).await.unwrap();
    let states: Vec<(String, i64)> =
        sqlx::query_as("SELECT state, attempts FROM webhook_deliveries")
            .fetch_all(reopened.pool())
            .await
            .unwrap();
    assert_eq!(states, vec![("delivered".to_owned(), 1)]);
}
