//! Completing WhatsApp Embedded Signup against the simulator, over real HTTP.

use serde_json::json;
use tokio::task::JoinSet;
use whatsportal::{crypto::Keyring, db};

use crate::{
    connect_helpers::{assert_connect_error, PHONE, WABA},
    helpers::spawn_app,
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
    let business_token = ring
        .open(
            &stored.key_id,
            &stored.token_ciphertext,
            &format!("whatsapp_connections/{workspace_id}/token"),
        )
        .unwrap();
    assert!(String::from_utf8(business_token.clone())
        .unwrap()
        .starts_with("EAAS"));
    assert!(!stored
        .token_ciphertext
        .contains(&hex::encode(&business_token)));
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
async fn a_second_completion_is_already_used() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    assert_eq!(app.connect_whatsapp(&token).await.status(), 200);
    assert_connect_error(app.connect_whatsapp(&token).await, 409, "AlreadyUsed").await;
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
    let mut connected = 0;
    while let Some(done) = calls.join_next().await {
        let (status, body) = done.unwrap();
        match status {
            200 if body.contains("Connected") => connected += 1,
            // Another run's code or event came in between: this run waits for its half.
            200 => assert!(body.contains("Awaiting"), "{status} {body}"),
            409 => assert!(
                body.contains("AlreadyUsed") || body.contains("Busy"),
                "{status} {body}"
            ),
            _ => panic!("{status} {body}"),
        }
    }
    assert_eq!(connected, 1);
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
