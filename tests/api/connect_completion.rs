//! Completing WhatsApp Embedded Signup against the simulator, over real HTTP.

use serde_json::json;
use tokio::task::JoinSet;
use whatsportal::{crypto::Keyring, db};

use crate::{
    support::app::spawn_app,
    support::connect::{assert_connect_error, PHONE, WABA},
};

fn test_keyring() -> Keyring {
    Keyring::parse(
        whatsportal::config::Settings::for_tests("sqlite:x")
            .encryption_keys
            .as_ref()
            .unwrap()
            .expose(),
    )
    .unwrap()
}

#[tokio::test]
async fn success_returns_the_contract_fields_and_consumes_the_session() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;

    let result = app.connected(&token).await;

    assert!(result["account_id"].as_str().unwrap().starts_with("wp_"));
    assert_eq!(result["waba_id"], WABA);
    assert_eq!(result["phone_number_id"], PHONE);
    assert_eq!(result["state"], "csrf-123");
    assert_eq!(result["target_origin"], "https://app.example.com");
    let session = app.stored_session(&token).await.unwrap();
    assert!(session.consumed_at.is_some());
}

#[tokio::test]
async fn the_business_token_and_the_numbers_pin_are_stored_sealed() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    assert_eq!(app.connect_whatsapp(&token).await.status(), 200);

    let (workspace_id,): (String,) = sqlx::query_as("SELECT id FROM workspaces")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let stored = db::whatsapp_connections::find(&app.db, &workspace_id)
        .await
        .unwrap()
        .unwrap();
    let ring = test_keyring();
    let sealed = stored
        .token_ciphertext
        .as_deref()
        .expect("a token is stored");
    let business_token = ring
        .open(
            stored.key_id.as_deref().expect("with its key"),
            sealed,
            &format!("whatsapp_connections/{workspace_id}/token"),
        )
        .unwrap();
    assert!(String::from_utf8(business_token.clone())
        .unwrap()
        .starts_with("EAAS"));
    assert!(!sealed.contains(&hex::encode(&business_token)));
    assert_eq!(
        stored.pin_ciphertext, None,
        "PINs are kept per phone number"
    );
    let (sealed, key_id, source): (String, String, String) = sqlx::query_as(
        "SELECT pin_ciphertext, key_id, source FROM phone_pins WHERE phone_number_id = $1",
    )
    .bind(PHONE)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let pin = ring
        .open(&key_id, &sealed, &format!("phone_pins/{PHONE}"))
        .unwrap();
    assert_eq!(pin.len(), 6);
    assert!(pin.iter().all(u8::is_ascii_digit));
    assert!(!sealed.contains(&hex::encode(&pin)));
    assert_eq!(source, "generated");
}

#[tokio::test]
async fn a_completion_repeated_after_success_returns_the_same_result() {
    let (app, token, attempt) = code_exchanged().await;
    let event = crate::support::connect::finish(WABA, Some(PHONE));
    let first = app.whatsapp_event(&token, &attempt, event.clone()).await;
    assert_eq!(first.status(), 200);
    let first = first.text().await.unwrap();

    // The page never saw the answer and sends the same event again, then the retry.
    let again = app.whatsapp_event(&token, &attempt, event).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.text().await.unwrap(), first);
    let retried = app.whatsapp_retry(&token).await;
    assert_eq!(retried.text().await.unwrap(), first);

    // Nothing happened twice: one connection, one webhook event.
    let (connections, events): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM whatsapp_connections), (SELECT COUNT(*) FROM webhook_deliveries)",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(connections, 1);
    assert!(events <= 1, "{events}");
    // Long after the completion, the same call is refused as used.
    sqlx::query("UPDATE connect_sessions SET consumed_at = consumed_at - 1900000")
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_connect_error(app.whatsapp_retry(&token).await, 409, "AlreadyUsed").await;
}

/// A session whose dialog run `attempt` brought a code, exchanged; the event is next.
async fn code_exchanged() -> (crate::support::app::TestApp, String, String) {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let attempt = db::new_id("run");
    let code = app.approve_in_dialog(WABA).await;
    assert_eq!(
        app.whatsapp_code(&token, &attempt, &code).await.status(),
        200
    );
    (app, token, attempt)
}

/// Sends the finish event from a browser that gives up after 300 ms.
async fn event_from_an_impatient_browser(
    app: &crate::support::app::TestApp,
    token: &str,
    attempt: &str,
) {
    // The customer's own browser (its binding cookie), giving up early.
    let impatient = reqwest::Client::builder()
        .cookie_provider(app.jar.clone())
        .timeout(std::time::Duration::from_millis(300))
        .build()
        .unwrap();
    let dropped = impatient
        .post(format!("{}/api/connect/whatsapp/event", app.address))
        .json(&json!({"session_token": token, "attempt": attempt,
            "report": crate::support::connect::finish(WABA, Some(PHONE))}))
        .send()
        .await;
    assert!(dropped.is_err(), "the browser went away before the answer");
}

#[tokio::test]
async fn a_completion_whose_browser_went_away_still_completes_and_the_repeat_gets_its_result() {
    let (app, token, attempt) = code_exchanged().await;
    app.inject_fault(json!({"endpoint": "subscribed_apps", "target": WABA, "kind": "slow"}))
        .await;

    event_from_an_impatient_browser(&app, &token, &attempt).await;

    // The same event again, as the page sends it when its answer was lost.
    let repeat = app
        .whatsapp_event(
            &token,
            &attempt,
            crate::support::connect::finish(WABA, Some(PHONE)),
        )
        .await;
    let result = crate::support::connect::connected_result(repeat).await;
    assert_eq!(result["waba_id"], WABA);
    let (connections,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM whatsapp_connections")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(connections, 1);
}

#[tokio::test]
async fn a_failed_completion_whose_browser_went_away_does_not_hold_the_session() {
    let (app, token, attempt) = code_exchanged().await;
    // Meta hangs on a call after the event: the completion fails on the server after the
    // Graph client's time limit (2 s), long after the browser has gone.
    app.inject_fault(json!({"endpoint": "subscribed_apps", "target": WABA, "kind": "timeout"}))
        .await;

    event_from_an_impatient_browser(&app, &token, &attempt).await;

    // The page's retry waits for the claim only while that completion runs (not the
    // whole two-minute lease), then completes.
    let started = std::time::Instant::now();
    let repeat = app.whatsapp_retry(&token).await;
    let result = crate::support::connect::connected_result(repeat).await;
    assert_eq!(result["waba_id"], WABA);
    assert_eq!(result["phone_number_id"], PHONE);
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    assert!(app
        .stored_session(&token)
        .await
        .unwrap()
        .consumed_at
        .is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_twenty_concurrent_completions_exactly_one_connects() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let mut codes = Vec::new();
    for _ in 0..20 {
        codes.push(app.approve_in_dialog(WABA).await);
    }
    let app = std::sync::Arc::new(app);
    let mut calls = JoinSet::new();
    for code in codes {
        let (app, token) = (app.clone(), token.clone());
        calls.spawn(async move {
            let response = app
                .complete_whatsapp(&token, &code, WABA, Some(PHONE))
                .await;
            (response.status().as_u16(), response.text().await.unwrap())
        });
    }
    let mut connected = std::collections::HashSet::new();
    while let Some(done) = calls.join_next().await {
        let (status, body) = done.unwrap();
        match status {
            // The one completion, or its result answered again to a later call.
            200 if body.contains("Connected") => {
                connected.insert(body);
            }
            // Another run's code or event came in between: this run waits for its half.
            200 => assert!(body.contains("Awaiting"), "{status} {body}"),
            409 => assert!(
                body.contains("AlreadyUsed") || body.contains("Busy"),
                "{status} {body}"
            ),
            _ => panic!("{status} {body}"),
        }
    }
    assert_eq!(connected.len(), 1, "every success is the same result");
    let (connections,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM whatsapp_connections")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(connections, 1);
}

#[tokio::test]
async fn an_expired_session_cannot_complete() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    app.expire_session(&token).await;
    assert_connect_error(app.connect_whatsapp(&token).await, 410, "Expired").await;
}

#[tokio::test]
async fn unknown_and_malformed_tokens_are_refused() {
    let app = spawn_app().await;
    let code = app.approve_in_dialog(WABA).await;
    for token in ["nope", &"a".repeat(64)] {
        assert_connect_error(
            app.complete_whatsapp(token, &code, WABA, Some(PHONE)).await,
            404,
            "UnknownSession",
        )
        .await;
    }
}

#[tokio::test]
async fn reconnecting_updates_the_connection_in_place_with_the_same_account_id() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let first = app
        .connected(&app.whatsapp_session(&vendor, "customer_1").await)
        .await;
    let second = app
        .connected(&app.whatsapp_session(&vendor, "customer_1").await)
        .await;
    assert_eq!(first["account_id"], second["account_id"]);
    let (connections,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM whatsapp_connections")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(connections, 1);
}

#[tokio::test]
async fn a_waba_the_business_token_cannot_read_is_refused() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    app.inject_fault(json!({"endpoint": "waba", "target": WABA, "kind": "not_granted"}))
        .await;
    assert_connect_error(app.connect_whatsapp(&token).await, 422, "NotGranted").await;
    let again = app.connect_whatsapp(&token).await;
    assert_eq!(again.status(), 200, "{}", again.text().await.unwrap());
}

#[tokio::test]
async fn a_reported_waba_other_than_the_shared_one_is_refused() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let code = app.approve_in_dialog(WABA).await;
    let response = app
        .complete_whatsapp(&token, &code, "920000000000002", Some("930000000000002"))
        .await;
    assert_connect_error(response, 422, "NotGranted").await;
}

#[tokio::test]
async fn undecodable_server_function_requests_are_400_without_decoder_text() {
    let app = spawn_app().await;
    for path in [
        "whatsapp/code",
        "whatsapp/event",
        "whatsapp/pin",
        "whatsapp/retry",
        "pages/list",
        "pages/complete",
        "session",
    ] {
        for body in ["{", "null", r#"{"session_token": 5}"#, "[]"] {
            let response = app
                .client
                .post(format!("{}/api/connect/{path}", app.address))
                .header("Content-Type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 400, "{path} {body}");
            let text = response.text().await.unwrap();
            assert_eq!(text, r#""BadRequest""#, "{path} {body}");
        }
    }
}
