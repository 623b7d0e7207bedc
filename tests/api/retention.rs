//! Retention: each kind of record goes after its period, and nothing a live connection
//! needs is ever swept.

use std::time::Duration;

use serde_json::json;
use whatsportal::{
    config::Retention,
    db::{self, webhooks::WebhookEvent},
    model::Mode,
    services::sweeper,
};

use crate::{support::app::spawn_app_with, support::pages::DANA};

const DAY_MS: i64 = 24 * 3_600_000;

async fn count(app: &crate::support::app::TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    n
}

async fn age(app: &crate::support::app::TestApp, sql: &str, days_ago: i64) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(db::now_ms() - days_ago * DAY_MS)
        .execute(app.db.pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn each_record_goes_after_its_period_and_live_connections_stay() {
    // The delivery worker looks once at start-up, then not for an hour: the deliveries
    // below stay as the test sets them.
    let app = spawn_app_with(|s| s.webhooks.poll_every = Duration::from_secs(3600)).await;
    let vendor = app.seed_vendor().await;
    // A live connection.
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    app.connected(&token).await;
    // A failed sign-in and other audit entries, of several ages.
    let mut browser = app.browser();
    browser
        .sign_in("nobody@whatsportal.example", "guess guess guess")
        .await;
    age(
        &app,
        "UPDATE audit_log SET occurred_at = $1 WHERE action = 'staff.sign_in_failed'",
        31,
    )
    .await;
    age(
        &app,
        "UPDATE audit_log SET occurred_at = $1 WHERE action = 'vendor.create'",
        366,
    )
    .await;
    age(
        &app,
        "UPDATE audit_log SET occurred_at = $1 WHERE action = 'key.create'",
        200,
    )
    .await;
    // Three deliveries 31 days old: delivered, failed and still pending.
    let mut staff = app.signed_in("admin").await;
    let form = [
        ("vendor_id", vendor.vendor_id.as_str()),
        ("url", "http://127.0.0.1:9/hooks"),
    ];
    staff.ok("webhooks/set", &form).await;
    db::webhooks::disable_endpoint(
        &app.db,
        &vendor.vendor_id,
        Mode::Live,
        "paused for the test",
    )
    .await
    .unwrap();
    sqlx::query("UPDATE webhook_endpoints SET disabled_at = NULL")
        .execute(app.db.pool())
        .await
        .unwrap();
    for _ in 0..3 {
        let mut tx = app.db.writer().begin().await.unwrap();
        let event = WebhookEvent {
            vendor_id: vendor.vendor_id.clone(),
            account_id: "wp_test".into(),
            mode: Mode::Live,
            event_type: "whatsapp.connected",
            payload: json!({"type": "whatsapp.connected"}).to_string(),
            ephemeral: false,
        };
        db::webhooks::enqueue(&mut tx, &event).await.unwrap();
        tx.commit().await.unwrap();
    }
    // Keep the worker away from them: the endpoint is disabled from here on.
    db::webhooks::disable_endpoint(
        &app.db,
        &vendor.vendor_id,
        Mode::Live,
        "paused for the test",
    )
    .await
    .unwrap();
    let ids: Vec<(String,)> = sqlx::query_as("SELECT id FROM webhook_deliveries ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    for ((id,), state) in ids.iter().zip(["delivered", "failed", "pending"]) {
        sqlx::query("UPDATE webhook_deliveries SET state = $2, created_at = $3 WHERE id = $1")
            .bind(id)
            .bind(state)
            .bind(db::now_ms() - 31 * DAY_MS)
            .execute(app.db.pool())
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO webhook_attempts (id, delivery_id, attempted_at, status, duration_ms) VALUES ($1, $2, 0, 500, 1)",
        )
        .bind(format!("att_{id}"))
        .bind(id)
        .execute(app.db.pool())
        .await
        .unwrap();
    }
    // Page tokens fetched two hours ago for a choice never made.
    let pages = app.pages_session(&vendor, "customer_2").await;
    app.listed_pages(&pages, DANA).await;
    sqlx::query("UPDATE pending_page_tokens SET created_at = created_at - 7200000")
        .execute(app.db.pool())
        .await
        .unwrap();
    let pending_before = count(&app, "SELECT COUNT(*) FROM pending_page_tokens").await;

    let swept = sweeper::sweep_all(&app.db, &Retention::default())
        .await
        .unwrap();

    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'staff.sign_in_failed'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'vendor.create'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action = 'key.create'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM webhook_deliveries").await,
        1
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending'"
        )
        .await,
        1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM webhook_attempts").await,
        1
    );
    assert!(pending_before > 0);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM pending_page_tokens").await,
        0
    );
    assert_eq!(swept.webhook_deliveries, 2);
    assert_eq!(
        swept.pending_page_tokens,
        u64::try_from(pending_before).unwrap()
    );
    // The live connection and the sessions (not yet expired a week) are all there.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM whatsapp_connections").await,
        1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM connect_sessions").await,
        2
    );
    let status = app
        .client
        .get(format!("{}/api/vendor/workspaces/customer_1", app.address))
        .bearer_auth(&vendor.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(status.status(), 200);
}

#[tokio::test]
async fn the_funnel_says_which_period_it_covers() {
    let app = spawn_app_with(|s| s.retention.sessions = Duration::from_secs(7 * 24 * 3600)).await;
    let vendor = app.seed_vendor().await;
    let staff = app.signed_in("viewer").await;

    let week = staff
        .page(&format!("/admin/vendors/{}?days=7", vendor.vendor_id))
        .await;
    let month = staff
        .page(&format!("/admin/vendors/{}?days=30", vendor.vendor_id))
        .await;

    let week = week.text().await.unwrap();
    let month = month.text().await.unwrap();
    assert!(
        week.contains("in the last 7 days (sessions are kept 7 days after they expire)"),
        "{week}"
    );
    assert!(
        month.contains("in the last 30 days that are still kept"),
        "{month}"
    );
    assert!(month.contains("deleted 7 days after they expire"));
}
