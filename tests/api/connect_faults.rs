//! Every injected Meta fault leaves the session usable, and a retry succeeds.

use serde_json::{json, Value};

use crate::{
    support::app::{spawn_app, TestApp},
    support::connect::{assert_connect_error, step_of, WABA},
};

async fn fault_then_retry(fault: Value, status: u16, error: &str) -> TestApp {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    app.inject_fault(fault).await;
    assert_connect_error(app.connect_whatsapp(&token).await, status, error).await;
    let retry = app.connect_whatsapp(&token).await;
    assert_eq!(retry.status(), 200, "{}", retry.text().await.unwrap());
    app
}

#[tokio::test]
async fn one_transient_500_is_retried_by_the_client() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    app.inject_fault(
        json!({"endpoint": "subscribed_apps", "target": WABA, "kind": "http_500", "count": 1}),
    )
    .await;
    assert_eq!(app.connect_whatsapp(&token).await.status(), 200);
}

#[tokio::test]
async fn repeated_500s_fail_as_meta_unavailable_and_the_tab_can_retry() {
    fault_then_retry(
        json!({"endpoint": "subscribed_apps", "target": WABA, "kind": "http_500", "count": 2}),
        502,
        "MetaUnavailable",
    )
    .await;
}

#[tokio::test]
async fn register_is_never_retried_automatically_and_only_that_step_is_retried() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    // One failure: a client that retried by itself would have succeeded.
    app.inject_fault(
        json!({"endpoint": "register", "target": WABA, "kind": "http_500", "count": 1}),
    )
    .await;
    assert_connect_error(app.connect_whatsapp(&token).await, 502, "MetaUnavailable").await;
    let (status,): (String,) = sqlx::query_as("SELECT status FROM whatsapp_connections")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(status, "needs_registration", "the shared WABA is kept");
    // The retry needs no new code: only the failed step runs again.
    let step = step_of(app.whatsapp_retry(&token).await).await;
    assert_eq!(
        step["Connected"]["phone_number_id"],
        crate::support::connect::PHONE
    );
}

#[tokio::test]
async fn transient_graph_code_2_twice_is_meta_unavailable() {
    fault_then_retry(
        json!({"endpoint": "debug_token", "target": WABA, "kind": "graph_error", "code": 2, "count": 2}),
        502,
        "MetaUnavailable",
    )
    .await;
}

#[tokio::test]
async fn a_timeout_is_meta_unavailable() {
    fault_then_retry(
        json!({"endpoint": "debug_token", "target": WABA, "kind": "timeout"}),
        502,
        "MetaUnavailable",
    )
    .await;
}

#[tokio::test]
async fn an_invalid_token_error_asks_for_a_new_sign_in() {
    fault_then_retry(
        json!({"endpoint": "subscribed_apps", "target": WABA, "kind": "graph_error", "code": 190}),
        422,
        "TokenInvalid",
    )
    .await;
}

#[tokio::test]
async fn a_rejected_parameter_is_meta_rejected_without_metas_text() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    app.inject_fault(
        json!({"endpoint": "subscribed_apps", "target": WABA, "kind": "graph_error", "code": 100}),
    )
    .await;
    let response = app.connect_whatsapp(&token).await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"AfterSignup":"MetaRejected"}"#,
        "Meta's own words never reach the page"
    );
}

#[tokio::test]
async fn a_permission_error_is_not_granted() {
    fault_then_retry(
        json!({"endpoint": "register", "target": WABA, "kind": "graph_error", "code": 200}),
        422,
        "NotGranted",
    )
    .await;
}

#[tokio::test]
async fn an_expired_code_fails_the_exchange_and_leaves_the_session_usable() {
    let app = fault_then_retry(
        json!({"endpoint": "oauth/access_token", "target": WABA, "kind": "expire_code"}),
        422,
        "CodeRejected",
    )
    .await;
    let (reason,): (Option<String>,) =
        sqlx::query_as("SELECT failure_reason FROM connect_sessions")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(reason, None, "a completed session keeps no failure");
}

#[tokio::test]
async fn a_failure_is_recorded_on_the_session_without_consuming_it() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    app.inject_fault(json!({"endpoint": "oauth/access_token", "kind": "http_500", "count": 2}))
        .await;
    assert_connect_error(app.connect_whatsapp(&token).await, 502, "MetaUnavailable").await;
    let (consumed, reason): (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT consumed_at, failure_reason FROM connect_sessions")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(consumed, None);
    assert_eq!(reason.as_deref(), Some("MetaUnavailable"));
}
