//! Test keys: their sessions run against the Meta simulator even in production, their
//! pages say "test mode", and their results carry `livemode: false`.

use whatsportal::config::{Environment, MetaMode, MetaSettings};

use crate::{
    support::app::{spawn_app, spawn_app_with, TestApp},
    support::connect::WABA,
};

/// A production server whose live Meta cannot be reached (nothing listens there).
async fn production_app() -> TestApp {
    spawn_app_with(|settings| {
        settings.environment = Environment::Production;
        settings.meta = MetaSettings {
            mode: MetaMode::Live,
            app_id: "1234".into(),
            app_secret: "live-secret".into(),
            config_id: "5678".into(),
            graph_url: "http://127.0.0.1:9".into(),
            sdk_url: "https://connect.facebook.net/en_US/sdk.js".into(),
            web_origin: "https://www.facebook.com".into(),
            return_url: String::new(),
            ..settings.meta.clone()
        };
    })
    .await
}

#[tokio::test]
async fn in_production_a_test_session_completes_against_the_simulator() {
    let app = production_app().await;
    let vendor = app.seed_vendor().await;
    let key = app.test_key(&vendor.vendor_id).await;
    let token = app.session_token(&key, "sandbox").await;

    let page = app.whatsapp_page(&token).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Test mode"),
        "the page says it is in test mode"
    );
    assert!(
        html.contains("/meta-sim/sdk.js"),
        "and loads the simulator's SDK"
    );

    let code = app.approve_in_dialog_of(Some(&token), WABA).await;
    let completed = app
        .complete_whatsapp(&token, &code, WABA, Some(crate::support::connect::PHONE))
        .await;
    let body = crate::support::connect::connected_result(completed).await;
    assert_eq!(body["livemode"], false);
}

#[tokio::test]
async fn in_production_a_live_session_goes_to_the_configured_meta() {
    let app = production_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.session_token(&vendor.api_key, "live").await;

    let html = app.whatsapp_page(&token).await.text().await.unwrap();
    // The page's texts travel with its flow, so only the banner itself tells.
    assert!(!html.contains(r#"class="simulated""#), "a simulator banner");
    assert!(html.contains("connect.facebook.net"), "Meta's own SDK");
    // A code of the simulator's (it serves test sessions only): the live session sends
    // it to the configured Meta, which this machine cannot reach.
    let key = app.test_key(&vendor.vendor_id).await;
    let test_session = app.session_token(&key, "for-a-code").await;
    let code = app.approve_in_dialog_of(Some(&test_session), WABA).await;
    let completed = app
        .complete_whatsapp(&token, &code, WABA, Some(crate::support::connect::PHONE))
        .await;
    assert_eq!(
        completed.status(),
        502,
        "the live Graph API is unreachable here"
    );
}

#[tokio::test]
async fn production_does_not_take_fault_injection() {
    let app = production_app().await;
    let vendor = app.seed_vendor().await;
    let key = app.test_key(&vendor.vendor_id).await;
    let response = app
        .client
        .post(format!("{}/meta-sim/faults", app.address))
        .json(&serde_json::json!({"endpoint": "register", "kind": "http_500", "count": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404, "no fault endpoint in production");
    // Had the fault been taken, registering the test session's number would fail.
    let token = app.session_token(&key, "faultless").await;
    let result = app.connected(&token).await;
    assert_eq!(result["livemode"], false);
}

#[tokio::test]
async fn live_results_say_livemode_true_and_test_results_false() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let key = app.test_key(&vendor.vendor_id).await;
    let live = app.whatsapp_session(&vendor, "same").await;
    let test = app.session_token(&key, "same").await;

    let live = app.connected(&live).await;
    let test = app.connected(&test).await;

    assert_eq!(
        (live["livemode"].as_bool(), test["livemode"].as_bool()),
        (Some(true), Some(false))
    );
    assert_ne!(live["account_id"], test["account_id"]);
    let test_page = app
        .whatsapp_page(&app.session_token(&key, "other").await)
        .await;
    assert!(test_page.text().await.unwrap().contains("Test mode"));
}

#[tokio::test]
async fn a_test_event_reaches_the_sending_vendors_workspace_only() {
    let app = spawn_app().await;
    // Two vendors' test workspaces hold the same simulated account.
    let mut keys = Vec::new();
    for _ in 0..2 {
        let vendor = app.seed_vendor().await;
        let key = app.test_key(&vendor.vendor_id).await;
        let token = app.session_token(&key, "sandbox").await;
        let connected = app.connected(&token).await;
        assert_eq!(connected["waba_id"], WABA);
        keys.push(key);
    }
    let (victim, sender) = (&keys[0], &keys[1]);
    let sent = app
        .client
        .post(format!(
            "{}/api/vendor/test/workspaces/sandbox/events",
            app.address
        ))
        .bearer_auth(sender)
        .json(&serde_json::json!({"event": "PARTNER_APP_UNINSTALLED"}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 202);
    app.wait_processed(1).await;
    assert_eq!(
        app.workspace(sender, "sandbox").await["whatsapp"]["status"],
        "disconnected"
    );
    assert_eq!(
        app.workspace(victim, "sandbox").await["whatsapp"]["status"],
        "active",
        "another vendor's test workspace is untouched"
    );
    // The victim's token still works at the simulator: its token check finds it alive.
    let (live_grants,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM simulator_grants WHERE kind = 'token' AND waba_id = $1 AND expires_at > $2",
    )
    .bind(WABA)
    .bind(whatsportal::db::now_ms())
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(live_grants, 1, "only the sender's token was ended");
}

#[tokio::test]
async fn a_staging_server_on_the_simulator_takes_no_meta_callback_signed_with_its_public_secret() {
    use whatsportal::{meta::webhooks::make_signed_request, simulator::APP_SECRET};
    let app = spawn_app_with(|settings| {
        settings.environment = Environment::Production;
        settings.allow_simulator_in_production = true;
    })
    .await;
    let delivery = crate::support::lifecycle::account_update(
        WABA,
        "PARTNER_APP_UNINSTALLED",
        serde_json::json!({}),
        crate::support::lifecycle::now_seconds(),
    );
    let answer = app.deliver_to_webhook(&delivery, APP_SECRET).await;
    assert_eq!(answer.status(), 403);
    let signed = make_signed_request(
        APP_SECRET,
        "810000000000001",
        crate::support::lifecycle::now_seconds(),
    );
    for path in ["/meta/deauthorize", "/meta/data-deletion"] {
        let answer = app
            .client
            .post(format!("{}{path}", app.address))
            .form(&[("signed_request", signed.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 403, "{path}");
    }
    let (stored,): (i64,) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM meta_events) + (SELECT COUNT(*) FROM data_deletion_requests)",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(stored, 0);
}
