//! Rotating the encryption key on a populated database: a new key put first, every
//! sealed value re-sealed by `whatsportal keys reseal` while an instance serves, then the
//! old key removed, and everything still opens.

use std::process::Output;

use serde_json::Value;
use whatsportal::{crypto::Keyring, services::connect::token_rows};

use crate::{
    support::app::{spawn_app, spawn_app_on, TestApp},
    support::pages::DANA,
};

/// The test settings' key (`Settings::for_tests`) and the one that replaces it.
fn old_key() -> String {
    format!("test:{}", "42".repeat(32))
}

fn new_key() -> String {
    format!("new:{}", "7e".repeat(32))
}

async fn reseal(database_url: &str, keys: &str) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_whatsportal"))
        .args(["keys", "reseal", "--batch", "2"])
        .env("DATABASE_URL", database_url)
        .env("WHATSPORTAL_ENCRYPTION_KEYS", keys)
        .env_remove("RUST_LOG")
        .output()
        .await
        .expect("the binary runs")
}

fn resealed(output: &Output) -> Vec<(String, u64)> {
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(report["key_id"], "new");
    report["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            assert_eq!(t["failed"], 0, "{t}");
            (
                t["table"].as_str().unwrap().to_owned(),
                t["resealed"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A WhatsApp connection, two pages and a webhook endpoint: sealed tokens and a secret.
async fn populate(app: &TestApp) {
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer-1").await;
    app.connected(&token).await;
    let token = app.pages_session(&vendor, "customer-2").await;
    let listed: Vec<String> = app
        .listed_pages(&token, DANA)
        .await
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    let connected = app.connect_pages(&token, &[&listed[0], &listed[1]]).await;
    assert_eq!(connected.status(), 200);
    let mut admin = app.signed_in("admin").await;
    admin
        .ok(
            "webhooks/set",
            &[
                ("vendor_id", vendor.vendor_id.as_str()),
                ("url", "https://hooks.example.com/whatsportal"),
            ],
        )
        .await;
}

/// Every sealed value of the three tables opens with `keyring` alone; returns how many.
async fn open_everything(app: &TestApp, keyring: &Keyring) -> usize {
    let pool = app.db.pool();
    let mut opened = 0;
    let whatsapp: Vec<(String, String, String)> =
        sqlx::query_as("SELECT workspace_id, key_id, token_ciphertext FROM whatsapp_connections")
            .fetch_all(pool)
            .await
            .unwrap();
    for (workspace, key, sealed) in whatsapp {
        keyring
            .open(&key, &sealed, &token_rows::whatsapp(&workspace))
            .expect("a WhatsApp token opens");
        opened += 1;
    }
    let pages: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT workspace_id, page_id, key_id, token_ciphertext FROM page_connections",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (workspace, page, key, sealed) in pages {
        keyring
            .open(&key, &sealed, &token_rows::page(&workspace, &page))
            .expect("a page token opens");
        opened += 1;
    }
    let endpoints: Vec<(String, String, String)> =
        sqlx::query_as("SELECT vendor_id, key_id, secret_ciphertext FROM webhook_endpoints")
            .fetch_all(pool)
            .await
            .unwrap();
    for (vendor, key, sealed) in endpoints {
        let row = whatsportal::services::webhooks::delivery::secret_row(
            &vendor,
            whatsportal::model::Mode::Live,
        );
        keyring
            .open(&key, &sealed, &row)
            .expect("a webhook secret opens");
        opened += 1;
    }
    opened
}

#[tokio::test]
async fn a_key_is_rotated_on_a_populated_database_and_the_old_key_removed() {
    let mut first = spawn_app().await;
    populate(&first).await;
    let database_url = first.database_url.clone();
    first.shut_down().await;

    // Step 1: the new key first on every instance; the old one still opens.
    let both = format!("{},{}", new_key(), old_key());
    let mut serving = spawn_app_on(database_url.clone(), |settings| {
        settings.encryption_keys = Some(whatsportal::config::Secret::new(both.clone()));
    })
    .await;

    // Step 2: re-seal while the instance serves, in batches of two rows.
    let report = resealed(&reseal(&database_url, &both).await);
    let count = |table: &str| report.iter().find(|(t, _)| t == table).unwrap().1;
    assert_eq!(count("whatsapp_connections"), 1);
    assert_eq!(count("page_connections"), 2);
    assert_eq!(count("webhook_endpoints"), 1);
    assert!(count("phone_pins") >= 1, "the connection's PIN: {report:?}");
    // A second run finds nothing left: resumable, and nothing is sealed twice.
    let again = resealed(&reseal(&database_url, &both).await);
    assert!(again.iter().all(|(_, n)| *n == 0), "{again:?}");
    let still_old: i64 = sqlx::query_scalar(
        "SELECT (SELECT COUNT(*) FROM whatsapp_connections WHERE key_id <> 'new') \
         + (SELECT COUNT(*) FROM page_connections WHERE key_id <> 'new') \
         + (SELECT COUNT(*) FROM webhook_endpoints WHERE key_id <> 'new') \
         + (SELECT COUNT(*) FROM phone_pins WHERE key_id <> 'new')",
    )
    .fetch_one(serving.db.pool())
    .await
    .unwrap();
    assert_eq!(still_old, 0);
    serving.shut_down().await;

    // Step 3: the old key removed; every value opens with the new key alone.
    let only_new = new_key();
    let last = spawn_app_on(database_url, |settings| {
        settings.encryption_keys = Some(whatsportal::config::Secret::new(only_new.clone()));
    })
    .await;
    let keyring = Keyring::parse(&new_key()).unwrap();
    assert_eq!(open_everything(&last, &keyring).await, 4);
}

#[tokio::test]
async fn a_value_that_does_not_open_is_reported_and_kept() {
    let app = spawn_app().await;
    populate(&app).await;
    // Keys without the one that sealed the values: nothing opens.
    let output = reseal(&app.database_url, &new_key()).await;
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("did not open"), "{stderr}");
    let untouched: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM whatsapp_connections WHERE key_id = 'test'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(untouched, 1);
}
