//! The WhatsApp connect page, server-rendered: branding, token states, headers.

use whatsportal::services::{vendors, Actor};

use crate::support::app::{session_body, spawn_app};

#[tokio::test]
async fn a_valid_token_shows_the_vendor_and_records_the_first_opening_only() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;

    let response = app.whatsapp_page(&token).await;

    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();
    assert!(html.contains("Acme CRM"), "{html}");
    assert!(html.contains("https://cdn.example.com/acme.png"));
    assert!(html.contains("Connect WhatsApp"));
    assert!(html.contains("Simulated Meta"));
    assert!(
        !html.contains(&token[..16]) || html.matches(&token[..16]).count() <= 2,
        "the token is echoed freely"
    );
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["cross-origin-opener-policy"], "unsafe-none");
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("'nonce-"), "{csp}");

    let opened = |app: &crate::support::app::TestApp| {
        let pool = app.db.pool().clone();
        async move {
            let (opened, consumed): (Option<i64>, Option<i64>) =
                sqlx::query_as("SELECT opened_at, consumed_at FROM connect_sessions")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            (opened, consumed)
        }
    };
    let (first_opened, consumed) = opened(&app).await;
    assert!(first_opened.is_some());
    assert_eq!(consumed, None);
    // A second view once the clock has moved on would write a later time if it wrote.
    while whatsportal::db::now_ms() <= first_opened.unwrap() {
        tokio::task::yield_now().await;
    }
    assert_eq!(app.whatsapp_page(&token).await.status(), 200);
    assert_eq!(opened(&app).await.0, first_opened);
}

#[tokio::test]
async fn unknown_and_malformed_tokens_are_404() {
    let app = spawn_app().await;
    for token in ["", "abc", &"0".repeat(64)] {
        let response = app.whatsapp_page(token).await;
        assert_eq!(response.status(), 404, "{token}");
        assert!(response.text().await.unwrap().contains("not valid"));
    }
}

#[tokio::test]
async fn an_expired_token_is_410_with_the_vendors_branding() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    app.expire_session(&token).await;
    let response = app.whatsapp_page(&token).await;
    assert_eq!(response.status(), 410);
    let html = response.text().await.unwrap();
    assert!(html.contains("Session has expired"));
    assert!(html.contains("Acme CRM"));
}

#[tokio::test]
async fn a_used_token_is_409() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    assert_eq!(app.connect_whatsapp(&token).await.status(), 200);
    let response = app.whatsapp_page(&token).await;
    assert_eq!(response.status(), 409);
    assert!(response.text().await.unwrap().contains("already been used"));
}

#[tokio::test]
async fn an_inactive_vendor_is_403() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    vendors::accounts::set_vendor_active(&app.db, Actor::CLI, &vendor.vendor_id, false)
        .await
        .unwrap();
    assert_eq!(app.whatsapp_page(&token).await.status(), 403);
}

#[tokio::test]
async fn a_meta_page_token_is_not_a_whatsapp_token() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut body = session_body("customer_1");
    body["integrationType"] = "meta_page".into();
    let created: serde_json::Value = app
        .create_session(&vendor.api_key, &body)
        .await
        .json()
        .await
        .unwrap();
    let response = app
        .whatsapp_page(created["session_token"].as_str().unwrap())
        .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn production_refuses_the_simulator_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings =
        whatsportal::config::Settings::for_tests(format!("sqlite:{}/p.db", dir.path().display()));
    settings.environment = whatsportal::config::Environment::Production;
    let refused = whatsportal::startup::Application::build(settings.clone()).await;
    assert!(refused.err().unwrap().to_string().contains("simulator"));
    settings.allow_simulator_in_production = true;
    assert!(whatsportal::startup::Application::build(settings)
        .await
        .is_ok());
}
