//! Pre-filled signups: what the vendor knows of the business, checked field by field,
//! kept with the session (and a setup link's request), and carried to the page that
//! launches Meta's dialog as `extras.setup`; a workspace that already shared a WABA has
//! Meta offer it again. (That the launch carries it exactly is shown in the browser
//! against the Meta double: end2end/tests/live-meta.spec.ts.)

use serde_json::{json, Value};

use crate::support::{
    app::{assert_error, session_body, spawn_app, TestApp},
    connect::{connected_result, WABA},
};

fn prefill() -> Value {
    json!({
        "business": {
            "name": "Harbour Bakery", "email": "owner@harbour.example",
            "website": "https://harbour.example", "phone": {"code": 44, "number": "2079460000"},
            "address": {"streetAddress1": "1 Quay St", "city": "Hull", "zipPostal": "HU1 1AA",
                        "country": "GB"},
            "timezone": "UTC+01:00"
        },
        "phone": {"displayName": "Harbour Bakery", "category": "RESTAURANT"}
    })
}

fn with_prefill(external_id: &str, prefill: Value) -> Value {
    let mut body = session_body(external_id);
    body["prefill"] = prefill;
    body
}

async fn stored(app: &TestApp) -> (i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM connect_sessions), (SELECT COUNT(*) FROM workspaces)",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap()
}

/// The `extras.setup` the WhatsApp page of `token` launches Meta's dialog with.
async fn page_setup(app: &TestApp, token: &str) -> Option<Value> {
    app.flow_session(token).await["setup"]
        .as_str()
        .map(|setup| serde_json::from_str(setup).unwrap())
}

#[tokio::test]
async fn each_invalid_field_is_refused_by_name_and_nothing_is_stored() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let cases = [
        (json!("Harbour"), "`prefill` must be an object"),
        (
            json!({"business": {"emial": "a@b.example"}}),
            "`prefill.business.emial` is not a field",
        ),
        (
            json!({"business": {"email": "owner at harbour"}}),
            "`prefill.business.email` must be an e-mail address",
        ),
        (
            json!({"business": {"website": "javascript:alert(1)"}}),
            "`prefill.business.website`",
        ),
        (
            json!({"business": {"phone": {"code": 44, "number": "+44 20"}}}),
            "`prefill.business.phone.number`",
        ),
        (
            json!({"business": {"address": {"country": "Britain"}}}),
            "`prefill.business.address.country`",
        ),
        (
            json!({"business": {"timezone": "Europe/London"}}),
            "`prefill.business.timezone`",
        ),
        (
            json!({"phone": {"displayName": " "}}),
            "`prefill.phone.displayName` must not be empty",
        ),
        (
            json!({"phone": {"category": "bakery"}}),
            "`prefill.phone.category`",
        ),
    ];
    for (bad, expected) in cases {
        let response = app
            .create_session(&vendor.api_key, &with_prefill("shop-1", bad))
            .await;
        assert_error(response, 400, expected).await;
    }
    let mut pages = with_prefill("shop-1", prefill());
    pages["integrationType"] = json!("meta_page");
    let response = app.create_session(&vendor.api_key, &pages).await;
    assert_error(response, 400, "`prefill` is for WhatsApp sessions only").await;
    assert_eq!(
        stored(&app).await,
        (0, 0),
        "a refused request stores nothing"
    );
}

#[tokio::test]
async fn a_prefill_reaches_the_page_in_metas_shape_and_a_reconnection_offers_the_waba() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let plain = app.session_token(&vendor.api_key, "shop-0").await;
    assert_eq!(page_setup(&app, &plain).await, None, "nothing to pre-fill");

    let response = app
        .create_session(&vendor.api_key, &with_prefill("shop-1", prefill()))
        .await;
    assert_eq!(response.status(), 200);
    let token = response.json::<Value>().await.unwrap()["session_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(page_setup(&app, &token).await, Some(prefill()));
    connected_result(app.connect_whatsapp(&token).await).await;

    let again = app
        .create_session(&vendor.api_key, &with_prefill("shop-1", prefill()))
        .await;
    let again = again.json::<Value>().await.unwrap()["session_token"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut expected = prefill();
    expected["whatsAppBusinessAccount"] = json!({"ids": [WABA]});
    assert_eq!(page_setup(&app, &again).await, Some(expected));
}

#[tokio::test]
async fn a_setup_link_keeps_its_prefill_for_every_session_it_opens() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let link = app
        .client
        .post(format!("{}/api/vendor/setup-links", app.address))
        .bearer_auth(&vendor.api_key)
        .json(&with_prefill("shop-2", prefill()))
        .send()
        .await
        .unwrap();
    assert_eq!(link.status(), 201);
    let link: Value = link.json().await.unwrap();
    let opened = app
        .browser_without_redirects()
        .get(format!("{}{}", app.address, link["url"].as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 303);
    let location = opened.headers()["location"].to_str().unwrap().to_owned();
    let token = location.split_once("session_token=").unwrap().1;
    assert_eq!(page_setup(&app, token).await, Some(prefill()));

    let bad = app
        .client
        .post(format!("{}/api/vendor/setup-links", app.address))
        .bearer_auth(&vendor.api_key)
        .json(&with_prefill("shop-3", json!({"phone": {"category": 7}})))
        .send()
        .await
        .unwrap();
    assert_error(bad, 400, "`prefill.phone.category` must be a string").await;
    let (links,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM setup_links")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(links, 1);
}
