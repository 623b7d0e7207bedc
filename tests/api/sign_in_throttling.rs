//! Sign-in throttling against the review's attacks: forged `X-Forwarded-For` headers,
//! addresses rotated to escape the per-address count, a flood of throttled attempts
//! filling the audit log, and passwords typed into the email field.

use whatsportal::domain::TrustedProxies;

use crate::{
    support::admin::{assert_admin_error, PASSWORD},
    support::app::{spawn_app, spawn_app_with, TestApp},
};

async fn behind_a_proxy() -> TestApp {
    spawn_app_with(|s| s.trusted_proxies = TrustedProxies::parse("127.0.0.1", 1).unwrap()).await
}

async fn audit_rows(app: &TestApp, action: &str) -> Vec<(String, Option<String>)> {
    sqlx::query_as(
        "SELECT target_id, source_ip FROM audit_log WHERE action = $1 ORDER BY occurred_at, id",
    )
    .bind(action)
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn forged_forwarded_addresses_from_an_untrusted_peer_change_nothing() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();
    for i in 0..30 {
        browser.forwarded_for = Some(format!("10.9.{i}.1"));
        browser.sign_in(&email, "guess guess guess").await;
    }
    browser.forwarded_for = Some("10.9.99.1".into());
    assert_admin_error(browser.sign_in(&email, PASSWORD).await, 429, "Throttled").await;
    let failed = audit_rows(&app, "staff.sign_in_failed").await;
    assert_eq!(failed.len(), 5, "only the attempts before the refusal");
    assert!(failed
        .iter()
        .all(|(_, ip)| ip.as_deref() == Some("127.0.0.1")));
}

#[tokio::test]
async fn behind_a_trusted_proxy_only_its_entry_counts_and_without_its_port() {
    let app = behind_a_proxy().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();
    // The client writes the left entries; the proxy appends the address it saw.
    for i in 0..30 {
        browser.forwarded_for = Some(format!("10.9.{i}.1, 192.0.2.9:5555"));
        browser.sign_in(&email, "guess guess guess").await;
    }
    assert_admin_error(browser.sign_in(&email, PASSWORD).await, 429, "Throttled").await;
    let failed = audit_rows(&app, "staff.sign_in_failed").await;
    assert_eq!(failed.len(), 5);
    assert!(failed
        .iter()
        .all(|(_, ip)| ip.as_deref() == Some("192.0.2.9")));
}

#[tokio::test]
async fn rotating_addresses_meets_the_accounts_slow_lane_but_the_staff_members_browser_does_not() {
    let app = behind_a_proxy().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    // Ada signed in from this browser before: it keeps a device cookie.
    let mut ada = app.browser();
    ada.forwarded_for = Some("198.51.100.4".into());
    assert_eq!(ada.sign_in(&email, PASSWORD).await.status(), 200);
    assert!(ada.device.is_some(), "a sign-in leaves a device cookie");

    let mut stranger = app.browser();
    let mut statuses = Vec::new();
    for i in 0..30 {
        stranger.forwarded_for = Some(format!("203.0.{i}.9"));
        let status = stranger.sign_in(&email, "guess guess guess").await.status();
        statuses.push(status.as_u16());
    }
    // Ten failures from anywhere, then one attempt a minute for unknown browsers.
    assert_eq!(statuses[..10], [401; 10], "{statuses:?}");
    assert_eq!(statuses[10], 401, "the slow lane's first attempt");
    assert!(statuses[11..].iter().all(|s| *s == 429), "{statuses:?}");
    stranger.forwarded_for = Some("203.0.200.9".into());
    assert_admin_error(stranger.sign_in(&email, PASSWORD).await, 429, "Throttled").await;

    // The staff member's own browser is not slowed down, from any address.
    ada.forwarded_for = Some("198.51.100.77".into());
    assert_eq!(ada.sign_in(&email, PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn an_ipv6_client_cannot_escape_by_rotating_within_its_64() {
    let app = behind_a_proxy().await;
    let mut browser = app.browser();
    for i in 0..20 {
        browser.forwarded_for = Some(format!("2001:db8:5:6::{:x}", i + 1));
        let status = browser
            .sign_in(&format!("user{i}@whatsportal.example"), "guess guess guess")
            .await
            .status();
        assert_eq!(status, 401);
    }
    browser.forwarded_for = Some("2001:db8:5:6:ffff::1".into());
    let blocked = browser.sign_in("other@whatsportal.example", "guess").await;
    assert_admin_error(blocked, 429, "Throttled").await;
    // Another /64 is another address.
    browser.forwarded_for = Some("2001:db8:5:7::1".into());
    let elsewhere = browser.sign_in("other@whatsportal.example", "guess").await;
    assert_eq!(elsewhere.status(), 401);
}

#[tokio::test]
async fn throttled_attempts_write_nothing_and_leave_one_summary_line() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();
    browser.fail_sign_in_five_times(&email).await;
    let rows_before = audit_rows(&app, "staff.sign_in_failed").await.len();
    let windows_before = rate_window_counts(&app).await;
    for _ in 0..200 {
        assert_eq!(
            browser.sign_in(&email, "guess guess guess").await.status(),
            429
        );
    }
    assert_eq!(
        audit_rows(&app, "staff.sign_in_failed").await.len(),
        rows_before
    );
    assert_eq!(rate_window_counts(&app).await, windows_before);
    let summaries = audit_rows(&app, "staff.sign_in_throttled").await;
    assert_eq!(summaries.len(), 1, "{summaries:?}");
    assert_eq!(summaries[0].0, email);
}

/// The stored windows' counts (PostgreSQL keeps them in the database; SQLite in memory,
/// where a write is no database write at all).
async fn rate_window_counts(app: &TestApp) -> Vec<(String, i64)> {
    if !app.database_url.starts_with("postgres") {
        return Vec::new();
    }
    sqlx::query_as("SELECT bucket, count FROM rate_windows ORDER BY bucket")
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_password_typed_into_the_email_field_is_not_kept() {
    let app = spawn_app().await;
    app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();
    let typed = "correct horse battery staple";
    assert_eq!(browser.sign_in(typed, typed).await.status(), 401);
    let failed = audit_rows(&app, "staff.sign_in_failed").await;
    assert_eq!(failed.len(), 1);
    assert!(failed[0].0.starts_with("sha256:"), "{:?}", failed[0]);
    let (everything,): (String,) = sqlx::query_as(
        "SELECT COALESCE(target_id, '') || COALESCE(detail, '') FROM audit_log \
         WHERE action = 'staff.sign_in_failed'",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert!(!everything.contains("horse"), "{everything}");
}
