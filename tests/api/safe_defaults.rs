//! Safe defaults: development listens on loopback only unless told otherwise, production
//! sends HSTS and refuses plain-HTTP origins.

use std::net::SocketAddr;

use whatsportal::{
    config::{Environment, Settings},
    startup::Application,
};

use crate::{
    support::admin::assert_admin_error,
    support::app::{assert_error, fresh_database, session_body, spawn_app, spawn_app_with},
};

fn production(settings: &mut Settings) {
    settings.environment = Environment::Production;
    settings.allow_simulator_in_production = true;
}

#[tokio::test]
async fn development_refuses_a_network_address_unless_told_explicitly() {
    let (database_url, _dir) = fresh_database().await;
    let mut settings = Settings::for_tests(database_url);
    settings.addr = SocketAddr::from(([0, 0, 0, 0], 0));

    let refused = Application::build(settings.clone())
        .await
        .err()
        .expect("refused");
    assert!(refused.to_string().contains("loopback"), "{refused}");

    settings.allow_network_in_development = true;
    let app = Application::build(settings)
        .await
        .expect("explicitly allowed");
    assert_ne!(app.port(), 0);
}

#[tokio::test]
async fn production_sends_hsts_and_development_does_not() {
    let prod = spawn_app_with(production).await;
    let dev = spawn_app().await;
    let hsts = |app: &crate::support::app::TestApp| {
        let url = format!("{}/healthz", app.address);
        let client = app.client.clone();
        async move {
            client
                .get(url)
                .send()
                .await
                .unwrap()
                .headers()
                .get("strict-transport-security")
                .cloned()
        }
    };

    let sent = hsts(&prod).await.expect("production sends HSTS");
    assert_eq!(sent, "max-age=31536000; includeSubDomains");
    assert!(hsts(&dev).await.is_none());
}

#[tokio::test]
async fn production_refuses_plain_http_origins_and_development_takes_them() {
    let prod = spawn_app_with(production).await;
    let vendor = prod.seed_vendor().await;
    let mut body = session_body("c1");
    body["origin"] = "http://localhost:3000".into();

    let refused = prod.create_session(&vendor.api_key, &body).await;
    assert_error(refused, 400, "https").await;
    let mut staff = prod.signed_in("admin").await;
    let form = [
        ("vendor_id", vendor.vendor_id.as_str()),
        ("origin", "http://127.0.0.1:8080"),
    ];
    assert_admin_error(staff.call("origins/add", &form).await, 400, "Invalid").await;
    let (origins,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM allowed_origins WHERE origin LIKE 'http:%'")
            .fetch_one(prod.db.pool())
            .await
            .unwrap();
    assert_eq!(origins, 0);

    let dev = spawn_app().await;
    let vendor = dev.seed_vendor().await;
    let mut staff = dev.signed_in("admin").await;
    let form = [
        ("vendor_id", vendor.vendor_id.as_str()),
        ("origin", "http://localhost:3000"),
    ];
    staff.ok("origins/add", &form).await;
    assert_eq!(
        dev.create_session(&vendor.api_key, &body).await.status(),
        200
    );
}
