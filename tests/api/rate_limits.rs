//! The vendor API's per-key rate limit (a key's window opens at its first request and
//! lasts a minute, so a test's requests all fall in one window): 429 with `Retry-After` and the `RateLimit-*`
//! headers past the limit, one key's flood leaves other keys alone, staff set a
//! vendor's own limit, and on PostgreSQL every instance counts the same window.

use reqwest::Response;
use whatsportal::{
    db::Engine,
    services::{vendors, Actor},
};

use crate::support::app::{assert_error, session_body, spawn_app_on, spawn_app_with, TestApp};

const LIMIT: u32 = 10;

fn header(response: &Response, name: &str) -> i64 {
    response
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("{name} is sent"))
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

async fn statuses(app: &TestApp, api_key: &str, n: usize) -> Vec<u16> {
    let mut statuses = Vec::new();
    for i in 0..n {
        let response = app
            .create_session(api_key, &session_body(&format!("c{i}")))
            .await;
        statuses.push(response.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn a_key_at_twice_its_limit_gets_429_while_another_key_is_unaffected() {
    let app = spawn_app_with(|s| s.api_rate_limit_per_minute = LIMIT).await;
    let a = app.seed_vendor().await;
    let b = app.seed_vendor().await;

    let first = app.create_session(&a.api_key, &session_body("first")).await;
    assert_eq!(first.status(), 200);
    assert_eq!(header(&first, "ratelimit-limit"), i64::from(LIMIT));
    assert_eq!(header(&first, "ratelimit-remaining"), i64::from(LIMIT) - 1);
    assert!((1..=60).contains(&header(&first, "ratelimit-reset")));
    assert!(first.headers().get("retry-after").is_none());

    let a_statuses = statuses(&app, &a.api_key, 2 * LIMIT as usize - 1).await;
    let over = app.create_session(&a.api_key, &session_body("over")).await;
    let b_statuses = statuses(&app, &b.api_key, LIMIT as usize).await;

    assert_eq!(
        a_statuses.iter().filter(|s| **s == 200).count(),
        LIMIT as usize - 1
    );
    assert_eq!(
        a_statuses.iter().filter(|s| **s == 429).count(),
        LIMIT as usize
    );
    assert!(b_statuses.iter().all(|s| *s == 200), "{b_statuses:?}");
    let retry_after = header(&over, "retry-after");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(header(&over, "ratelimit-remaining"), 0);
    assert_eq!(header(&over, "ratelimit-reset"), retry_after);
    assert_error(over, 429, "Rate limit exceeded").await;
    // Refused requests created nothing.
    let (sessions,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM connect_sessions WHERE vendor_id = $1")
            .bind(&a.vendor_id)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(sessions, i64::from(LIMIT));
}

#[tokio::test]
async fn reads_count_too_and_an_unknown_key_counts_against_nobody() {
    let app = spawn_app_with(|s| s.api_rate_limit_per_minute = 3).await;
    let vendor = app.seed_vendor().await;
    let unknown = "0".repeat(64);
    for _ in 0..5 {
        assert_eq!(app.session_status(&unknown, "c1").await, 401);
    }

    let mut reads = Vec::new();
    for _ in 0..4 {
        let response = app
            .client
            .get(format!("{}/api/vendor/workspaces/c1", app.address))
            .bearer_auth(&vendor.api_key)
            .send()
            .await
            .unwrap();
        reads.push(response.status().as_u16());
    }

    assert_eq!(reads, [404, 404, 404, 429]);
}

#[tokio::test]
async fn staff_set_a_vendors_own_limit_and_clear_it_back_to_the_default() {
    let app = spawn_app_with(|s| s.api_rate_limit_per_minute = LIMIT).await;
    let vendor = app.seed_vendor().await;
    let set = |limit: Option<&'static str>| {
        vendors::rate_limit::set_vendor_limit(&app.db, Actor::CLI, &vendor.vendor_id, limit)
    };
    for bad in ["0", "-1", "many", "1000001"] {
        assert!(set(Some(bad)).await.is_err(), "{bad}");
    }
    set(Some("2")).await.unwrap();

    assert_eq!(statuses(&app, &vendor.api_key, 3).await, [200, 200, 429]);

    set(None).await.unwrap();
    let response = app
        .create_session(&vendor.api_key, &session_body("again"))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "ratelimit-limit"), i64::from(LIMIT));
}

#[tokio::test]
async fn on_postgresql_every_instance_counts_the_same_window() {
    let first = spawn_app_with(|s| s.api_rate_limit_per_minute = 4).await;
    if first.db.engine() != Engine::Postgres {
        // SQLite serves one instance; its windows are that instance's.
        return;
    }
    let second = spawn_app_on(first.database_url.clone(), |s| {
        s.api_rate_limit_per_minute = 4;
    })
    .await;
    let vendor = first.seed_vendor().await;

    let mut seen = Vec::new();
    for i in 0..6 {
        let app = if i % 2 == 0 { &first } else { &second };
        seen.push(app.session_status(&vendor.api_key, &format!("c{i}")).await);
    }

    assert_eq!(seen, [200, 200, 200, 200, 429, 429]);
}
