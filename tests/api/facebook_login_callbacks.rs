//! Facebook Login's callbacks against the review's findings: a signed request from long
//! ago accepted (twice), page tokens of a person who asked for deletion stored again by
//! a session still open, and a status URL built from the request's `Host`.

use serde_json::Value;
use whatsportal::{meta::webhooks::make_signed_request, simulator::APP_SECRET};

use crate::{
    support::app::{spawn_app, spawn_app_with, TestApp},
    support::lifecycle::now_seconds,
    support::pages::DANA,
};

async fn delete_data(app: &TestApp, signed_request: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/meta/data-deletion", app.address))
        .form(&[("signed_request", signed_request)])
        .send()
        .await
        .unwrap()
}

async fn requests_recorded(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM data_deletion_requests")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn a_stale_signed_request_is_refused_and_a_repeated_one_answered_once() {
    let app = spawn_app().await;
    // 2001-01-01: a captured request replayed.
    let stale = make_signed_request(APP_SECRET, DANA, 978_307_200);
    assert_eq!(delete_data(&app, &stale).await.status(), 400);
    let no_time = {
        use base64::Engine;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let payload = engine.encode(r#"{"algorithm":"HMAC-SHA256","user_id":"810000000000001"}"#);
        let signature = whatsportal::meta::webhooks::sign(APP_SECRET, payload.as_bytes());
        let raw = hex::decode(signature.trim_start_matches("sha256=")).unwrap();
        format!("{}.{payload}", engine.encode(raw))
    };
    assert_eq!(delete_data(&app, &no_time).await.status(), 400);
    assert_eq!(requests_recorded(&app).await, 0);

    let fresh = make_signed_request(APP_SECRET, DANA, now_seconds());
    let first: Value = delete_data(&app, &fresh).await.json().await.unwrap();
    let again: Value = delete_data(&app, &fresh).await.json().await.unwrap();
    assert_eq!(first["confirmation_code"], again["confirmation_code"]);
    assert_eq!(requests_recorded(&app).await, 1);
}

#[tokio::test]
async fn a_deletion_forgets_the_pages_listed_in_an_open_session_which_lists_no_more() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "shop-1").await;
    let listed = app.listed_pages(&token, DANA).await;
    let page_id = listed[0]["id"].as_str().unwrap().to_owned();
    let pending = |app: &TestApp| {
        let pool = app.db.pool().clone();
        async move {
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM pending_page_tokens")
                .fetch_one(&pool)
                .await
                .unwrap();
            n
        }
    };
    assert!(pending(&app).await > 0);

    let signed = make_signed_request(APP_SECRET, DANA, now_seconds());
    assert_eq!(delete_data(&app, &signed).await.status(), 200);
    assert_eq!(
        pending(&app).await,
        0,
        "the person's listed tokens are gone"
    );

    // The session still open cannot store them again.
    let user_token = app.log_in_to_facebook(DANA).await;
    let relisted = app.list_pages(&token, &user_token).await;
    assert_eq!(relisted.status(), 422);
    assert_eq!(pending(&app).await, 0);
    let chosen = app.connect_pages(&token, &[&page_id]).await;
    assert_eq!(chosen.status(), 422, "nothing listed is left to connect");
    assert_eq!(app.stored_connection_tokens().await, 0);
}

#[tokio::test]
async fn the_status_url_is_the_configured_address_whatever_the_host() {
    let app = spawn_app_with(|s| s.public_url = Some("https://connect.example.com".into())).await;
    let signed = make_signed_request(APP_SECRET, DANA, now_seconds());
    let answer = delete_data(&app, &signed).await;
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.unwrap();
    let code = body["confirmation_code"].as_str().unwrap();
    assert_eq!(
        body["url"],
        format!("https://connect.example.com/meta/data-deletion/{code}")
    );
    let status = app
        .client
        .get(format!("{}/meta/data-deletion/{code}", app.address))
        .send()
        .await
        .unwrap();
    let csp = status.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
}
