//! `GET /api/vendor/workspaces/{externalId}`: a vendor's server confirms a connection.

use reqwest::header;
use serde_json::Value;
use whatsportal::model::Mode;
use whatsportal::services::{vendors, Actor};

use crate::{
    support::app::{assert_error, session_body, spawn_app, TestApp},
    support::connect::{PHONE, WABA},
};

async fn workspace(app: &TestApp, key: &str, external_id: &str) -> reqwest::Response {
    app.client
        .get(format!(
            "{}/api/vendor/workspaces/{external_id}",
            app.address
        ))
        .bearer_auth(key)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_connected_workspace_shows_its_whatsapp_account_and_never_a_token() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer-1").await;
    let connected = app.connected(&token).await;

    let response = workspace(&app, &vendor.api_key, "customer-1").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["account_id"], connected["account_id"]);
    assert_eq!(body["externalId"], "customer-1");
    assert_eq!(body["workspaceName"], "Acme Co");
    assert_eq!(body["livemode"], true);
    assert_eq!(body["whatsapp"]["waba_id"], WABA);
    assert_eq!(body["whatsapp"]["phone_number_id"], PHONE);
    let connected_at = body["whatsapp"]["connected_at"].as_str().unwrap();
    assert!(
        connected_at.ends_with('Z') && connected_at.contains('T'),
        "{connected_at}"
    );
    assert_eq!(body["pages"], Value::Array(vec![]));
    let text = body.to_string();
    assert!(!text.contains("token") && !text.contains(&token));
}

#[tokio::test]
async fn a_workspace_without_connections_says_so() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.create_session(&vendor.api_key, &session_body("customer-2"))
        .await;

    let body: Value = workspace(&app, &vendor.api_key, "customer-2")
        .await
        .json()
        .await
        .unwrap();

    assert!(body["whatsapp"].is_null());
    assert_eq!(body["pages"], Value::Array(vec![]));
}

#[tokio::test]
async fn unknown_and_other_vendors_external_ids_are_404() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let other = app.seed_vendor().await;
    app.create_session(&other.api_key, &session_body("theirs"))
        .await;

    assert_error(
        workspace(&app, &vendor.api_key, "nobody").await,
        404,
        "externalId",
    )
    .await;
    assert_error(
        workspace(&app, &vendor.api_key, "theirs").await,
        404,
        "externalId",
    )
    .await;
    assert_eq!(
        workspace(&app, &other.api_key, "theirs").await.status(),
        200
    );
}

#[tokio::test]
async fn test_and_live_keys_see_only_their_own_mode() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let test_key = vendors::keys::create_key(&app.db, Actor::CLI, &vendor.vendor_id, Mode::Test)
        .await
        .unwrap();
    let test_key = test_key.api_key.expose().to_owned();
    app.create_session(&test_key, &session_body("sandbox-only"))
        .await;
    app.create_session(&vendor.api_key, &session_body("both"))
        .await;
    app.create_session(&test_key, &session_body("both")).await;

    let sandbox: Value = workspace(&app, &test_key, "sandbox-only")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sandbox["livemode"], false);
    assert_error(
        workspace(&app, &vendor.api_key, "sandbox-only").await,
        404,
        "externalId",
    )
    .await;
    let live: Value = workspace(&app, &vendor.api_key, "both")
        .await
        .json()
        .await
        .unwrap();
    let test: Value = workspace(&app, &test_key, "both")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (live["livemode"].as_bool(), test["livemode"].as_bool()),
        (Some(true), Some(false))
    );
    assert_ne!(
        live["account_id"], test["account_id"],
        "test and live workspaces never mix"
    );
}

#[tokio::test]
async fn the_endpoint_wants_a_key_and_a_get() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let unauthenticated = app
        .client
        .get(format!("{}/api/vendor/workspaces/customer-1", app.address))
        .send()
        .await
        .unwrap();
    assert_error(unauthenticated, 401, "API key").await;
    let post = app
        .client
        .post(format!("{}/api/vendor/workspaces/customer-1", app.address))
        .bearer_auth(&vendor.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(post.status(), 405);
    assert_eq!(post.headers()[header::ALLOW], "GET, DELETE");
}
