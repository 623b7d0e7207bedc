//! The lifecycle against a Meta double written from docs/meta.md (not the simulator): the
//! app's own secret signs deliveries and callbacks, tokens Meta forgets are found, and
//! disconnecting ends the subscription at Meta.

use serde_json::{json, Value};
use whatsportal::{meta::webhooks::make_signed_request, services::lifecycle::token_health};

use crate::{
    live_meta::{grant, live_app, signup, VERIFY_TOKEN, WABA},
    support::connect::connected_result,
    support::lifecycle::{account_update, now_seconds},
    support::meta_double::{NumberState, Page, TokenShape, APP_SECRET, USER_ID},
};

#[tokio::test]
async fn deliveries_signed_with_the_live_app_secret_are_taken_and_others_refused() {
    let (app, double) = live_app().await;
    let (_, response) = signup(
        &app,
        &double,
        grant(TokenShape::Shape2026, NumberState::Fresh),
    )
    .await;
    let result = connected_result(response).await;

    let verified = app
        .client
        .get(format!("{}/meta/webhooks", app.address))
        .query(&[
            ("hub.mode", "subscribe"),
            ("hub.verify_token", VERIFY_TOKEN),
            ("hub.challenge", "42"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(verified.text().await.unwrap(), "42");

    let body = account_update(WABA, "ACCOUNT_RESTRICTION", json!({}), now_seconds());
    let simulated = app
        .deliver_to_webhook(&body, whatsportal::simulator::APP_SECRET)
        .await;
    assert_eq!(
        simulated.status(),
        401,
        "the simulator's secret is not the live app's"
    );
    assert_eq!(
        app.deliver_to_webhook(&body, APP_SECRET).await.status(),
        200
    );
    app.wait_processed(1).await;
    let (status,): (String,) = sqlx::query_as("SELECT status FROM whatsapp_connections")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(status, "restricted");
    assert_eq!(result["livemode"], true);
}

#[tokio::test]
async fn the_health_check_finds_a_business_token_meta_no_longer_honours() {
    let (app, double) = live_app().await;
    let (_, response) = signup(
        &app,
        &double,
        grant(TokenShape::Shape2026, NumberState::Fresh),
    )
    .await;
    connected_result(response).await;
    let checked = token_health::check_due(&app.db, &app.meta).await.unwrap();
    assert_eq!((checked.tokens, checked.invalid), (1, 0));

    double.remove_app();
    sqlx::query("UPDATE whatsapp_connections SET next_check_at = 1")
        .execute(app.db.writer())
        .await
        .unwrap();
    let checked = token_health::check_due(&app.db, &app.meta).await.unwrap();
    assert_eq!((checked.tokens, checked.invalid), (1, 1));
    let (status, token): (String, Option<String>) =
        sqlx::query_as("SELECT status, token_ciphertext FROM whatsapp_connections")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!((status.as_str(), token), ("token_invalid", None));
}

#[tokio::test]
async fn pages_know_whose_login_they_came_from_and_disconnecting_unsubscribes_at_meta() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.pages_session(&vendor, "customer_1").await;
    let user_token = double.user_token(vec![Page {
        id: "611000000000001".into(),
        name: "Harbour Cafe".into(),
        token: true,
    }]);
    let listed = app
        .connect_call(
            "pages/list",
            json!({"session_token": token, "user_access_token": user_token}),
        )
        .await;
    assert_eq!(listed.status(), 200);
    assert_eq!(
        app.connect_pages(&token, &["611000000000001"])
            .await
            .status(),
        200
    );
    let (user,): (Option<String>,) = sqlx::query_as("SELECT user_id FROM page_connections")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(user.as_deref(), Some(USER_ID));

    let answer = app
        .vendor_delete(
            &vendor.api_key,
            "workspaces/customer_1/pages/611000000000001",
        )
        .await;
    assert_eq!(answer.status(), 200);
    assert_eq!(double.calls("subscribed_apps (delete)"), 1);
    let workspace: Value = answer.json().await.unwrap();
    assert_eq!(workspace["pages"][0]["status"], "disconnected");

    // Meta's deauthorize for that user finds nothing more to end.
    let signed = make_signed_request(APP_SECRET, USER_ID, now_seconds());
    let deauthorized = app
        .client
        .post(format!("{}/meta/deauthorize", app.address))
        .form(&[("signed_request", signed.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(deauthorized.status(), 200);
    let after = app.workspace(&vendor.api_key, "customer_1").await;
    assert_eq!(
        after["pages"][0]["status_reason"], "vendor_disconnected",
        "a page already disconnected stays as it was"
    );
}
