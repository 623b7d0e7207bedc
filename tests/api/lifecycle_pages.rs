//! Facebook Login's Deauthorize and Data Deletion callbacks, and the token health check.

use serde_json::Value;
use whatsportal::{
    meta::webhooks::make_signed_request, model::Mode, services::lifecycle::token_health,
    simulator::APP_SECRET,
};

use crate::{
    support::app::{spawn_app, SeededVendor, TestApp},
    support::connect::WABA,
    support::lifecycle::now_seconds,
    support::pages::DANA,
};

/// Connects Dana's connectable pages to `external_id`; returns their ids.
async fn connect_danas_pages(
    app: &TestApp,
    vendor: &SeededVendor,
    external_id: &str,
) -> Vec<String> {
    let token = app.pages_session(vendor, external_id).await;
    let listed = app.listed_pages(&token, DANA).await;
    let ids: Vec<String> = listed
        .iter()
        .filter(|p| p["not_connectable"].is_null())
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    let chosen: Vec<&str> = ids.iter().map(String::as_str).collect();
    assert_eq!(app.connect_pages(&token, &chosen).await.status(), 200);
    ids
}

async fn callback(app: &TestApp, path: &str, signed_request: &str) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.address))
        .form(&[("signed_request", signed_request)])
        .send()
        .await
        .unwrap()
}

fn page_statuses(workspace: &Value) -> Vec<(String, String)> {
    workspace["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["status"].as_str().unwrap().to_owned(),
                p["status_reason"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn deauthorize_forgets_the_persons_page_tokens_and_refuses_forgeries() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, Mode::Live).await;
    let ids = connect_danas_pages(&app, &vendor, "shop-1").await;
    assert!(ids.len() >= 2);

    let forged = make_signed_request("another-app-secret", DANA, now_seconds());
    assert_eq!(
        callback(&app, "/meta/deauthorize", &forged).await.status(),
        400
    );
    assert_eq!(
        callback(&app, "/meta/deauthorize", "garbage")
            .await
            .status(),
        400
    );
    let workspace = app.workspace(&vendor.api_key, "shop-1").await;
    assert!(
        page_statuses(&workspace).iter().all(|(s, _)| s == "active"),
        "a forgery changes nothing"
    );
    assert_eq!(app.stored_connection_tokens().await, ids.len() as i64);

    let valid = make_signed_request(APP_SECRET, DANA, now_seconds());
    assert_eq!(
        callback(&app, "/meta/deauthorize", &valid).await.status(),
        200
    );
    let workspace = app.workspace(&vendor.api_key, "shop-1").await;
    for (status, reason) in page_statuses(&workspace) {
        assert_eq!(
            (status.as_str(), reason.as_str()),
            ("disconnected", "deauthorized")
        );
    }
    assert_eq!(app.stored_connection_tokens().await, 0);
    let events = app.vendor_events("pages.disconnected").await;
    assert_eq!(events.len(), 1, "one event for the workspace's pages");
    assert_eq!(events[0]["data"]["reason"], "deauthorized");
    assert_eq!(
        events[0]["data"]["pages"].as_array().unwrap().len(),
        ids.len()
    );
    // Meta calling again changes nothing more.
    assert_eq!(
        callback(&app, "/meta/deauthorize", &valid).await.status(),
        200
    );
    assert_eq!(app.vendor_events("pages.disconnected").await.len(), 1);
}

#[tokio::test]
async fn data_deletion_answers_a_status_url_and_a_confirmation_code() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let ids = connect_danas_pages(&app, &vendor, "shop-1").await;

    let forged = make_signed_request("another-app-secret", DANA, now_seconds());
    assert_eq!(
        callback(&app, "/meta/data-deletion", &forged)
            .await
            .status(),
        400
    );
    let valid = make_signed_request(APP_SECRET, DANA, now_seconds());
    let answer = callback(&app, "/meta/data-deletion", &valid).await;
    assert_eq!(answer.status(), 200);
    let body: Value = answer.json().await.unwrap();
    let code = body["confirmation_code"].as_str().unwrap();
    let url = body["url"].as_str().unwrap();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with(code),
        "{url}"
    );

    let status = app.client.get(url).send().await.unwrap();
    assert_eq!(status.status(), 200);
    let page = status.text().await.unwrap();
    assert!(
        page.contains(code) && page.contains(&format!("{} Facebook Page", ids.len())),
        "{page}"
    );
    let unknown = app
        .client
        .get(format!("{}/meta/data-deletion/del_unknown", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    let workspace = app.workspace(&vendor.api_key, "shop-1").await;
    for (status, reason) in page_statuses(&workspace) {
        assert_eq!(
            (status.as_str(), reason.as_str()),
            ("disconnected", "deleted")
        );
    }
    let (kept,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM page_connections WHERE user_id IS NOT NULL OR token_ciphertext IS NOT NULL")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(kept, 0, "neither the person's id nor a token is kept");
}

#[tokio::test]
async fn the_health_check_finds_tokens_made_invalid_at_meta() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, Mode::Live).await;
    let token = app.whatsapp_session(&vendor, "shop-1").await;
    app.connected(&token).await;
    let ids = connect_danas_pages(&app, &vendor, "shop-1").await;

    let first = token_health::check_due(&app.db, &app.meta).await.unwrap();
    assert_eq!(first.tokens, 1 + ids.len(), "every token is checked once");
    assert_eq!(first.invalid, 0);
    let again = token_health::check_due(&app.db, &app.meta).await.unwrap();
    assert_eq!(
        again.tokens, 0,
        "the next check of each is planned about a day ahead"
    );
    let (planned,): (i64,) = sqlx::query_as("SELECT MIN(next_check_at) FROM whatsapp_connections")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let hours = (planned - whatsportal::db::now_ms()) / 3_600_000;
    assert!((20..=24).contains(&hours), "next check in {hours} h");

    // The customer removes the app at Meta, and a password change kills one page token.
    let revoke = |body: serde_json::Value| {
        app.client
            .post(format!("{}/meta-sim/tokens/revoke", app.address))
            .json(&body)
            .send()
    };
    assert_eq!(
        revoke(serde_json::json!({"waba_id": WABA}))
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        revoke(serde_json::json!({"page_id": ids[0]}))
            .await
            .unwrap()
            .status(),
        200
    );
    // A day later.
    sqlx::query("UPDATE whatsapp_connections SET next_check_at = 1")
        .execute(app.db.writer())
        .await
        .unwrap();
    sqlx::query("UPDATE page_connections SET next_check_at = 1")
        .execute(app.db.writer())
        .await
        .unwrap();
    let found = token_health::check_due(&app.db, &app.meta).await.unwrap();
    assert_eq!((found.tokens, found.invalid), (1 + ids.len(), 2));

    let workspace = app.workspace(&vendor.api_key, "shop-1").await;
    assert_eq!(workspace["whatsapp"]["status"], "token_invalid");
    let dead: Vec<_> = page_statuses(&workspace)
        .into_iter()
        .filter(|(s, _)| s == "token_invalid")
        .collect();
    assert_eq!(dead.len(), 1);
    assert_eq!(
        app.vendor_events("whatsapp.disconnected").await[0]["data"]["reason"],
        "token_invalid"
    );
    let pages = app.vendor_events("pages.disconnected").await;
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0]["data"]["pages"][0]["id"], ids[0].as_str());
    assert_eq!(app.stored_connection_tokens().await, ids.len() as i64 - 1);
}

#[tokio::test]
async fn a_dead_token_of_an_account_already_disconnected_is_forgotten_without_a_second_event() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, Mode::Live).await;
    let token = app.whatsapp_session(&vendor, "shop-1").await;
    app.connected(&token).await;
    let offboarded = crate::support::lifecycle::account_update(
        WABA,
        "ACCOUNT_OFFBOARDED",
        serde_json::json!({}),
        1,
    );
    app.deliver_from_simulated_meta(&offboarded).await;
    app.wait_processed(1).await;
    assert_eq!(app.stored_connection_tokens().await, 1, "kept for a return");

    app.client
        .post(format!("{}/meta-sim/tokens/revoke", app.address))
        .json(&serde_json::json!({"waba_id": WABA}))
        .send()
        .await
        .unwrap();
    let found = token_health::check_due(&app.db, &app.meta).await.unwrap();
    assert_eq!(found.invalid, 1);
    let workspace = app.workspace(&vendor.api_key, "shop-1").await;
    assert_eq!(workspace["whatsapp"]["status"], "disconnected");
    assert_eq!(app.stored_connection_tokens().await, 0);
    let events = app.vendor_events("whatsapp.disconnected").await;
    assert_eq!(events.len(), 1, "only the offboarding was told");
    assert_eq!(events[0]["data"]["reason"], "account_offboarded");
}
