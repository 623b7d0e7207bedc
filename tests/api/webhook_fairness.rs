//! Webhook delivery is fair and separated by mode: a hanging endpoint holds only its own
//! places, two instances never send the same attempt, and test-mode events go to the
//! test endpoint with the test secret, never to the live one.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{extract::State, http::HeaderMap, routing::post, Router};
use serde_json::json;
use whatsportal::{
    db::{self, webhooks::WebhookEvent},
    model::Mode,
    services::{vendors, webhooks::signing::sign, Actor},
};

use crate::{
    support::admin::StaffBrowser,
    support::app::{spawn_app_on, spawn_app_with, SeededVendor, TestApp},
};

/// One message as received: how many times, and the last signature, timestamp and body.
type Got = (usize, String, i64, String);

/// What a receiver got, by webhook-id.
#[derive(Clone, Default)]
struct Receiver {
    got: Arc<Mutex<HashMap<String, Got>>>,
    hang: bool,
}

impl Receiver {
    fn count(&self) -> usize {
        self.got.lock().unwrap().len()
    }

    async fn wait_for(&self, count: usize) {
        for _ in 0..400 {
            if self.count() >= count {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the receiver got {} webhooks, not {count}", self.count());
    }
}

async fn receive(
    State(receiver): State<Receiver>,
    headers: HeaderMap,
    body: String,
) -> &'static str {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    {
        let mut got = receiver.got.lock().unwrap();
        let timestamp = header("webhook-timestamp").parse().unwrap_or_default();
        let entry = got.entry(header("webhook-id")).or_default();
        *entry = (entry.0 + 1, header("webhook-signature"), timestamp, body);
    }
    if receiver.hang {
        // Takes the request and never answers (until the sender gives up).
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
    "ok"
}

async fn start_receiver(hang: bool) -> (Receiver, String) {
    let receiver = Receiver {
        hang,
        ..Receiver::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let router = Router::new()
        .route("/hooks", post(receive))
        .with_state(receiver.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (receiver, url)
}

/// Sets the vendor's endpoint of `mode` as an admin does; returns its signing secret.
async fn set_endpoint(
    admin: &mut StaffBrowser<'_>,
    vendor_id: &str,
    mode: &str,
    url: &str,
) -> String {
    let form = [("vendor_id", vendor_id), ("url", url), ("mode", mode)];
    admin
        .ok("webhooks/set", &form)
        .await
        .as_str()
        .unwrap()
        .to_owned()
}

/// Queues `n` events of `mode` for the vendor, as completions do.
async fn queue_events(app: &TestApp, vendor_id: &str, mode: Mode, n: usize) {
    for i in 0..n {
        let mut tx = app.db.writer().begin().await.unwrap();
        let event = WebhookEvent {
            vendor_id: vendor_id.to_owned(),
            account_id: "wp_test".into(),
            mode,
            event_type: "whatsapp.connected",
            payload: json!({"type": "whatsapp.connected", "data": {"n": i}}).to_string(),
            ephemeral: false,
        };
        db::webhooks::enqueue(&mut tx, &event).await.unwrap();
        tx.commit().await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_endpoint_of_one_vendor_does_not_delay_another_vendors_webhook() {
    // Attempts give up after 30 s: far longer than this test waits.
    let app = spawn_app_with(|s| s.webhooks.timeout = Duration::from_secs(30)).await;
    let a = app.seed_vendor().await;
    let b = app.seed_vendor().await;
    let (hanging, hanging_url) = start_receiver(true).await;
    let (healthy, healthy_url) = start_receiver(false).await;
    let mut admin = app.signed_in("admin").await;
    set_endpoint(&mut admin, &a.vendor_id, "live", &hanging_url).await;
    set_endpoint(&mut admin, &b.vendor_id, "live", &healthy_url).await;
    queue_events(&app, &a.vendor_id, Mode::Live, 10).await;

    hanging.wait_for(2).await;
    queue_events(&app, &b.vendor_id, Mode::Live, 1).await;

    // B's event arrives while A's endpoint still holds its attempts, none answered.
    healthy.wait_for(1).await;
    let (a_attempts,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM webhook_attempts t JOIN webhook_deliveries d ON d.id = t.delivery_id \
         WHERE d.vendor_id = $1",
    )
    .bind(&a.vendor_id)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(a_attempts, 0, "A's attempts are all still hanging");
    // A's endpoint is given two places at a time, not all ten.
    assert_eq!(
        hanging.count(),
        whatsportal::services::webhooks::delivery::PER_ENDPOINT
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_never_send_the_same_attempt() {
    let first = spawn_app_with(|_| {}).await;
    let second = spawn_app_on(first.database_url.clone(), |_| {}).await;
    let vendor = first.seed_vendor().await;
    let (receiver, url) = start_receiver(false).await;
    set_endpoint(
        &mut first.signed_in("admin").await,
        &vendor.vendor_id,
        "live",
        &url,
    )
    .await;

    queue_events(&first, &vendor.vendor_id, Mode::Live, 40).await;
    receiver.wait_for(40).await;

    // Both instances deliver; each message arrived once.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got = receiver.got.lock().unwrap().clone();
    assert_eq!(got.len(), 40);
    assert!(
        got.values().all(|(times, ..)| *times == 1),
        "a message was sent twice"
    );
    drop(second);
}

#[tokio::test]
async fn test_mode_events_go_to_the_test_endpoint_with_the_test_secret_only() {
    let app = spawn_app_with(|_| {}).await;
    let vendor = app.seed_vendor().await;
    let (live, live_url) = start_receiver(false).await;
    let (test, test_url) = start_receiver(false).await;
    let mut admin = app.signed_in("admin").await;
    let live_secret = set_endpoint(&mut admin, &vendor.vendor_id, "live", &live_url).await;
    let test_secret = set_endpoint(&mut admin, &vendor.vendor_id, "test", &test_url).await;
    assert_ne!(live_secret, test_secret);
    let test_key = vendors::keys::create_key(&app.db, Actor::CLI, &vendor.vendor_id, Mode::Test)
        .await
        .unwrap();
    let test_vendor = SeededVendor {
        vendor_id: vendor.vendor_id.clone(),
        key_id: test_key.key_id,
        api_key: test_key.api_key.expose().to_owned(),
    };

    let token = app.whatsapp_session(&test_vendor, "customer-1").await;
    let connected = app.connected(&token).await;
    assert_eq!(connected["livemode"], false);
    test.wait_for(1).await;

    let got = test.got.lock().unwrap().clone();
    let (id, (_, signature, timestamp, body)) = got.iter().next().unwrap();
    let expected = sign(&test_secret, id, *timestamp, body).unwrap();
    assert!(
        signature.split(' ').any(|s| s == expected),
        "signed with the test secret"
    );
    assert!(body.contains("\"livemode\":false"));
    // The live endpoint got nothing, and nothing is queued for it.
    let (live_deliveries,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM webhook_deliveries WHERE mode = 'live'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(live_deliveries, 0);
    assert_eq!(live.count(), 0);
}

#[tokio::test]
async fn without_a_test_endpoint_test_mode_events_are_not_sent_at_all() {
    let app = spawn_app_with(|_| {}).await;
    let vendor = app.seed_vendor().await;
    let (live, live_url) = start_receiver(false).await;
    set_endpoint(
        &mut app.signed_in("admin").await,
        &vendor.vendor_id,
        "live",
        &live_url,
    )
    .await;
    queue_events(&app, &vendor.vendor_id, Mode::Test, 1).await;
    queue_events(&app, &vendor.vendor_id, Mode::Live, 1).await;

    live.wait_for(1).await;

    let modes: Vec<(String,)> = sqlx::query_as("SELECT mode FROM webhook_deliveries")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    assert_eq!(modes, [("live".to_owned(),)]);
}
