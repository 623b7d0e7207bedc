//! What a successful call returns and stores.

use serde_json::Value;
use sha2::{Digest, Sha256};
use whatsportal::domain::SessionToken;

use crate::support::app::{session_body, spawn_app, ORIGIN};

#[tokio::test]
async fn returns_a_token_a_connect_path_and_the_sessions_id() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let response = app
        .create_session(&vendor.api_key, &session_body("c1"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // The contract's two fields, and the id the session is read back by (not a secret).
    assert_eq!(fields, ["connect_url", "session_id", "session_token"]);
    let token = body["session_token"].as_str().unwrap();
    assert_eq!(token.len(), 64);
    assert!(token
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    assert_eq!(
        body["connect_url"],
        format!("/vendor/connect/whatsapp?session_token={token}")
    );
}

#[tokio::test]
async fn stores_only_the_hash_of_the_token_with_a_ten_minute_expiry() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let body: Value = app
        .create_session(&vendor.api_key, &session_body("c1"))
        .await
        .json()
        .await
        .unwrap();
    let token = body["session_token"].as_str().unwrap();

    let hash = SessionToken::parse(token).unwrap().hash();
    assert_eq!(hash.as_str(), hex::encode(Sha256::digest(token.as_bytes())));
    let stored = app.stored_session(token).await.expect("stored by hash");
    assert_eq!(stored.expires_at - stored.created_at, 10 * 60 * 1000);
    assert_eq!(stored.origin, ORIGIN);
    assert_eq!(stored.state.as_deref(), Some("csrf-123"));
    assert_eq!(stored.integration_type, "whatsapp");
    assert_eq!(stored.consumed_at, None);

    let (raw_copies,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM connect_sessions WHERE token_hash = $1 OR id = $1 OR state = $1",
    )
    .bind(token)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(raw_copies, 0, "the raw token is stored somewhere");
}

#[tokio::test]
async fn the_same_external_id_reuses_the_workspace_and_takes_the_latest_name() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut body = session_body("customer_123");
    app.create_session(&vendor.api_key, &body).await;
    body["workspaceName"] = Value::String("Acme Renamed".into());
    body["integrationType"] = Value::String("meta_page".into());
    app.create_session(&vendor.api_key, &body).await;

    assert_eq!(
        app.workspace_count(&vendor.vendor_id, "customer_123").await,
        1
    );
    assert_eq!(
        app.workspace_name(&vendor.vendor_id, "customer_123")
            .await
            .as_deref(),
        Some("Acme Renamed")
    );
    let (account_ids,): (i64,) =
        sqlx::query_as("SELECT COUNT(DISTINCT account_id) FROM workspaces")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(account_ids, 1);
}

#[tokio::test]
async fn account_ids_look_like_wp_and_differ_between_external_ids() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.create_session(&vendor.api_key, &session_body("a"))
        .await;
    app.create_session(&vendor.api_key, &session_body("b"))
        .await;
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT account_id FROM workspaces ORDER BY external_id")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert_eq!(rows.len(), 2);
    assert_ne!(rows[0].0, rows[1].0);
    assert!(rows
        .iter()
        .all(|(id,)| id.starts_with("wp_") && id.len() > 10));
}

#[tokio::test]
async fn a_refused_request_changes_nothing() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut body = session_body("new_customer");
    body["origin"] = Value::String("https://not-allowed.example.com".into());
    assert_eq!(
        app.create_session(&vendor.api_key, &body).await.status(),
        400
    );
    let (sessions,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM connect_sessions")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let (workspaces,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM workspaces")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!((sessions, workspaces), (0, 0));
}
