//! Several WhatsApp numbers under one workspace: a new session for a workspace whose
//! number is active adds the number the customer picks instead of replacing it;
//! disconnecting one leaves the others; Meta's changes to a WABA reach every number of
//! the workspace on it.

use serde_json::{json, Value};
use whatsportal::model::Mode;

use crate::{
    live_meta::{live_app, WABA as LIVE_WABA},
    support::{
        app::{spawn_app, SeededVendor, TestApp},
        connect::{connected_result, PHONE, WABA},
        lifecycle::{account_update, now_seconds},
        meta_double::{Number, NumberState, TokenShape, WabaGrant, APP_SECRET},
    },
};

/// The simulator's second account: another WABA with its own number.
const WABA_2: &str = "920000000000002";
const PHONE_2: &str = "930000000000002";

/// Connects the simulator's `waba` and `phone` for `externalId` "shop"; the result.
async fn connect(app: &TestApp, vendor: &SeededVendor, waba: &str, phone: &str) -> Value {
    let token = app.whatsapp_session(vendor, "shop").await;
    let code = app.approve_in_dialog_of(Some(&token), waba).await;
    connected_result(
        app.complete_whatsapp(&token, &code, waba, Some(phone))
            .await,
    )
    .await
}

fn numbers(workspace: &Value) -> Vec<(String, String)> {
    workspace["whatsapp"]["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let id = n["phone_number_id"].as_str().unwrap().to_owned();
            (id, n["status"].as_str().unwrap().to_owned())
        })
        .collect()
}

async fn disconnect(app: &TestApp, key: &str, phone: &str) -> reqwest::Response {
    app.vendor_delete(key, &format!("workspaces/shop/whatsapp/numbers/{phone}"))
        .await
}

#[tokio::test]
async fn a_second_number_joins_the_workspace_and_leaving_one_keeps_the_other() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, Mode::Live).await;
    let first = connect(&app, &vendor, WABA, PHONE).await;
    let second = connect(&app, &vendor, WABA_2, PHONE_2).await;
    assert_eq!(
        second["account_id"], first["account_id"],
        "one customer, one account_id"
    );
    assert_eq!(
        second["phone_number_id"], PHONE_2,
        "the result names the number added"
    );

    let workspace = app.workspace(&vendor.api_key, "shop").await;
    let whatsapp = &workspace["whatsapp"];
    assert_eq!(
        whatsapp["phone_number_id"], PHONE,
        "the first number keeps the single fields"
    );
    assert_eq!(whatsapp["waba_id"], WABA);
    assert_eq!(
        numbers(&workspace),
        [
            (PHONE.to_owned(), "active".to_owned()),
            (PHONE_2.to_owned(), "active".to_owned())
        ]
    );
    assert_eq!(whatsapp["numbers"][1]["waba_id"], WABA_2);
    assert_eq!(
        whatsapp["numbers"][1]["display_phone_number"],
        "+1 555-010-0002"
    );
    assert_eq!(whatsapp["numbers"][1]["readiness"]["can_send"], "available");
    let connected = app.vendor_events("whatsapp.connected").await;
    assert_eq!(connected.len(), 2);
    assert_eq!(connected[1]["data"]["phone_number_id"], PHONE_2);

    let answer = disconnect(&app, &vendor.api_key, PHONE_2).await;
    assert_eq!(answer.status(), 200);
    let workspace: Value = answer.json().await.unwrap();
    assert_eq!(
        workspace["whatsapp"]["status"], "active",
        "the first number stays"
    );
    assert_eq!(
        numbers(&workspace),
        [
            (PHONE.to_owned(), "active".to_owned()),
            (PHONE_2.to_owned(), "disconnected".to_owned())
        ]
    );
    let events = app.vendor_events("whatsapp.disconnected").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["data"]["phone_number_id"], PHONE_2);
    assert_eq!(events[0]["data"]["reason"], "vendor_disconnected");
    // Again: nothing more happens.
    assert_eq!(
        disconnect(&app, &vendor.api_key, PHONE_2).await.status(),
        200
    );
    assert_eq!(app.vendor_events("whatsapp.disconnected").await.len(), 1);
    let (tokens,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM whatsapp_numbers WHERE token_ciphertext IS NOT NULL")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(tokens, 0, "a disconnected number's token is forgotten");

    // The last active number: the whole connection ends.
    assert_eq!(disconnect(&app, &vendor.api_key, PHONE).await.status(), 200);
    let workspace = app.workspace(&vendor.api_key, "shop").await;
    assert_eq!(workspace["whatsapp"]["status"], "disconnected");
}

#[tokio::test]
async fn disconnecting_the_first_number_moves_the_next_into_its_place() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    connect(&app, &vendor, WABA, PHONE).await;
    connect(&app, &vendor, WABA_2, PHONE_2).await;
    let answer = disconnect(&app, &vendor.api_key, PHONE).await;
    assert_eq!(answer.status(), 200);
    let workspace: Value = answer.json().await.unwrap();
    let whatsapp = &workspace["whatsapp"];
    assert_eq!(whatsapp["phone_number_id"], PHONE_2);
    assert_eq!(whatsapp["waba_id"], WABA_2);
    assert_eq!(whatsapp["status"], "active");
    assert_eq!(
        numbers(&workspace),
        [
            (PHONE_2.to_owned(), "active".to_owned()),
            (PHONE.to_owned(), "disconnected".to_owned())
        ]
    );
    // The moved token still opens: the number's readiness is read with it.
    sqlx::query("UPDATE number_readiness SET next_check_at = 0, can_send = 'unknown'")
        .execute(app.db.writer())
        .await
        .unwrap();
    whatsportal::services::readiness::check::check_due(&app.db, &app.meta)
        .await
        .unwrap();
    let workspace = app.workspace(&vendor.api_key, "shop").await;
    assert_eq!(workspace["whatsapp"]["readiness"]["can_send"], "available");
}

#[tokio::test]
async fn unknown_and_malformed_numbers_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    connect(&app, &vendor, WABA, PHONE).await;
    let before = app.workspace(&vendor.api_key, "shop").await;
    let unknown = disconnect(&app, &vendor.api_key, "930000000000099").await;
    assert_eq!(unknown.status(), 404);
    let malformed = disconnect(&app, &vendor.api_key, "not-a-number").await;
    assert_eq!(malformed.status(), 400);
    let other = app.seed_vendor().await;
    assert_eq!(disconnect(&app, &other.api_key, PHONE).await.status(), 404);
    assert_eq!(app.workspace(&vendor.api_key, "shop").await, before);
}

#[tokio::test]
async fn meta_removing_the_partner_from_a_waba_ends_every_number_of_it() {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, Mode::Live).await;
    let (phone_a, phone_b) = ("106540352242922", "106540352242933");
    let grant = || WabaGrant {
        waba_id: LIVE_WABA.into(),
        numbers: vec![
            Number::new(phone_a, NumberState::Fresh),
            Number::new(phone_b, NumberState::Fresh),
        ],
        shape: TokenShape::Shape2026,
    };
    for phone in [phone_a, phone_b] {
        let token = app.whatsapp_session(&vendor, "shop").await;
        let code = double.code_for(grant());
        let answer = app
            .complete_whatsapp(&token, &code, LIVE_WABA, Some(phone))
            .await;
        connected_result(answer).await;
    }
    let workspace = app.workspace(&vendor.api_key, "shop").await;
    assert_eq!(numbers(&workspace).len(), 2);

    let body = account_update(LIVE_WABA, "PARTNER_REMOVED", json!({}), now_seconds());
    assert_eq!(
        app.deliver_to_webhook(&body, APP_SECRET).await.status(),
        200
    );
    app.wait_processed(1).await;
    let workspace = app.workspace(&vendor.api_key, "shop").await;
    assert_eq!(
        numbers(&workspace),
        [
            (phone_a.to_owned(), "disconnected".to_owned()),
            (phone_b.to_owned(), "disconnected".to_owned())
        ]
    );
    let events = app.vendor_events("whatsapp.disconnected").await;
    let phones: Vec<&str> = events
        .iter()
        .map(|e| e["data"]["phone_number_id"].as_str().unwrap())
        .collect();
    assert_eq!(phones, [phone_a, phone_b], "one event per number");
    assert_eq!(double.calls("register"), 2);
}

#[tokio::test]
async fn staff_see_every_number_and_whether_it_can_send() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let first = connect(&app, &vendor, WABA, PHONE).await;
    connect(&app, &vendor, WABA_2, PHONE_2).await;
    let mut admin = app.signed_in("viewer").await;
    let account_id = first["account_id"].as_str().unwrap();
    let detail = admin
        .ok(
            "workspaces/show",
            &[("vendor_id", &vendor.vendor_id), ("account_id", account_id)],
        )
        .await;
    let shown: Vec<(&str, &str, &str)> = detail["numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["phone_number_id"].as_str().unwrap(),
                n["status"].as_str().unwrap(),
                n["can_send"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            (PHONE, "active", "available"),
            (PHONE_2, "active", "available")
        ]
    );
    assert!(!detail.to_string().contains("ciphertext"));
}

#[tokio::test]
async fn a_business_app_number_takes_the_first_place_with_its_syncs() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    connect(&app, &vendor, WABA, PHONE).await;
    let token = app.session_offering_app(&vendor, "shop", Some(true)).await;
    let (app_waba, app_phone) = ("920000000000016", "930000000000016");
    let answer = app.connect_business_app(&token, app_waba, true).await;
    assert_eq!(connected_result(answer).await["phone_number_id"], app_phone);
    let workspace = app.workspace(&vendor.api_key, "shop").await;
    assert_eq!(workspace["whatsapp"]["phone_number_id"], app_phone);
    assert_eq!(workspace["whatsapp"]["coexistence"], true);
    assert_eq!(workspace["whatsapp"]["syncs"].as_array().unwrap().len(), 2);
}
