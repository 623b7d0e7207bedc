//! Webhooks delivered through a real HTTP receiver: signed as Standard Webhooks says,
//! retried after failures, stopped by 410, and not lost across a restart.

use std::time::Duration;

use serde_json::Value;
use whatsportal::services::webhooks::signing::sign;

use crate::{
    support::admin::assert_admin_error,
    support::app::{spawn_app, spawn_app_on, TestApp},
    support::receiver::{set_endpoint, start_receiver},
};

async fn delivery_states(app: &TestApp) -> Vec<(String, i64)> {
    sqlx::query_as("SELECT state, attempts FROM webhook_deliveries ORDER BY created_at")
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}

/// Waits until every delivery has ended (delivered or failed): the worker takes no
/// ended delivery again, so what was received by then is all there will be.
async fn wait_until_settled(app: &TestApp) -> Vec<(String, i64)> {
    for _ in 0..200 {
        let states = delivery_states(app).await;
        if !states.is_empty() && states.iter().all(|(state, _)| state != "pending") {
            return states;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("deliveries still pending: {:?}", delivery_states(app).await);
}

#[tokio::test]
async fn a_connection_is_delivered_signed_after_a_retry() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let (receiver, url) = start_receiver().await;
    let secret = set_endpoint(&app, &vendor.vendor_id, &url).await;
    receiver.answer(&[500]);

    let token = app.whatsapp_session(&vendor, "customer-1").await;
    let connected = app.connected(&token).await;

    let got = receiver.wait_for(2).await;
    assert_eq!((got[0].1, got[1].1), (500, 200));
    let ((id, timestamp, signature, body), _) = &got[1];
    assert_eq!(id, &got[0].0 .0, "a retry keeps its webhook-id");
    assert_eq!(
        sign(&secret, id, *timestamp, body).as_deref(),
        Some(signature.as_str())
    );
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(event["type"], "whatsapp.connected");
    assert_eq!(event["data"]["account_id"], connected["account_id"]);
    assert_eq!(event["data"]["externalId"], "customer-1");
    assert_eq!(event["data"]["livemode"], true);
    assert!(!body.contains("token"), "{body}");
    assert_eq!(
        wait_until_settled(&app).await,
        vec![("delivered".to_owned(), 2)]
    );
    assert_eq!(receiver.received().len(), 2, "nothing more after success");
}

#[tokio::test]
async fn a_410_disables_the_endpoint() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let (receiver, url) = start_receiver().await;
    set_endpoint(&app, &vendor.vendor_id, &url).await;
    receiver.answer(&[410]);

    let token = app.whatsapp_session(&vendor, "customer-1").await;
    app.connect_whatsapp(&token).await;
    receiver.wait_for(1).await;

    assert_eq!(
        wait_until_settled(&app).await,
        vec![("failed".to_owned(), 1)]
    );
    let (disabled,): (Option<i64>,) =
        sqlx::query_as("SELECT disabled_at FROM webhook_endpoints WHERE vendor_id = $1")
            .bind(&vendor.vendor_id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(disabled.is_some());
    let again = app.whatsapp_session(&vendor, "customer-2").await;
    // The event would be queued in the completion's own transaction: once it has
    // answered, the queue is as it will stay.
    assert_eq!(app.connect_whatsapp(&again).await.status(), 200);
    assert_eq!(
        delivery_states(&app).await.len(),
        1,
        "no event is queued for a disabled endpoint"
    );
    assert_eq!(receiver.received().len(), 1);
}

#[tokio::test]
async fn a_restart_in_the_middle_of_the_retries_loses_nothing() {
    let mut first = spawn_app().await;
    let vendor = first.seed_vendor().await;
    let (receiver, url) = start_receiver().await;
    set_endpoint(&first, &vendor.vendor_id, &url).await;
    receiver.answer(&[503; 50]);
    let token = first.whatsapp_session(&vendor, "customer-1").await;
    first.connect_whatsapp(&token).await;
    receiver.wait_for(2).await;

    first.shut_down().await;
    receiver.answer_ok();
    let failed_before = receiver.received().len();
    let second = spawn_app_on(first.database_url.clone(), |_| {}).await;

    let got = receiver.wait_for(failed_before + 1).await;
    wait_until_settled(&second).await;
    let got_after = receiver.received();
    assert_eq!(got_after.len(), got.len(), "one success, then nothing more");
    assert!(
        got_after
            .iter()
            .all(|((id, ..), _)| id == &got_after[0].0 .0),
        "one message throughout"
    );
    assert_eq!(
        got_after
            .iter()
            .filter(|(_, status)| *status == 200)
            .count(),
        1
    );
    let states = delivery_states(&second).await;
    assert_eq!(states.len(), 1);
    assert_eq!(states[0].0, "delivered");
}

#[tokio::test]
async fn staff_see_every_attempt_and_can_redeliver() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let (receiver, url) = start_receiver().await;
    let mut admin = app.signed_in("admin").await;
    admin
        .ok(
            "webhooks/set",
            &[("vendor_id", &vendor.vendor_id), ("url", &url)],
        )
        .await;
    receiver.answer(&[500]);
    let token = app.whatsapp_session(&vendor, "customer-1").await;
    app.connect_whatsapp(&token).await;
    receiver.wait_for(2).await;
    wait_until_settled(&app).await;

    let detail = admin
        .ok(
            "vendors/get",
            &[("vendor_id", &vendor.vendor_id), ("days", "1")],
        )
        .await;
    let delivery = &detail["webhook"]["deliveries"][0];
    assert_eq!(delivery["state"], "delivered");
    let attempts = delivery["attempts"].as_array().unwrap();
    assert!(
        attempts[0].as_str().unwrap().starts_with("500")
            && attempts[1].as_str().unwrap().starts_with("200")
    );
    assert!(
        !detail.to_string().contains("whsec_"),
        "the secret is never shown again"
    );

    admin
        .ok(
            "webhooks/redeliver",
            &[
                ("vendor_id", &vendor.vendor_id),
                ("delivery_id", delivery["id"].as_str().unwrap()),
            ],
        )
        .await;
    receiver.wait_for(3).await;

    let mut viewer = app.signed_in("viewer").await;
    let refused = viewer
        .call(
            "webhooks/set",
            &[("vendor_id", &vendor.vendor_id), ("url", &url)],
        )
        .await;
    assert_admin_error(refused, 403, "Forbidden").await;
    let bad = admin
        .call(
            "webhooks/set",
            &[("vendor_id", &vendor.vendor_id), ("url", "ftp://x.example")],
        )
        .await;
    assert_admin_error(bad, 400, "Invalid").await;
}

#[tokio::test]
async fn production_refuses_endpoints_on_private_addresses() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let keyring = whatsportal::crypto::Keyring::parse(&format!("k:{}", "42".repeat(32))).unwrap();
    for url in [
        "https://127.0.0.1/hooks",
        "https://10.0.0.8/hooks",
        "http://hooks.example.com/x",
        "https://localhost:8443/x",
    ] {
        let refused = whatsportal::services::webhooks::endpoints::set_endpoint(
            &app.db,
            &keyring,
            whatsportal::services::Actor::CLI,
            &vendor.vendor_id,
            whatsportal::model::Mode::Live,
            url,
            false,
        )
        .await;
        assert!(
            matches!(
                refused,
                Err(whatsportal::services::ServiceError::Invalid(_))
            ),
            "{url}"
        );
    }
}

#[tokio::test]
async fn connected_pages_are_delivered_as_pages_connected() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let (receiver, url) = start_receiver().await;
    set_endpoint(&app, &vendor.vendor_id, &url).await;
    let token = app.pages_session(&vendor, "customer-pages").await;
    let pages = app.listed_pages(&token, crate::support::pages::DANA).await;
    let first = pages[0]["id"].as_str().unwrap().to_owned();

    assert_eq!(app.connect_pages(&token, &[&first]).await.status(), 200);

    let got = receiver.wait_for(1).await;
    let event: Value = serde_json::from_str(&got[0].0 .3).unwrap();
    assert_eq!(event["type"], "pages.connected");
    assert_eq!(event["data"]["externalId"], "customer-pages");
    assert_eq!(event["data"]["pages"][0]["id"], first.as_str());
    assert!(event["data"]["account_id"]
        .as_str()
        .unwrap()
        .starts_with("wp_"));
}
