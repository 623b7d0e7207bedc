//! The Facebook Pages flow against the simulator, over real HTTP.

use serde_json::{json, Value};
use tokio::task::JoinSet;

use crate::{
    support::app::spawn_app,
    support::connect::assert_connect_error,
    support::pages::{assert_no_tokens, DANA, MAX, SAM},
};

fn ids(pages: &[Value]) -> Vec<String> {
    pages
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn listing_shows_every_page_and_flags_those_without_messaging() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let pages = app.listed_pages(&token, DANA).await;
    assert_eq!(pages.len(), 3);
    let why: Vec<&Value> = pages.iter().map(|p| &p["not_connectable"]).collect();
    assert_eq!(why, [&Value::Null, &Value::Null, &json!("NoMessagingTask")]);
    assert_eq!(pages[0]["name"], "Corner Bakery");
    assert_eq!(pages[0]["category"], "Bakery");
}

#[tokio::test]
async fn listing_follows_paging_across_300_pages() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let pages = app.listed_pages(&token, MAX).await;
    assert_eq!(pages.len(), 300);
    let unique: std::collections::HashSet<String> = ids(&pages).into_iter().collect();
    assert_eq!(unique.len(), 300);
}

#[tokio::test]
async fn a_customer_without_pages_gets_an_empty_list() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    assert!(app.listed_pages(&token, SAM).await.is_empty());
}

#[tokio::test]
async fn connecting_two_of_three_pages_returns_exactly_those_and_consumes_the_session() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let listed = ids(&app.listed_pages(&token, DANA).await);

    let response = app.connect_pages(&token, &[&listed[0], &listed[1]]).await;

    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert_no_tokens(&text);
    let result: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        result["pages"],
        json!([
            {"id": listed[0], "name": "Corner Bakery", "category": "Bakery"},
            {"id": listed[1], "name": "Corner Bakery Catering", "category": "Caterer"},
        ])
    );
    assert_eq!(result["state"], "csrf-123");
    let (stored, pending): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM page_connections), (SELECT COUNT(*) FROM pending_page_tokens)",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!((stored, pending), (2, 0));
    // The same choice again (its answer was lost) answers the same result; another
    // choice is refused.
    let again = app.connect_pages(&token, &[&listed[0], &listed[1]]).await;
    assert_eq!(again.status(), 200);
    assert_eq!(again.json::<Value>().await.unwrap(), result);
    assert_connect_error(
        app.connect_pages(&token, &[&listed[0]]).await,
        409,
        "AlreadyUsed",
    )
    .await;
}

#[tokio::test]
async fn a_page_without_messaging_or_unlisted_cannot_be_chosen() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let listed = ids(&app.listed_pages(&token, DANA).await);
    assert_connect_error(
        app.connect_pages(&token, &[&listed[2]]).await,
        422,
        "PageNotAvailable",
    )
    .await;
    assert_connect_error(
        app.connect_pages(&token, &["999"]).await,
        422,
        "PageNotAvailable",
    )
    .await;
    assert_connect_error(app.connect_pages(&token, &[]).await, 422, "NoPagesSelected").await;
    assert_eq!(app.connect_pages(&token, &[&listed[0]]).await.status(), 200);
}

#[tokio::test]
async fn a_failing_page_names_itself_stores_nothing_and_the_session_stays_usable() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let listed = ids(&app.listed_pages(&token, DANA).await);
    app.inject_fault(json!({"endpoint": "subscribed_apps", "target": listed[1], "kind": "graph_error", "code": 200})).await;

    let response = app.connect_pages(&token, &[&listed[0], &listed[1]]).await;
    assert_eq!(response.status(), 502);
    let body = response.text().await.unwrap();
    assert!(
        body.contains("PageFailed") && body.contains("Corner Bakery Catering"),
        "{body}"
    );
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM page_connections")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(stored, 0);

    assert_eq!(
        app.connect_pages(&token, &[&listed[0], &listed[1]])
            .await
            .status(),
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_completions_give_exactly_one_success() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let first = ids(&app.listed_pages(&token, DANA).await).remove(0);
    let app = std::sync::Arc::new(app);
    let mut calls = JoinSet::new();
    for _ in 0..10 {
        let (app, token, first) = (app.clone(), token.clone(), first.clone());
        calls.spawn(async move { app.connect_pages(&token, &[&first]).await.status().as_u16() });
    }
    let mut statuses = Vec::new();
    while let Some(status) = calls.join_next().await {
        statuses.push(status.unwrap());
    }
    // One completion; the others waited for it and answer its result.
    assert_eq!(statuses, [200; 10]);
    let (stored, events): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM page_connections), (SELECT COUNT(*) FROM connect_sessions WHERE consumed_at IS NOT NULL)",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!((stored, events), (1, 1));
}

#[tokio::test]
async fn whatsapp_and_pages_with_the_same_external_id_share_the_workspace() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let whatsapp = app
        .connected(&app.whatsapp_session(&vendor, "shared").await)
        .await;
    let token = app.pages_session(&vendor, "shared").await;
    let listed = ids(&app.listed_pages(&token, DANA).await);
    assert_eq!(app.connect_pages(&token, &[&listed[0]]).await.status(), 200);
    let (account_id,): (String,) = sqlx::query_as(
        "SELECT w.account_id FROM page_connections p JOIN workspaces w ON w.id = p.workspace_id",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(whatsapp["account_id"], account_id);
}

#[tokio::test]
async fn reconnecting_a_page_updates_it_in_place() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    for _ in 0..2 {
        let token = app.pages_session(&vendor, "customer_1").await;
        let listed = ids(&app.listed_pages(&token, DANA).await);
        assert_eq!(app.connect_pages(&token, &[&listed[0]]).await.status(), 200);
    }
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM page_connections")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn a_whatsapp_token_cannot_list_pages() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let user_token = app.log_in_to_facebook(DANA).await;
    assert_connect_error(
        app.list_pages(&token, &user_token).await,
        404,
        "UnknownSession",
    )
    .await;
}

#[tokio::test]
async fn the_meta_page_connect_page_renders_for_its_token_only() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let url = |kind: &str| {
        format!(
            "{}/vendor/connect/{kind}?session_token={token}",
            app.address
        )
    };
    let response = app.client.get(url("meta-page")).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    let html = response.text().await.unwrap();
    assert!(
        html.contains("Connect your Facebook Pages") && html.contains("Acme CRM"),
        "{html}"
    );
    assert_eq!(
        app.client
            .get(url("whatsapp"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}
