//! Setup links: a link that waits days for the customer and opens a fresh 10-minute
//! session each time it is opened; refused after it completed and after revocation; a
//! new link for the same workspace and integration revokes the old one.

use serde_json::{json, Value};

use crate::support::{
    app::{assert_error, session_body, spawn_app, TestApp},
    connect::{connected_result, WABA},
};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

async fn create(app: &TestApp, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(format!("{}/api/vendor/setup-links", app.address))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn created(app: &TestApp, key: &str, body: &Value) -> Value {
    let response = create(app, key, body).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// `GET` of one link, or `POST` of its `revoke`: status and body.
async fn on_link(app: &TestApp, method: reqwest::Method, key: &str, id: &str) -> (u16, Value) {
    let action = if method == reqwest::Method::POST {
        "/revoke"
    } else {
        ""
    };
    let response = app
        .client
        .request(
            method,
            format!("{}/api/vendor/setup-links/{id}{action}", app.address),
        )
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

async fn read(app: &TestApp, key: &str, id: &str) -> (u16, Value) {
    on_link(app, reqwest::Method::GET, key, id).await
}

async fn revoke(app: &TestApp, key: &str, id: &str) -> (u16, Value) {
    on_link(app, reqwest::Method::POST, key, id).await
}

/// Opens the link as a customer's browser would: where it sends the browser.
async fn open(app: &TestApp, url: &str) -> String {
    let response = app
        .browser_without_redirects()
        .get(format!("{}{url}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The session token of a fresh session's page address.
fn session_token(location: &str) -> String {
    let (page, token) = location
        .split_once("?session_token=")
        .unwrap_or_else(|| panic!("not a fresh session: {location}"));
    assert_eq!(page, "/vendor/connect/whatsapp");
    token.to_owned()
}

async fn link_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM setup_links")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// Moves the link's clock: as if it had been made `days` ago.
async fn age(app: &TestApp, id: &str, days: i64) {
    sqlx::query(
        "UPDATE setup_links SET created_at = created_at - $2, expires_at = expires_at - $2 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(days * DAY_MS)
    .execute(app.db.writer())
    .await
    .unwrap();
}

#[tokio::test]
async fn a_link_opened_three_days_later_connects_and_then_opens_no_more() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let link = created(&app, &vendor.api_key, &session_body("shop-1")).await;
    let id = link["setup_link_id"].as_str().unwrap();
    let url = link["url"].as_str().unwrap();
    assert!(id.starts_with("stl_"), "{link}");
    assert!(url.starts_with("/vendor/connect/setup/"), "{link}");
    assert_eq!(link["status"], "active");
    assert_eq!(link["externalId"], "shop-1");

    // The link's token is not an API key.
    let token_in_url = url.rsplit('/').next().unwrap();
    let as_key = app
        .client
        .get(format!("{}/api/vendor/setup-links", app.address))
        .bearer_auth(token_in_url)
        .send()
        .await
        .unwrap();
    assert_eq!(as_key.status(), 401);

    age(&app, id, 3).await;
    // Each opening is a fresh session of its own.
    let first = session_token(&open(&app, url).await);
    let second = session_token(&open(&app, url).await);
    assert_ne!(first, second);
    let connected = connected_result(app.connect_whatsapp(&second).await).await;

    let (status, read_back) = read(&app, &vendor.api_key, id).await;
    assert_eq!(status, 200);
    assert_eq!(read_back["status"], "completed");
    assert_eq!(read_back["opened_count"], 2);
    assert!(
        read_back.get("url").is_none(),
        "the token is never shown again"
    );
    assert_eq!(
        read_back["result"],
        json!({
            "type": "whatsportal:connect:success",
            "account_id": connected["account_id"],
            "waba_id": WABA,
            "phone_number_id": crate::support::connect::PHONE,
            "livemode": true,
            "state": "csrf-123",
        })
    );
    let session_id = read_back["session_id"].as_str().unwrap();

    // Refused after completion: the completed session's page says it was used.
    let after = open(&app, url).await;
    assert_eq!(
        after,
        format!("/vendor/connect/whatsapp?session={session_id}")
    );
    let page = app
        .client
        .get(format!("{}{after}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 409);
    // The unused first session cannot complete it again.
    assert_eq!(read(&app, &vendor.api_key, id).await.1["opened_count"], 2);
}

#[tokio::test]
async fn revoked_replaced_and_expired_links_open_no_session() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let old = created(&app, &vendor.api_key, &session_body("shop-2")).await;
    let mut pages = session_body("shop-2");
    pages["integrationType"] = json!("meta_page");
    let other_integration = created(&app, &vendor.api_key, &pages).await;
    let new = created(&app, &vendor.api_key, &session_body("shop-2")).await;
    let id = |link: &Value| link["setup_link_id"].as_str().unwrap().to_owned();

    // A new link for the same workspace and integration revoked the old one only.
    assert_eq!(
        read(&app, &vendor.api_key, &id(&old)).await.1["status"],
        "revoked"
    );
    assert_eq!(
        read(&app, &vendor.api_key, &id(&other_integration)).await.1["status"],
        "active"
    );
    let unknown_page = "/vendor/connect/whatsapp?session=";
    assert_eq!(open(&app, old["url"].as_str().unwrap()).await, unknown_page);
    session_token(&open(&app, new["url"].as_str().unwrap()).await);

    // Revoked by the vendor.
    let (status, revoked) = revoke(&app, &vendor.api_key, &id(&new)).await;
    assert_eq!((status, &revoked["status"]), (200, &json!("revoked")));
    assert!(revoked["revoked_at"].is_string());
    assert_eq!(open(&app, new["url"].as_str().unwrap()).await, unknown_page);
    let page = app
        .client
        .get(format!("{}{unknown_page}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 404);

    // Past its lifetime.
    age(&app, &id(&other_integration), 8).await;
    assert_eq!(
        read(&app, &vendor.api_key, &id(&other_integration)).await.1["status"],
        "expired"
    );
    assert_eq!(
        open(&app, other_integration["url"].as_str().unwrap()).await,
        "/vendor/connect/meta-page?session="
    );

    // A token nobody made.
    assert_eq!(
        open(&app, &format!("/vendor/connect/setup/{}", "0".repeat(64))).await,
        unknown_page
    );

    // The listing: newest first (the aged link is now the oldest), each with where it
    // stands.
    let listing: Value = app
        .client
        .get(format!("{}/api/vendor/setup-links", app.address))
        .bearer_auth(&vendor.api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let statuses: Vec<&str> = listing["setup_links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["revoked", "revoked", "expired"]);
}

#[tokio::test]
async fn bad_requests_are_refused_and_store_nothing() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let with = |field: &str, value: Value| {
        let mut body = session_body("shop-3");
        body[field] = value;
        body
    };
    for (body, needle) in [
        (with("expiresInDays", json!(0)), "`expiresInDays` must be"),
        (with("expiresInDays", json!(31)), "`expiresInDays` must be"),
        (with("expiresInDays", json!(1.5)), "`expiresInDays` must be"),
        (with("expiresInDays", json!("7")), "`expiresInDays` must be"),
        (
            with("returnUrl", json!("https://nope.example.com/")),
            "returnUrl",
        ),
        (
            with("origin", json!("https://other.example.com")),
            "allowed origins",
        ),
        (with("externalId", Value::Null), "externalId"),
        (
            with("integrationType", json!("telegram")),
            "integrationType",
        ),
    ] {
        assert_error(create(&app, &vendor.api_key, &body).await, 400, needle).await;
    }
    assert_eq!(link_count(&app).await, 0);
    let longest = created(&app, &vendor.api_key, &with("expiresInDays", json!(30))).await;
    assert_eq!(link_count(&app).await, 1);

    // Another vendor's key, and the vendor's test key, neither read nor revoke it.
    let other = app.seed_vendor().await;
    let test = app.test_key(&vendor.vendor_id).await;
    let id = longest["setup_link_id"].as_str().unwrap();
    for key in [other.api_key.as_str(), test.as_str()] {
        assert_eq!(read(&app, key, id).await.0, 404);
        assert_eq!(revoke(&app, key, id).await.0, 404);
    }
    assert_eq!(read(&app, &vendor.api_key, id).await.1["status"], "active");
    for malformed in ["stl_%00", "stl_%27%20OR%201%3D1", "nope", &"a".repeat(70)] {
        assert_eq!(read(&app, &vendor.api_key, malformed).await.0, 404);
    }
}
