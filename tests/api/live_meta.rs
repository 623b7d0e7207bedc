//! The live integration against a Meta double written from docs/meta.md (not the
//! simulator): the server runs with `META_MODE=live` and its Graph URL pointing at the
//! double, and the page's calls are made as the browser makes them.

use std::time::Duration;

use axum::http::StatusCode;
use serde_json::{json, Value};
use whatsportal::config::{MetaMode, MetaSettings};

use crate::{
    support::app::{spawn_app_with, TestApp},
    support::connect::{assert_connect_error, connected_result, finish, step_of},
    support::meta_double::{
        meta_error, Failure, MetaDouble, Number, NumberState, Page, TokenShape, WabaGrant, APP_ID,
        APP_SECRET,
    },
};

pub const WABA: &str = "524126980791429";
pub const VERIFY_TOKEN: &str = "double-verify-token";
pub const PHONE: &str = "106540352242922";
/// The return page registered with the double's app.
pub const RETURN_URL: &str = "https://connect.example.com/vendor/connect/return";

/// Live settings against the double at `graph_url`, with the registered return page.
pub fn live_settings(graph_url: String) -> MetaSettings {
    MetaSettings {
        mode: MetaMode::Live,
        app_id: APP_ID.into(),
        app_secret: APP_SECRET.into(),
        config_id: "777000000000001".into(),
        pages_config_id: String::new(),
        api_version: "v23.0".into(),
        graph_url,
        sdk_url: "https://connect.facebook.net/en_US/sdk.js".into(),
        web_origin: "https://www.facebook.com".into(),
        return_url: RETURN_URL.into(),
        timeout: Duration::from_secs(2),
        webhook_verify_token: VERIFY_TOKEN.into(),
    }
}

pub async fn live_app() -> (TestApp, MetaDouble) {
    let double = MetaDouble::start().await;
    let graph_url = double.url.clone();
    let app = spawn_app_with(|settings| settings.meta = live_settings(graph_url)).await;
    (app, double)
}

pub fn grant(shape: TokenShape, number: NumberState) -> WabaGrant {
    WabaGrant {
        waba_id: WABA.into(),
        numbers: vec![Number::new(PHONE, number)],
        shape,
    }
}

/// A live session, and the code Meta's dialog gave for `grant`; sends both halves.
pub async fn signup(
    app: &TestApp,
    double: &MetaDouble,
    grant: WabaGrant,
) -> (String, reqwest::Response) {
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let code = double.code_for(grant);
    let response = app
        .complete_whatsapp(&token, &code, WABA, Some(PHONE))
        .await;
    (token, response)
}

async fn stored_connections(app: &TestApp) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM whatsapp_connections WHERE status = 'active'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    n
}

#[tokio::test]
async fn a_2026_business_token_connects() {
    let (app, double) = live_app().await;
    let (_, response) = signup(
        &app,
        &double,
        grant(TokenShape::Shape2026, NumberState::Fresh),
    )
    .await;
    let result = connected_result(response).await;
    assert_eq!(
        (result["waba_id"].as_str(), result["livemode"].as_bool()),
        (Some(WABA), Some(true))
    );
    assert_eq!(double.calls("register"), 1);
    assert_eq!(double.calls("subscribed_apps"), 1);
}

#[tokio::test]
async fn the_documented_token_shape_connects_too() {
    let (app, double) = live_app().await;
    let (_, response) = signup(
        &app,
        &double,
        grant(TokenShape::Documented, NumberState::Fresh),
    )
    .await;
    connected_result(response).await;
}

#[tokio::test]
async fn another_apps_token_and_an_invalid_token_are_refused_and_nothing_is_stored() {
    for (shape, error) in [
        (TokenShape::OtherApp, "ForeignToken"),
        (TokenShape::Invalid, "TokenInvalid"),
    ] {
        let (app, double) = live_app().await;
        let (_, response) = signup(&app, &double, grant(shape, NumberState::Fresh)).await;
        assert_connect_error(response, 422, error).await;
        assert_eq!(stored_connections(&app).await, 0);
        assert_eq!(double.calls("subscribed_apps"), 0);
    }
}

#[tokio::test]
async fn a_token_that_cannot_read_the_reported_waba_is_not_granted() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let code = double.code_for(grant(TokenShape::Shape2026, NumberState::Fresh));
    let response = app
        .complete_whatsapp(&token, &code, "524126980791430", Some(PHONE))
        .await;
    assert_connect_error(response, 422, "NotGranted").await;
    assert_eq!(double.calls("register"), 0);
}

#[tokio::test]
async fn a_number_not_on_the_waba_is_refused() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let code = double.code_for(grant(TokenShape::Shape2026, NumberState::Fresh));
    let response = app
        .complete_whatsapp(&token, &code, WABA, Some("106540352242999"))
        .await;
    assert_connect_error(response, 422, "NumberNotOnWaba").await;
}

#[tokio::test]
async fn code_3_over_http_500_is_not_retried_and_transient_code_2_is_retried_once() {
    let (app, double) = live_app().await;
    double.fail_next(
        "subscribed_apps",
        Failure {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: meta_error(
                3,
                None,
                "(#3) Application does not have the capability to make this API call.",
            ),
            headers: vec![],
        },
    );
    let (token, response) = signup(
        &app,
        &double,
        grant(TokenShape::Shape2026, NumberState::Fresh),
    )
    .await;
    assert_connect_error(response, 422, "NotGranted").await;
    assert_eq!(double.calls("subscribed_apps"), 1, "not retried");

    double.fail_next(
        "subscribed_apps",
        Failure {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            body: meta_error(2, None, "Service temporarily unavailable"),
            headers: vec![],
        },
    );
    let step = step_of(app.whatsapp_retry(&token).await).await;
    assert_eq!(step["Connected"]["waba_id"], WABA);
    assert_eq!(
        double.calls("subscribed_apps"),
        3,
        "the transient failure was retried once"
    );
}

#[tokio::test]
async fn a_rate_limit_says_how_long_meta_asks_to_wait() {
    let (app, double) = live_app().await;
    double.fail_next(
        "waba",
        Failure {
            status: StatusCode::BAD_REQUEST,
            body: meta_error(
                80007,
                None,
                "(#80007) There have been too many calls to this WhatsApp Business account.",
            ),
            headers: vec![(
                "x-business-use-case-usage",
                json!({"524126980791429": [{"type": "whatsapp_business_management",
            "call_count": 100, "estimated_time_to_regain_access": 12}]})
                .to_string(),
            )],
        },
    );
    let (_, response) = signup(
        &app,
        &double,
        grant(TokenShape::Shape2026, NumberState::Fresh),
    )
    .await;
    assert_eq!(response.status(), 429);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"AfterSignup": {"RateLimited": {"minutes": 12}}})
    );
}

#[tokio::test]
async fn an_existing_pin_is_asked_for_and_register_is_called_once_per_attempt() {
    let (app, double) = live_app().await;
    let (token, response) = signup(
        &app,
        &double,
        grant(TokenShape::Shape2026, NumberState::WithPin("135790".into())),
    )
    .await;
    assert_eq!(step_of(response).await["NeedsPin"]["mismatch"], false);
    assert_eq!(double.calls("register"), 1, "133005 is not retried");
    let step = step_of(app.whatsapp_pin(&token, "135790").await).await;
    assert_eq!(step["Connected"]["phone_number_id"], PHONE);
    assert_eq!(double.calls("register"), 2);
}

#[tokio::test]
async fn a_connected_number_is_not_registered() {
    let (app, double) = live_app().await;
    let (_, response) = signup(
        &app,
        &double,
        grant(TokenShape::Shape2026, NumberState::Connected),
    )
    .await;
    connected_result(response).await;
    assert_eq!(double.calls("register"), 0);
}

#[tokio::test]
async fn unverified_and_over_quota_numbers_keep_the_waba() {
    for (state, error) in [
        (NumberState::Unverified, "NumberNeedsVerification"),
        (NumberState::QuotaSpent, "RegisterBlocked"),
    ] {
        let (app, double) = live_app().await;
        let (_, response) = signup(&app, &double, grant(TokenShape::Shape2026, state)).await;
        assert_connect_error(response, 422, error).await;
        assert_eq!(double.calls("register"), 1);
        let (status,): (String,) = sqlx::query_as("SELECT status FROM whatsapp_connections")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        assert_eq!(status, "needs_registration");
    }
}

#[tokio::test]
async fn a_waba_without_a_number_is_kept_and_a_number_added_later_finishes() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let bare = WabaGrant {
        numbers: vec![],
        ..grant(TokenShape::Shape2026, NumberState::Fresh)
    };
    let code = double.code_for(bare);
    let step = step_of(app.complete_whatsapp(&token, &code, WABA, None).await).await;
    assert!(step.get("NeedsPhoneNumber").is_some(), "{step}");
    assert_eq!(
        double.calls("subscribed_apps"),
        1,
        "the WABA is subscribed already"
    );
    let code = double.code_for(grant(TokenShape::Shape2026, NumberState::Fresh));
    let step = step_of(
        app.complete_whatsapp(&token, &code, WABA, Some(PHONE))
            .await,
    )
    .await;
    assert_eq!(step["Connected"]["phone_number_id"], PHONE);
}

#[tokio::test]
async fn the_event_first_then_the_code_with_the_2026_shape() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let step = step_of(
        app.whatsapp_event(&token, "run1", finish(WABA, Some(PHONE)))
            .await,
    )
    .await;
    assert_eq!(step, json!("AwaitingCode"));
    let code = double.code_for(grant(TokenShape::Shape2026, NumberState::Fresh));
    let step = step_of(app.whatsapp_code(&token, "run1", &code).await).await;
    assert_eq!(step["Connected"]["waba_id"], WABA);
}

#[tokio::test]
async fn a_page_without_a_token_is_listed_as_not_connectable_and_the_rest_connect() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let user_token = double.user_token(vec![
        Page {
            id: "611000000000001".into(),
            name: "Harbour Cafe".into(),
            token: true,
        },
        Page {
            id: "611000000000002".into(),
            name: "Harbour Events".into(),
            token: false,
        },
    ]);
    let listed: Value = app
        .connect_call(
            "pages/list",
            json!({"session_token": token, "user_access_token": user_token}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["not_connectable"], Value::Null);
    assert_eq!(listed[1]["not_connectable"], "NoPageToken");
    assert_eq!(
        app.connect_pages(&token, &["611000000000001"])
            .await
            .status(),
        200
    );
    let refused = app.connect_pages(&token, &["611000000000002"]).await;
    assert_eq!(
        refused.status().as_u16(),
        409,
        "the session is used: {}",
        refused.text().await.unwrap()
    );
}

#[tokio::test]
async fn a_code_whose_answer_was_lost_on_the_way_is_not_exchanged_again() {
    let (app, double) = live_app().await;
    // Meta spends the code, then the connection drops before its answer arrives.
    double.cut_next_answer("oauth/access_token");
    let (_, response) = signup(
        &app,
        &double,
        grant(TokenShape::Shape2026, NumberState::Fresh),
    )
    .await;
    assert_connect_error(response, 502, "MetaUnavailable").await;
    assert_eq!(
        double.calls("oauth/access_token"),
        1,
        "a second exchange of a spent code would only be refused"
    );
}
