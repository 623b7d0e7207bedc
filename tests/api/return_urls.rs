//! Return URLs: staff register a vendor's exact return URLs, a session may name one
//! (`returnUrl`), and the connect page's "Back to {vendor}" link sends the customer
//! there with the session's outcome, read on the server when the link is followed.

use serde_json::{json, Value};
use whatsportal::{config::Environment, services::vendors::return_urls, services::Actor};

use crate::support::{
    app::{assert_error, session_body, spawn_app, TestApp},
    connect::connected_result,
};

const RETURN_URL: &str = "https://app.example.com/whatsapp/connected?tab=channels";

async fn register(app: &TestApp, vendor_id: &str, url: &str) {
    return_urls::add(
        &app.db,
        Environment::Development,
        Actor::CLI,
        vendor_id,
        url,
    )
    .await
    .unwrap();
}

async fn session_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM connect_sessions")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// A session naming the return URL: its token and id.
async fn session_with_return(app: &TestApp, key: &str, external_id: &str) -> (String, String) {
    let mut body = session_body(external_id);
    body["returnUrl"] = json!(RETURN_URL);
    let response = app.create_session(key, &body).await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    (
        answer["session_token"].as_str().unwrap().to_owned(),
        answer["session_id"].as_str().unwrap().to_owned(),
    )
}

/// Follows "Back to {vendor}" with `client`: where it sends the browser, parsed.
async fn back(app: &TestApp, client: &reqwest::Client, id: &str) -> url::Url {
    let response = client
        .get(format!("{}/vendor/connect/back/{id}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    url::Url::parse(&location).unwrap()
}

/// The outcome's parameters, in order, after the URL's own `tab`.
fn outcome(url: &url::Url) -> Vec<(String, String)> {
    assert_eq!(
        url.as_str().split('?').next(),
        Some("https://app.example.com/whatsapp/connected")
    );
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(
        pairs[0],
        ("tab".into(), "channels".into()),
        "its own query first"
    );
    pairs[1..].to_vec()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn a_return_url_not_registered_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let other = app.seed_vendor().await;
    register(&app, &other.vendor_id, RETURN_URL).await;
    let before = session_count(&app).await;
    for (url, needle) in [
        (json!(RETURN_URL), "is not one of this vendor's return URLs"),
        (
            json!("https://app.example.com/whatsapp/connected"),
            "is not one of this vendor's return URLs",
        ),
        (json!("javascript:alert(1)"), "`returnUrl` must use https"),
        (
            json!("https://app.example.com/x#y"),
            "must not contain a fragment",
        ),
        (json!(42), "returnUrl"),
    ] {
        let mut body = session_body("shop-1");
        body["returnUrl"] = url;
        assert_error(
            app.create_session(&vendor.api_key, &body).await,
            400,
            needle,
        )
        .await;
    }
    assert_eq!(session_count(&app).await, before, "nothing stored");

    register(&app, &vendor.vendor_id, RETURN_URL).await;
    session_with_return(&app, &vendor.api_key, "shop-1").await;
    assert_eq!(session_count(&app).await, before + 1);
}

#[tokio::test]
async fn back_to_the_vendor_carries_the_outcome_read_on_the_server() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    register(&app, &vendor.vendor_id, RETURN_URL).await;
    let (token, id) = session_with_return(&app, &vendor.api_key, "shop-2").await;

    // The page offers the way back; before connecting, going back is a cancel.
    let page = app.whatsapp_page(&token).await.text().await.unwrap();
    assert!(
        page.contains(&format!("href=\"/vendor/connect/back/{id}\"")),
        "no way back on the page"
    );
    assert!(page.contains("Back to Acme CRM"));
    let browser = app.browser_without_redirects();
    let account_id: String =
        sqlx::query_scalar("SELECT w.account_id FROM workspaces w WHERE w.external_id = 'shop-2'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(
        outcome(&back(&app, &browser, &id).await),
        pairs(&[
            ("status", "cancelled"),
            ("session_id", &id),
            ("account_id", &account_id),
            ("state", "csrf-123"),
        ])
    );

    let connected = connected_result(app.connect_whatsapp(&token).await).await;
    assert_eq!(connected["account_id"], account_id.as_str());
    let url = back(&app, &browser, &id).await;
    assert_eq!(
        outcome(&url),
        pairs(&[
            ("status", "connected"),
            ("session_id", &id),
            ("account_id", &account_id),
            ("state", "csrf-123"),
        ])
    );
    // Never a token or a Meta id.
    for secret in [token.as_str(), "EAA", crate::support::connect::WABA] {
        assert!(!url.as_str().contains(secret), "{url}");
    }
    // A reload after success says so and offers the same way back.
    let used = app
        .client
        .get(format!(
            "{}/vendor/connect/whatsapp?session={id}",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(used.status(), 409);
    let used = used.text().await.unwrap();
    assert!(used.contains(&format!("href=\"/vendor/connect/back/{id}\"")));
    // For this browser, the page posts the stored result again, to the vendor's origin.
    assert!(
        used.contains("data-origin=\"https://app.example.com\""),
        "{used}"
    );
    assert!(used.contains(&account_id) && used.contains("whatsportal:connect:success"));

    // Anyone else who learnt the session's id gets the status and the id only, and a
    // page without the result.
    let stranger = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let strangers_page = stranger
        .get(format!(
            "{}/vendor/connect/whatsapp?session={id}",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(strangers_page.status(), 409);
    let strangers_page = strangers_page.text().await.unwrap();
    assert!(!strangers_page.contains("data-message") && !strangers_page.contains(&account_id));
    assert_eq!(
        outcome(&back(&app, &stranger, &id).await),
        pairs(&[("status", "connected"), ("session_id", &id)])
    );
}

#[tokio::test]
async fn an_expired_session_goes_back_as_expired_and_unknown_ones_nowhere() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    register(&app, &vendor.vendor_id, RETURN_URL).await;
    let (token, id) = session_with_return(&app, &vendor.api_key, "shop-3").await;
    app.whatsapp_page(&token).await;
    app.expire_session(&token).await;
    let expired = app
        .client
        .get(format!(
            "{}/vendor/connect/whatsapp?session={id}",
            app.address
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), 410);
    let browser = app.browser_without_redirects();
    let url = back(&app, &browser, &id).await;
    assert_eq!(outcome(&url)[0], ("status".into(), "expired".into()));

    // A session without a return URL, an unknown id, and what is no id at all.
    let plain = app
        .create_session(&vendor.api_key, &session_body("shop-4"))
        .await;
    let plain: Value = plain.json().await.unwrap();
    let plain_id = plain["session_id"].as_str().unwrap();
    let page = app
        .whatsapp_page(plain["session_token"].as_str().unwrap())
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("/vendor/connect/back/"),
        "no way back offered"
    );
    for id in [
        plain_id,
        "ses_000000000000000000000000",
        "nope",
        plain["session_token"].as_str().unwrap(),
    ] {
        let response = browser
            .get(format!("{}/vendor/connect/back/{id}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{id}");
        assert!(response.headers().get("location").is_none());
    }
}
