//! The contract's request-field table, one field at a time.

use serde_json::{json, Value};

use crate::support::app::{assert_error, session_body, spawn_app, TestApp, ORIGIN};

async fn post(app: &TestApp, body: Value) -> reqwest::Response {
    let vendor = app.seed_vendor().await;
    app.create_session(&vendor.api_key, &body).await
}

fn without(field: &str) -> Value {
    let mut body = session_body("customer_1");
    body.as_object_mut().unwrap().remove(field);
    body
}

fn with(field: &str, value: Value) -> Value {
    let mut body = session_body("customer_1");
    body[field] = value;
    body
}

#[tokio::test]
async fn every_required_field_is_named_when_missing_or_null() {
    let app = spawn_app().await;
    for field in ["workspaceName", "externalId", "origin"] {
        assert_error(post(&app, without(field)).await, 400, field).await;
        assert_error(post(&app, with(field, Value::Null)).await, 400, field).await;
    }
}

#[tokio::test]
async fn workspace_name_is_at_most_100_characters_and_not_blank() {
    let app = spawn_app().await;
    assert_eq!(
        post(&app, with("workspaceName", json!("é".repeat(100))))
            .await
            .status(),
        200
    );
    assert_error(
        post(&app, with("workspaceName", json!("a".repeat(101)))).await,
        400,
        "workspaceName",
    )
    .await;
    assert_error(
        post(&app, with("workspaceName", json!("   "))).await,
        400,
        "workspaceName",
    )
    .await;
}

#[tokio::test]
async fn external_id_follows_its_character_rules() {
    let app = spawn_app().await;
    assert_eq!(
        post(&app, with("externalId", json!("Org-12_a.b c")))
            .await
            .status(),
        200
    );
    assert_eq!(
        post(&app, with("externalId", json!("a".repeat(64))))
            .await
            .status(),
        200
    );
    for bad in ["a".repeat(65), "org/12".into(), "".into(), "a@b".into()] {
        assert_error(
            post(&app, with("externalId", json!(bad))).await,
            400,
            "externalId",
        )
        .await;
    }
}

#[tokio::test]
async fn origin_must_be_an_allowed_origin_after_normalisation() {
    let app = spawn_app().await;
    assert_eq!(
        post(&app, with("origin", json!("HTTPS://App.Example.com:443/")))
            .await
            .status(),
        200
    );
    assert_error(
        post(&app, with("origin", json!("https://other.example.com"))).await,
        400,
        "allowed origins",
    )
    .await;
    for bad in [
        format!("{ORIGIN}/path"),
        format!("{ORIGIN}?q=1"),
        "app.example.com".into(),
        "http://app.example.com".into(),
    ] {
        assert_error(post(&app, with("origin", json!(bad))).await, 400, "origin").await;
    }
}

#[tokio::test]
async fn integration_type_picks_the_connect_page() {
    let app = spawn_app().await;
    let cases = [
        (
            without("integrationType"),
            "/vendor/connect/whatsapp?session_token=",
        ),
        (
            with("integrationType", json!("whatsapp")),
            "/vendor/connect/whatsapp?session_token=",
        ),
        (
            with("integrationType", json!("meta_page")),
            "/vendor/connect/meta-page?session_token=",
        ),
    ];
    for (body, prefix) in cases {
        let response = post(&app, body).await;
        assert_eq!(response.status(), 200);
        let created: Value = response.json().await.unwrap();
        let token = created["session_token"].as_str().unwrap();
        assert_eq!(created["connect_url"], format!("{prefix}{token}"));
    }
}

#[tokio::test]
async fn an_unknown_integration_type_is_400() {
    let app = spawn_app().await;
    for bad in [json!("sms"), json!("meta-page"), json!(1)] {
        assert_error(
            post(&app, with("integrationType", bad)).await,
            400,
            "integrationType",
        )
        .await;
    }
}

#[tokio::test]
async fn state_is_optional_and_at_most_1024_characters() {
    let app = spawn_app().await;
    assert_eq!(post(&app, without("state")).await.status(), 200);
    assert_eq!(
        post(&app, with("state", json!("s".repeat(1024))))
            .await
            .status(),
        200
    );
    assert_error(
        post(&app, with("state", json!("s".repeat(1025)))).await,
        400,
        "state",
    )
    .await;
}

#[tokio::test]
async fn a_field_of_the_wrong_type_is_named() {
    let app = spawn_app().await;
    for (field, value) in [
        ("workspaceName", json!(12)),
        ("externalId", json!(123)),
        ("origin", json!(["https://app.example.com"])),
        ("state", json!({"a": 1})),
    ] {
        assert_error(post(&app, with(field, value)).await, 400, field).await;
    }
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let app = spawn_app().await;
    assert_eq!(post(&app, with("extra", json!("x"))).await.status(), 200);
}
