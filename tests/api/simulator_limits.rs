//! The Meta simulator cannot be used to fill the server: its dialog serves open test
//! sessions only in production (a bounded number of times each), anonymous calls store
//! nothing, calls repeated with the same token store nothing new, and what it stores is
//! shared by every instance and swept once expired.

use serde_json::json;
use whatsportal::{
    config::Environment,
    db,
    model::Mode,
    services::{vendors, Actor},
    simulator::{APP_ID, AUTHORIZATIONS_PER_SESSION},
};

use crate::{
    support::app::{spawn_app, spawn_app_on, spawn_app_with, TestApp},
    support::connect::{PHONE, WABA},
    support::pages::DANA,
};

async fn stored_grants(app: &TestApp) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM simulator_grants")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    count
}

async fn authorize(app: &TestApp, session_token: Option<&str>) -> u16 {
    app.client
        .post(format!("{}/meta-sim/dialog/authorize", app.address))
        .json(&json!({ "app_id": APP_ID, "waba_id": WABA, "session_token": session_token }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn in_production_the_dialog_serves_open_test_sessions_only_a_bounded_number_of_times() {
    let app = spawn_app_with(|s| {
        s.environment = Environment::Production;
        s.allow_simulator_in_production = true;
    })
    .await;
    let vendor = app.seed_vendor().await;
    let test_key = vendors::keys::create_key(&app.db, Actor::CLI, &vendor.vendor_id, Mode::Test)
        .await
        .unwrap();
    let test_session = app.session_token(test_key.api_key.expose(), "c1").await;
    let live_session = app.session_token(&vendor.api_key, "c1").await;

    assert_eq!(authorize(&app, None).await, 403);
    assert_eq!(authorize(&app, Some(&"ab".repeat(32))).await, 403);
    assert_eq!(authorize(&app, Some(&live_session)).await, 403);
    assert_eq!(stored_grants(&app).await, 0);
    for _ in 0..AUTHORIZATIONS_PER_SESSION {
        assert_eq!(authorize(&app, Some(&test_session)).await, 200);
    }
    assert_eq!(authorize(&app, Some(&test_session)).await, 429);
    assert_eq!(stored_grants(&app).await, AUTHORIZATIONS_PER_SESSION);
}

#[tokio::test]
async fn anonymous_calls_store_nothing() {
    let app = spawn_app().await;
    let graph = format!("{}/meta-sim/graph/v23.0", app.address);
    for n in 0..200 {
        let listing = app
            .client
            .get(format!(
                "{graph}/me/accounts?limit=100&access_token=EAAU{n:064}"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(listing.status(), 400);
        let exchange = app
            .client
            .get(format!(
                "{graph}/oauth/access_token?client_id={APP_ID}&client_secret=simulated-app-secret&code=AQ{n:048}"
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(exchange.status(), 400);
    }

    assert_eq!(stored_grants(&app).await, 0);
}

#[tokio::test]
async fn listing_pages_again_stores_no_new_tokens() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let user_token = app.log_in_to_facebook(DANA).await;
    assert_eq!(app.list_pages(&token, &user_token).await.status(), 200);
    let after_one_listing = stored_grants(&app).await;

    for _ in 0..10 {
        assert_eq!(app.list_pages(&token, &user_token).await.status(), 200);
    }

    assert!(
        after_one_listing > 1,
        "the login's token and its pages' tokens"
    );
    assert_eq!(stored_grants(&app).await, after_one_listing);
}

#[tokio::test]
async fn codes_are_shared_by_every_instance_and_expired_grants_are_swept() {
    let first = spawn_app().await;
    let second = spawn_app_on(first.database_url.clone(), |_| {}).await;
    let vendor = first.seed_vendor().await;
    let token = second.whatsapp_session(&vendor, "customer_1").await;
    // The dialog answered on one instance; the completion runs on the other.
    let code = first.approve_in_dialog(WABA).await;

    let completed = second
        .complete_whatsapp(&token, &code, WABA, Some(PHONE))
        .await;

    assert_eq!(completed.status(), 200);
    assert!(
        stored_grants(&first).await >= 2,
        "the code and the business token"
    );
    let sixty_one_days = 61 * 24 * 3_600_000;
    db::simulator_grants::sweep(&first.db, db::now_ms() + sixty_one_days)
        .await
        .unwrap();
    assert_eq!(stored_grants(&first).await, 0);
}
