//! Staff sign-in: the cookie, rotation, sign-out, expiry, throttling and the
//! cross-site refusal.

use reqwest::header;
use serde_json::Value;
use tokio::task::JoinSet;
use whatsportal::services::staff;

use crate::{
    support::admin::{assert_admin_error, set_cookie, PASSWORD},
    support::app::{spawn_app, spawn_app_with},
};

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_cookie_that_identifies_the_staff_member() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();

    let response = browser.sign_in(&email, PASSWORD).await;

    assert_eq!(response.status(), 200);
    let cookie = set_cookie(&response).expect("a session cookie");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain-HTTP development has no Secure cookie"
    );
    let me = browser.ok("me", &[]).await;
    assert_eq!(me["email"], "ada@whatsportal.example");
    assert_eq!(me["can_change"], true);
    let stored: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM staff_sessions")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    let token = browser.cookie.clone().unwrap();
    assert!(
        stored.iter().all(|(hash,)| hash != &token),
        "only the hash is stored"
    );
}

#[tokio::test]
async fn signing_in_again_rotates_the_cookie_and_ends_the_old_session() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();
    browser.sign_in(&email, PASSWORD).await;
    let first = browser.cookie.clone().unwrap();

    browser.sign_in(&email, PASSWORD).await;

    let second = browser.cookie.clone().unwrap();
    assert_ne!(first, second);
    browser.cookie = Some(first);
    assert_admin_error(browser.call("me", &[]).await, 401, "SignedOut").await;
}

#[tokio::test]
async fn wrong_passwords_and_unknown_accounts_get_the_same_answer() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();

    let wrong = browser.sign_in(&email, "not the password at all").await;
    assert!(set_cookie(&wrong).is_none());
    let wrong = assert_admin_error(wrong, 401, "BadCredentials").await;
    let unknown = browser
        .sign_in("nobody@whatsportal.example", PASSWORD)
        .await;
    let unknown = assert_admin_error(unknown, 401, "BadCredentials").await;

    assert_eq!(wrong, unknown);
    let failures: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT target_id, source_ip FROM audit_log WHERE action = 'staff.sign_in_failed' ORDER BY occurred_at",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(failures.len(), 2);
    assert_eq!(failures[0].0, "ada@whatsportal.example");
    // Not a staff account: the audit log keeps a hash of what was typed.
    assert!(failures[1].0.starts_with("sha256:"), "{}", failures[1].0);
    assert_eq!(failures[0].1.as_deref(), Some("127.0.0.1"));
}

#[tokio::test]
async fn five_failures_block_the_account_even_with_the_right_password() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();
    browser.fail_sign_in_five_times(&email).await;

    let blocked = browser.sign_in(&email, PASSWORD).await;

    assert!(set_cookie(&blocked).is_none());
    assert_admin_error(blocked, 429, "Throttled").await;
    // An unknown account is blocked the same way after as many failures.
    for _ in 0..5 {
        browser
            .sign_in("ghost@whatsportal.example", "guess guess guess")
            .await;
    }
    let ghost = browser.sign_in("ghost@whatsportal.example", PASSWORD).await;
    assert_admin_error(ghost, 429, "Throttled").await;
}

#[tokio::test]
async fn twenty_failures_from_one_address_block_that_address() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();
    for n in 0..20 {
        let someone = format!("user{n}@whatsportal.example");
        assert_eq!(
            browser
                .sign_in(&someone, "guess guess guess")
                .await
                .status(),
            401
        );
    }

    let blocked = browser.sign_in(&email, PASSWORD).await;

    assert_admin_error(blocked, 429, "Throttled").await;
}

#[tokio::test]
async fn twenty_simultaneous_wrong_passwords_run_at_most_five_password_checks() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let checks_before = staff::password_checks_run();

    let app = std::sync::Arc::new(app);
    let mut guesses = JoinSet::new();
    for n in 0..20 {
        let (app, email) = (app.clone(), email.clone());
        guesses.spawn(async move {
            let mut browser = app.browser();
            let guess = format!("guess number {n}");
            browser.sign_in(&email, &guess).await.status().as_u16()
        });
    }
    let mut statuses = Vec::new();
    while let Some(status) = guesses.join_next().await {
        statuses.push(status.unwrap());
    }

    // The attempt is reserved before hashing: five run (and fail), the rest are refused
    // without a hash. (nextest runs each test in its own process, so the counter is ours.)
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        15,
        "{statuses:?}"
    );
    assert_eq!(staff::password_checks_run() - checks_before, 5);
}

#[tokio::test]
async fn a_strangers_guesses_do_not_lock_a_staff_member_out_of_their_own_address() {
    let app = spawn_app_with(|s| {
        s.trusted_proxies = whatsportal::domain::TrustedProxies::parse("127.0.0.1", 1).unwrap()
    })
    .await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut stranger = app.browser();
    stranger.forwarded_for = Some("203.0.113.9".into());
    for _ in 0..6 {
        stranger.sign_in(&email, "guess guess guess").await;
    }
    assert_admin_error(stranger.sign_in(&email, PASSWORD).await, 429, "Throttled").await;

    let mut ada = app.browser();
    ada.forwarded_for = Some("198.51.100.4".into());
    let signed_in = ada.sign_in(&email, PASSWORD).await;

    assert_eq!(signed_in.status(), 200);
    assert!(set_cookie(&signed_in).is_some());
}

#[tokio::test]
async fn a_successful_sign_in_does_not_count_as_a_failure() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut browser = app.browser();
    for _ in 0..4 {
        assert_eq!(
            browser.sign_in(&email, "guess guess guess").await.status(),
            401
        );
    }
    for _ in 0..3 {
        assert_eq!(browser.sign_in(&email, PASSWORD).await.status(), 200);
    }

    // Four failures and three successes: the fifth failure is still answered as one.
    assert_eq!(
        browser.sign_in(&email, "guess guess guess").await.status(),
        401
    );
    assert_admin_error(browser.sign_in(&email, "guess").await, 429, "Throttled").await;
}

#[tokio::test]
async fn signing_out_clears_the_cookie_and_ends_the_session() {
    let app = spawn_app().await;
    let mut browser = app.signed_in("admin").await;
    let cookie = browser.cookie.clone().unwrap();

    let response = browser.call("sign-out", &[]).await;

    assert_eq!(response.status(), 200);
    let cleared = set_cookie(&response).expect("the cookie is cleared");
    assert!(
        cleared.starts_with("wp_staff=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    browser.cookie = Some(cookie);
    assert_admin_error(browser.call("me", &[]).await, 401, "SignedOut").await;
}

#[tokio::test]
async fn sessions_end_after_an_idle_hour_and_after_twelve_hours_in_any_case() {
    let app = spawn_app().await;
    let mut idle = app.signed_in("admin").await;
    let mut old = app.browser();
    old.sign_in("admin@whatsportal.example", PASSWORD).await;
    let hour_ago = whatsportal::db::now_ms() - 61 * 60 * 1000;
    let hash = |cookie: &str| {
        whatsportal::domain::StaffSessionToken::parse(cookie)
            .unwrap()
            .hash()
    };

    sqlx::query("UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(hour_ago)
        .bind(hash(idle.cookie.as_deref().unwrap()).as_str())
        .execute(app.db.pool())
        .await
        .unwrap();
    sqlx::query("UPDATE staff_sessions SET expires_at = $1 WHERE token_hash = $2")
        .bind(whatsportal::db::now_ms() - 1)
        .bind(hash(old.cookie.as_deref().unwrap()).as_str())
        .execute(app.db.pool())
        .await
        .unwrap();

    assert_admin_error(idle.call("me", &[]).await, 401, "SignedOut").await;
    assert_admin_error(old.call("me", &[]).await, 401, "SignedOut").await;
}

#[tokio::test]
async fn cross_site_requests_are_refused_before_anything_happens() {
    let app = spawn_app().await;
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let browser = app.signed_in("admin").await;
    let cookie = browser.cookie.clone().unwrap();
    let client = reqwest::Client::new();
    let attempts = [
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
        ("origin", "null"),
    ];

    for (name, value) in attempts {
        let sign_in = client
            .post(format!("{}/api/admin/sign-in", app.address))
            .header(name, value)
            .form(&[("email", email.as_str()), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(sign_in.status(), 403, "{name}: {value}");
        assert!(set_cookie(&sign_in).is_none());
        let create = client
            .post(format!("{}/api/admin/vendors/create", app.address))
            .header(name, value)
            .header(header::COOKIE, format!("wp_staff={cookie}"))
            .form(&[("name", "Forged Vendor")])
            .send()
            .await
            .unwrap();
        assert_eq!(create.status(), 403, "{name}: {value}");
        let body: Value = create.json().await.unwrap();
        assert!(body["error"].as_str().unwrap().contains("Cross-site"));
    }
    assert_eq!(app.vendor_count().await, 0);
}

#[tokio::test]
async fn no_admin_server_function_answers_a_get() {
    let app = spawn_app().await;
    let browser = app.signed_in("admin").await;
    for endpoint in [
        "vendors/create",
        "keys/create",
        "keys/revoke",
        "sign-out",
        "staff/add",
        "origins/remove",
    ] {
        let response = reqwest::Client::new()
            .get(format!(
                "{}/api/admin/{endpoint}?name=Forged&vendor_id=x",
                app.address
            ))
            .header(
                header::COOKIE,
                format!("wp_staff={}", browser.cookie.as_deref().unwrap()),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 405, "{endpoint}");
    }
    assert_eq!(app.vendor_count().await, 0);
}

#[tokio::test]
async fn admin_pages_redirect_signed_out_visitors_and_send_strict_headers() {
    let app = spawn_app().await;
    for path in [
        "/admin",
        "/admin/vendors",
        "/admin/audit",
        "/admin/vendors/ven_x/workspaces",
    ] {
        let signed_out = app.browser().page(path).await;
        assert_eq!(signed_out.status(), 303, "{path}");
        assert_eq!(signed_out.headers()[header::LOCATION], "/admin/sign-in");
    }
    // Whatever the client asks for.
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let plain = no_redirects
        .get(format!("{}/admin", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 303);
    assert_eq!(app.browser().page("/admin/sign-in").await.status(), 200);

    let browser = app.signed_in("viewer").await;
    let page = browser.page("/admin/vendors").await;

    assert_eq!(page.status(), 200);
    let headers = page.headers();
    assert_eq!(headers["cross-origin-opener-policy"], "same-origin");
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("viewer@whatsportal.example"));
}

#[tokio::test]
async fn an_unknown_vendor_is_a_404_page() {
    let app = spawn_app().await;
    let browser = app.signed_in("viewer").await;
    let page = browser
        .page("/admin/vendors/ven_000000000000000000000000")
        .await;
    assert_eq!(page.status(), 404);
    assert!(page.text().await.unwrap().contains("no vendor with id"));
    let workspaces = browser
        .page("/admin/vendors/ven_000000000000000000000000/workspaces")
        .await;
    assert_eq!(workspaces.status(), 404);
}

#[tokio::test]
async fn production_uses_a_host_only_secure_session_cookie() {
    let app = crate::support::app::spawn_app_with(|settings| {
        settings.environment = whatsportal::config::Environment::Production;
        settings.allow_simulator_in_production = true;
    })
    .await;
    app.seed_staff("admin@whatsportal.example", "admin").await;
    let response = app
        .client
        .post(format!("{}/api/admin/sign-in", app.address))
        .header("Origin", &app.address)
        .form(&[
            ("email", "admin@whatsportal.example"),
            ("password", crate::support::admin::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-wp_staff="), "{cookie}");
    assert!(
        cookie.contains("; Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let value = cookie["__Host-wp_staff=".len()..]
        .split(';')
        .next()
        .unwrap();
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = no_redirects
        .get(format!("{}/admin/vendors", app.address))
        .header(header::COOKIE, format!("__Host-wp_staff={value}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "the prefixed cookie signs in");
}
