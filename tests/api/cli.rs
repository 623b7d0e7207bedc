//! The operations CLI, run as the real binary against a test's database.

use std::process::Output;

use serde_json::{json, Value};

use crate::support::app::{answered_soon, assert_error, session_body, spawn_app, TestApp};

async fn whatsportal(app: &TestApp, args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_whatsportal"))
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env_remove("RUST_LOG")
        .output()
        .await
        .expect("the binary runs")
}

/// The same, as a production deployment runs it (`WHATSPORTAL_ENV=production`).
async fn whatsportal_in_production(app: &TestApp, args: &[&str]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_whatsportal"))
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("WHATSPORTAL_ENV", "production")
        .env_remove("RUST_LOG")
        .output()
        .await
        .expect("the binary runs")
}

fn json_of(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn assert_refused(output: &Output, needle: &str) {
    assert!(!output.status.success(), "unexpectedly succeeded");
    assert!(
        output.stdout.is_empty(),
        "printed {:?}",
        String::from_utf8_lossy(&output.stdout)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(needle),
        "{stderr:?} does not mention {needle:?}"
    );
}

#[tokio::test]
async fn a_vendor_created_by_the_cli_can_create_sessions() {
    let app = spawn_app().await;
    let created = json_of(
        &whatsportal(
            &app,
            &[
                "vendor",
                "create",
                "--name",
                "Acme",
                "--origin",
                "https://app.example.com",
            ],
        )
        .await,
    );
    let key = created["api_key"].as_str().unwrap();
    assert_eq!(key.len(), 64);
    assert!(created["vendor_id"].as_str().unwrap().starts_with("ven_"));
    assert_eq!(
        app.create_session(key, &session_body("c1")).await.status(),
        200
    );
}

#[tokio::test]
async fn a_bad_vendor_creates_nothing() {
    let app = spawn_app().await;
    assert_refused(
        &whatsportal(
            &app,
            &[
                "vendor",
                "create",
                "--name",
                "Acme",
                "--origin",
                "http://insecure.example.com",
            ],
        )
        .await,
        "origin",
    );
    assert_refused(
        &whatsportal(&app, &["vendor", "create", "--name", "  "]).await,
        "name",
    );
    assert_refused(
        &whatsportal(
            &app,
            &[
                "vendor",
                "create",
                "--name",
                "A",
                "--logo-url",
                "javascript:alert(1)",
            ],
        )
        .await,
        "logoUrl",
    );
    let (vendors,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM vendors")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(vendors, 0);
}

#[tokio::test]
async fn keys_origins_and_activation_through_the_cli() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let id = vendor.vendor_id.as_str();

    let key = json_of(&whatsportal(&app, &["key", "create", id]).await);
    assert_eq!(key["mode"], "live");
    let test_key = json_of(&whatsportal(&app, &["key", "create", id, "--test"]).await);
    assert_eq!(test_key["mode"], "test");
    let new_key = key["api_key"].as_str().unwrap().to_owned();
    assert_eq!(
        app.create_session(&new_key, &session_body("c1"))
            .await
            .status(),
        200
    );
    // The CLI is another process: the server learns of the change within a second.
    json_of(&whatsportal(&app, &["key", "revoke", key["key_id"].as_str().unwrap()]).await);
    let refused = answered_soon(&app, &new_key, &session_body("c1"), 401).await;
    assert_error(refused, 401, "revoked").await;

    let added =
        json_of(&whatsportal(&app, &["origin", "add", id, "HTTPS://Second.example.com/"]).await);
    assert_eq!(
        added,
        json!({"vendor_id": id, "origin": "https://second.example.com", "added": true})
    );
    let mut body = session_body("c1");
    body["origin"] = json!("https://second.example.com");
    assert_eq!(
        app.create_session(&vendor.api_key, &body).await.status(),
        200
    );
    json_of(
        &whatsportal(
            &app,
            &["origin", "remove", id, "https://second.example.com"],
        )
        .await,
    );
    assert_error(
        app.create_session(&vendor.api_key, &body).await,
        400,
        "allowed origins",
    )
    .await;

    let url = "https://app.example.com/connected";
    let registered = json_of(&whatsportal(&app, &["return-url", "add", id, url]).await);
    assert_eq!(registered, json!({"vendor_id": id, "return_url": url}));
    let mut with_return = session_body("c1");
    with_return["returnUrl"] = json!(url);
    assert_eq!(
        app.create_session(&vendor.api_key, &with_return)
            .await
            .status(),
        200
    );
    json_of(&whatsportal(&app, &["return-url", "remove", id, url]).await);
    assert_error(
        app.create_session(&vendor.api_key, &with_return).await,
        400,
        "return URLs",
    )
    .await;

    json_of(&whatsportal(&app, &["vendor", "deactivate", id]).await);
    let refused = answered_soon(&app, &vendor.api_key, &session_body("c1"), 401).await;
    assert_error(refused, 401, "inactive").await;
    json_of(&whatsportal(&app, &["vendor", "activate", id]).await);
    answered_soon(&app, &vendor.api_key, &session_body("c1"), 200).await;

    let actions = app.audit_actions(id).await;
    assert_eq!(
        actions,
        [
            "vendor.create",
            "origin.add",
            "origin.remove",
            "return_url.add",
            "return_url.remove",
            "vendor.deactivate",
            "vendor.activate"
        ]
    );
}

#[tokio::test]
async fn unknown_ids_and_bad_origins_are_refused_clearly() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    assert_refused(
        &whatsportal(&app, &["key", "create", "ven_missing"]).await,
        "no vendor",
    );
    assert_refused(
        &whatsportal(&app, &["key", "revoke", "key_missing"]).await,
        "no active API key",
    );
    assert_refused(
        &whatsportal(&app, &["vendor", "deactivate", "ven_missing"]).await,
        "no vendor",
    );
    assert_refused(
        &whatsportal(
            &app,
            &["origin", "add", &vendor.vendor_id, "https://a.com/path"],
        )
        .await,
        "path",
    );
    assert_refused(
        &whatsportal(
            &app,
            &[
                "origin",
                "remove",
                &vendor.vendor_id,
                "https://never-added.example.com",
            ],
        )
        .await,
        "not an allowed origin",
    );
}

#[tokio::test]
async fn production_refuses_plain_http_origins_on_the_command_line_too() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let add = whatsportal_in_production(
        &app,
        &["origin", "add", &vendor.vendor_id, "http://localhost:3000"],
    )
    .await;
    assert_refused(&add, "must use https");
    let create = whatsportal_in_production(
        &app,
        &[
            "vendor",
            "create",
            "--name",
            "Local Only",
            "--origin",
            "http://127.0.0.1:5173",
        ],
    )
    .await;
    assert_refused(&create, "must use https");
    let (origins,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM allowed_origins WHERE origin LIKE 'http://%'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(origins, 0);
    assert_eq!(app.vendor_count().await, 1, "nothing was created");
    // Development allows them, for vendors building on their own machine.
    let local = whatsportal(
        &app,
        &["origin", "add", &vendor.vendor_id, "http://localhost:3000"],
    )
    .await;
    assert_eq!(json_of(&local)["added"], true);
}
