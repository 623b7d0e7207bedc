//! The contract's 401 rows: key missing, invalid (malformed, unknown, revoked), vendor inactive.

use crate::support::app::{assert_error, session_body, spawn_app};
use whatsportal::model::Mode;
use whatsportal::services::{vendors, Actor};

#[tokio::test]
async fn a_missing_key_is_401() {
    let app = spawn_app().await;
    let response = app
        .raw_session_request()
        .json(&session_body("c1"))
        .send()
        .await
        .unwrap();
    assert_error(response, 401, "Authorization").await;
}

#[tokio::test]
async fn a_header_without_bearer_is_401() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let response = app
        .raw_session_request()
        .header("Authorization", format!("Basic {}", vendor.api_key))
        .json(&session_body("c1"))
        .send()
        .await
        .unwrap();
    assert_error(response, 401, "Bearer").await;
}

#[tokio::test]
async fn a_malformed_key_is_401() {
    let app = spawn_app().await;
    for bad in ["short", &"Z".repeat(64), &"A".repeat(64)] {
        let response = app.create_session(bad, &session_body("c1")).await;
        assert_error(response, 401, "API key").await;
    }
}

#[tokio::test]
async fn an_unknown_key_is_401() {
    let app = spawn_app().await;
    app.seed_vendor().await;
    let response = app
        .create_session(&"0".repeat(64), &session_body("c1"))
        .await;
    assert_error(response, 401, "Invalid API key").await;
}

#[tokio::test]
async fn a_revoked_key_is_401_at_once_and_other_keys_keep_working() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let second = vendors::keys::create_key(&app.db, Actor::CLI, &vendor.vendor_id, Mode::Live)
        .await
        .unwrap();
    assert_eq!(
        app.create_session(&vendor.api_key, &session_body("c1"))
            .await
            .status(),
        200
    );

    vendors::keys::revoke_key(&app.db, Actor::CLI, None, &vendor.key_id)
        .await
        .unwrap();

    assert_error(
        app.create_session(&vendor.api_key, &session_body("c1"))
            .await,
        401,
        "revoked",
    )
    .await;
    let response = app
        .create_session(second.api_key.expose(), &session_body("c1"))
        .await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn an_inactive_vendor_is_401_and_reactivation_restores_access() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    vendors::accounts::set_vendor_active(&app.db, Actor::CLI, &vendor.vendor_id, false)
        .await
        .unwrap();

    assert_error(
        app.create_session(&vendor.api_key, &session_body("c1"))
            .await,
        401,
        "inactive",
    )
    .await;

    vendors::accounts::set_vendor_active(&app.db, Actor::CLI, &vendor.vendor_id, true)
        .await
        .unwrap();
    assert_eq!(
        app.create_session(&vendor.api_key, &session_body("c1"))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn authentication_comes_before_body_validation() {
    let app = spawn_app().await;
    let response = app
        .raw_session_request()
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_error(response, 401, "Authorization").await;
}

#[tokio::test]
async fn using_a_key_records_when_it_was_last_used() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let before = whatsportal::db::now_ms();
    assert_eq!(app.key_last_used(&vendor.key_id).await, None);

    app.create_session(&vendor.api_key, &session_body("c1"))
        .await;

    let used = app
        .key_last_used(&vendor.key_id)
        .await
        .expect("last used is recorded");
    assert!(
        used >= before,
        "last used {used} is before the call at {before}"
    );
}

#[tokio::test]
async fn every_vendor_api_answer_is_no_store_and_the_openapi_document_is_cacheable() {
    let app = spawn_app().await;
    let refused = app
        .create_session(&"0".repeat(64), &session_body("c1"))
        .await;
    let wrong_method = app
        .client
        .get(format!("{}/api/vendor/sessions", app.address))
        .send()
        .await
        .unwrap();
    let unknown = app
        .client
        .get(format!("{}/api/vendor/nothing-here", app.address))
        .send()
        .await
        .unwrap();
    for (response, status) in [(refused, 401), (wrong_method, 405), (unknown, 404)] {
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(response.headers()["cache-control"], "no-store");
    }
    let document = app
        .client
        .get(format!("{}/api/openapi.json", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(document.headers()["cache-control"], "public, max-age=300");
}
