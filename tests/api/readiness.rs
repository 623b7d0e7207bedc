//! Send readiness and the registration that waits for the display name, against the
//! Meta double written from docs/meta.md (`health_status`, `name_status`, the name
//! decision webhook), and in test mode against the simulator.

use std::time::Duration;

use serde_json::{json, Value};
use whatsportal::{model::Mode, services::readiness::check};

use crate::{
    live_meta::{grant, live_app, PHONE, WABA},
    support::{
        app::{SeededVendor, TestApp},
        connect::connected_result,
        lifecycle::{now_seconds, number_update},
        meta_double::{health, MetaDouble, NumberState, TokenShape, APP_SECRET},
    },
};

/// A live signup of `state`'s number for a vendor with a live endpoint; the result.
async fn connect(app: &TestApp, double: &MetaDouble, state: NumberState) -> (SeededVendor, Value) {
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, Mode::Live).await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let code = double.code_for(grant(TokenShape::Shape2026, state));
    let response = app
        .complete_whatsapp(&token, &code, WABA, Some(PHONE))
        .await;
    (vendor, connected_result(response).await)
}

/// The number's readiness as the vendor API shows it.
async fn readiness_of(app: &TestApp, key: &str, external_id: &str) -> Value {
    app.workspace(key, external_id).await["whatsapp"]["readiness"].clone()
}

async fn readiness(app: &TestApp, vendor: &SeededVendor) -> Value {
    readiness_of(app, &vendor.api_key, "customer_1").await
}

/// Makes every number due and runs one round of the check here (the server's own rounds
/// may run beside it: a number is read by one of them only).
async fn check_now(app: &TestApp) {
    sqlx::query("UPDATE number_readiness SET next_check_at = 0")
        .execute(app.db.writer())
        .await
        .unwrap();
    check::check_due(&app.db, &app.meta).await.unwrap();
}

/// Waits until the vendor API shows `field` of the readiness as `value`.
async fn wait_for_in(
    app: &TestApp,
    key: &str,
    external_id: &str,
    field: &str,
    value: &str,
) -> Value {
    for _ in 0..100 {
        let now = readiness_of(app, key, external_id).await;
        if now[field] == value {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let now = readiness_of(app, key, external_id).await;
    panic!("readiness.{field} never became {value}: {now}");
}

async fn wait_for(app: &TestApp, vendor: &SeededVendor, field: &str, value: &str) -> Value {
    wait_for_in(app, &vendor.api_key, "customer_1", field, value).await
}

fn name_decision(decision: &str) -> Value {
    number_update(
        WABA,
        "phone_number_name_update",
        json!({"display_phone_number": "15550100", "decision": decision,
               "requested_verified_name": "Harbour Bakery"}),
        now_seconds(),
    )
}

fn codes(readiness: &Value) -> Vec<String> {
    readiness["blockers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_connected_number_that_can_send_says_so_at_once() {
    let (app, double) = live_app().await;
    let (vendor, result) = connect(&app, &double, NumberState::Fresh).await;
    assert_eq!(result["missing"], json!([]), "nothing stands in the way");
    let now = readiness(&app, &vendor).await;
    assert_eq!(now["can_send"], "available");
    assert_eq!(now["registration"], "done");
    assert_eq!(codes(&now), Vec::<String>::new());
    assert!(now["checked_at"].is_string());
    let connected = app.vendor_events("whatsapp.connected").await;
    assert_eq!(connected[0]["data"]["readiness"]["can_send"], "available");
    assert_eq!(double.calls("register"), 1);
}

#[tokio::test]
async fn a_pending_display_name_defers_registration_and_its_approval_registers_once() {
    let (app, double) = live_app().await;
    double.set_name_status(PHONE, "PENDING_REVIEW");
    let (vendor, _) = connect(&app, &double, NumberState::Fresh).await;
    assert_eq!(
        double.calls("register"),
        0,
        "not registered before the name is approved"
    );
    let waiting = readiness(&app, &vendor).await;
    assert_eq!(waiting["can_send"], "blocked");
    assert_eq!(waiting["registration"], "awaiting_name");
    assert_eq!(codes(&waiting), ["display_name_pending"]);
    let (pins,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM phone_pins")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(pins, 0, "no PIN is the number's before Meta accepted it");

    // A reading before the approval changes nothing and registers nothing.
    check_now(&app).await;
    assert_eq!(double.calls("register"), 0);
    assert!(app.vendor_events("whatsapp.blocked").await.is_empty());

    // Meta approves, and says so (twice: Meta retries).
    double.set_name_status(PHONE, "APPROVED");
    let approval = name_decision("APPROVED");
    assert_eq!(
        app.deliver_to_webhook(&approval, APP_SECRET).await.status(),
        200
    );
    assert_eq!(
        app.deliver_to_webhook(&approval, APP_SECRET).await.status(),
        200
    );
    app.wait_processed(1).await;
    let ready = wait_for(&app, &vendor, "can_send", "available").await;
    assert_eq!(ready["registration"], "done");
    assert_eq!(double.calls("register"), 1, "registered exactly once");
    let events = app.vendor_events("whatsapp.ready").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["data"]["reason"], "registered");
    assert_eq!(events[0]["data"]["phone_number_id"], PHONE);
    let (pins,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM phone_pins")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(pins, 1, "the accepted PIN is the number's");
    let (sealed,): (Option<String>,) =
        sqlx::query_as("SELECT pin_ciphertext FROM number_readiness")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(sealed, None, "the waiting PIN left the row");

    // Later readings and approvals register nothing more, and tell nothing new.
    check_now(&app).await;
    check_now(&app).await;
    assert_eq!(double.calls("register"), 1);
    assert_eq!(app.vendor_events("whatsapp.ready").await.len(), 1);
}

#[tokio::test]
async fn instances_racing_for_an_approved_name_register_it_once() {
    let (app, double) = live_app().await;
    double.set_name_status(PHONE, "PENDING_REVIEW");
    connect(&app, &double, NumberState::Fresh).await;
    double.set_name_status(PHONE, "APPROVED");
    sqlx::query("UPDATE number_readiness SET next_check_at = 0")
        .execute(app.db.writer())
        .await
        .unwrap();
    let (a, b, c) = tokio::join!(
        check::check_due(&app.db, &app.meta),
        check::check_due(&app.db, &app.meta),
        check::check_due(&app.db, &app.meta),
    );
    let read = a.unwrap().numbers + b.unwrap().numbers + c.unwrap().numbers;
    assert!(read <= 1, "one round took the number, {read} did");
    // The server's own round may have taken it instead.
    for _ in 0..50 {
        if double.calls("register") == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(double.calls("register"), 1);
}

#[tokio::test]
async fn a_registration_meta_refuses_is_reported_once_and_never_tried_again() {
    let (app, double) = live_app().await;
    double.set_name_status(PHONE, "PENDING_REVIEW");
    let (vendor, _) = connect(&app, &double, NumberState::WithPin("135790".into())).await;
    double.set_name_status(PHONE, "APPROVED");
    app.deliver_to_webhook(&name_decision("APPROVED"), APP_SECRET)
        .await;
    app.wait_processed(1).await;
    // The reading after the refusal is stored with its event, in one transaction.
    for _ in 0..100 {
        if !app.vendor_events("whatsapp.blocked").await.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let failed = readiness(&app, &vendor).await;
    assert_eq!(failed["registration"], "failed");
    assert_eq!(failed["registration_error"], "pin_mismatch");
    assert_eq!(failed["can_send"], "blocked");
    assert!(codes(&failed).contains(&"not_registered".to_owned()));
    let events = app.vendor_events("whatsapp.blocked").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["data"]["reason"], "registration_failed");
    check_now(&app).await;
    assert_eq!(
        double.calls("register"),
        1,
        "Meta's quota is not spent by retries"
    );
    assert_eq!(app.vendor_events("whatsapp.blocked").await.len(), 1);
}

#[tokio::test]
async fn blocked_then_available_tells_the_vendor_once_each() {
    let (app, double) = live_app().await;
    let (vendor, _) = connect(&app, &double, NumberState::Fresh).await;
    double.set_health(
        PHONE,
        Some(health(
            "BLOCKED",
            "WABA",
            141006,
            "There is an error with the payment method.",
        )),
    );
    check_now(&app).await;
    check_now(&app).await;
    let blocked = app.vendor_events("whatsapp.blocked").await;
    assert_eq!(
        blocked.len(),
        1,
        "a reading that changed nothing says nothing"
    );
    let data = &blocked[0]["data"];
    assert_eq!(data["reason"], "health_check");
    assert_eq!(data["readiness"]["can_send"], "blocked");
    assert_eq!(
        data["readiness"]["blockers"][0]["code"],
        "no_payment_method"
    );
    assert_eq!(data["readiness"]["blockers"][0]["entity"], "WABA");
    assert_eq!(data["readiness"]["blockers"][0]["meta_code"], 141006);
    assert_eq!(
        codes(&readiness(&app, &vendor).await),
        ["no_payment_method"]
    );

    double.set_health(PHONE, None);
    check_now(&app).await;
    check_now(&app).await;
    assert_eq!(app.vendor_events("whatsapp.ready").await.len(), 1);
    assert_eq!(app.vendor_events("whatsapp.blocked").await.len(), 1);
    assert_eq!(readiness(&app, &vendor).await["can_send"], "available");
}

#[tokio::test]
async fn meta_changes_that_may_move_a_number_make_it_read_again_at_once() {
    let (app, double) = live_app().await;
    let (vendor, _) = connect(&app, &double, NumberState::Fresh).await;
    double.set_health(
        PHONE,
        Some(health(
            "LIMITED",
            "BUSINESS",
            141010,
            "The business has not passed business verification.",
        )),
    );
    let quality = number_update(
        WABA,
        "phone_number_quality_update",
        json!({"display_phone_number": "15550100", "event": "DOWNGRADE", "current_limit": "TIER_250"}),
        now_seconds(),
    );
    assert_eq!(
        app.deliver_to_webhook(&quality, APP_SECRET).await.status(),
        200
    );
    app.wait_processed(1).await;
    let limited = wait_for(&app, &vendor, "can_send", "limited").await;
    assert_eq!(codes(&limited), ["business_not_verified"]);
    let events = app.vendor_events("whatsapp.limited").await;
    assert_eq!(events.len(), 1);
}

#[tokio::test]
async fn a_reading_meta_does_not_answer_changes_nothing_and_is_tried_later() {
    let (app, double) = live_app().await;
    let (vendor, _) = connect(&app, &double, NumberState::Fresh).await;
    let before = readiness(&app, &vendor).await;
    for _ in 0..2 {
        double.fail_next(
            "number",
            crate::support::meta_double::Failure {
                status: axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                body: crate::support::meta_double::meta_error(
                    2,
                    None,
                    "Service temporarily unavailable",
                ),
                headers: Vec::new(),
            },
        );
    }
    check_now(&app).await;
    assert_eq!(readiness(&app, &vendor).await, before);
    let (next,): (i64,) = sqlx::query_as("SELECT next_check_at FROM number_readiness")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let wait = next - whatsportal::db::now_ms();
    assert!(
        (10 * 60_000..=16 * 60_000).contains(&wait),
        "tried again in about 15 minutes, not {wait} ms"
    );
}

/// Test mode: the simulator's number whose display name Meta still reviews ("New Name
/// Co"), moved on by the name decision a test key sends.
#[tokio::test]
async fn a_test_key_moves_a_pending_test_number_to_ready() {
    let app = crate::support::app::spawn_app().await;
    let vendor = app.seed_vendor().await;
    let key = app.test_key(&vendor.vendor_id).await;
    app.set_endpoint(&vendor, Mode::Test).await;
    let session = app
        .create_session(&key, &crate::support::app::session_body("bakery"))
        .await;
    let session: Value = session.json().await.unwrap();
    let token = session["session_token"].as_str().unwrap();
    let (waba, phone) = ("920000000000018", "930000000000018");
    let code = app.approve_in_dialog_of(Some(token), waba).await;
    let answer = app.complete_whatsapp(token, &code, waba, Some(phone)).await;
    let step: Value = answer.json().await.unwrap();
    assert_eq!(
        step["Connected"]["missing"],
        json!(["display_name_pending"])
    );
    let waiting = readiness_of(&app, &key, "bakery").await;
    assert_eq!(waiting["registration"], "awaiting_name");

    let sent = app
        .client
        .post(format!(
            "{}/api/vendor/test/workspaces/bakery/events",
            app.address
        ))
        .bearer_auth(&key)
        .json(&json!({"field": "phone_number_name_update", "event": "APPROVED"}))
        .send()
        .await
        .unwrap();
    assert!(sent.status().is_success(), "{}", sent.text().await.unwrap());
    let ready = wait_for_in(&app, &key, "bakery", "can_send", "available").await;
    assert_eq!(ready["registration"], "done");
    assert_eq!(app.vendor_events("whatsapp.ready").await.len(), 1);
}

#[tokio::test]
async fn a_test_key_moves_a_test_numbers_health_and_back() {
    let app = crate::support::app::spawn_app().await;
    let vendor = app.seed_vendor().await;
    let key = app.test_key(&vendor.vendor_id).await;
    app.set_endpoint(&vendor, Mode::Test).await;
    let connect = async |external_id: &str, waba: &str, phone: &str| {
        let session = app
            .create_session(&key, &crate::support::app::session_body(external_id))
            .await;
        let session: Value = session.json().await.unwrap();
        let token = session["session_token"].as_str().unwrap().to_owned();
        let code = app.approve_in_dialog_of(Some(&token), waba).await;
        let answer = app
            .complete_whatsapp(&token, &code, waba, Some(phone))
            .await;
        assert_eq!(answer.status(), 200);
    };
    // Two test workspaces on the same simulated account: moving one moves only it.
    connect("unpaid", "920000000000019", "930000000000019").await;
    connect("unpaid-too", "920000000000019", "930000000000019").await;
    assert_eq!(
        readiness_of(&app, &key, "unpaid").await["can_send"],
        "limited"
    );
    let move_to = async |external_id: &str, event: &str| {
        app.client
            .post(format!(
                "{}/api/vendor/test/workspaces/{external_id}/events",
                app.address
            ))
            .bearer_auth(&key)
            .json(&json!({"field": "health_status", "event": event}))
            .send()
            .await
            .unwrap()
    };

    let moved = move_to("unpaid", "AVAILABLE").await;
    assert_eq!(moved.status(), 202, "{}", moved.text().await.unwrap());
    check_now(&app).await;
    wait_for_in(&app, &key, "unpaid", "can_send", "available").await;
    assert_eq!(app.vendor_events("whatsapp.ready").await.len(), 1);
    assert_eq!(
        readiness_of(&app, &key, "unpaid-too").await["can_send"],
        "limited"
    );

    move_to("unpaid", "BUSINESS_NOT_VERIFIED").await;
    check_now(&app).await;
    let limited = wait_for_in(&app, &key, "unpaid", "can_send", "limited").await;
    assert_eq!(codes(&limited), ["business_not_verified"]);
    assert_eq!(app.vendor_events("whatsapp.limited").await.len(), 1);

    let unknown = move_to("unpaid", "ON_FIRE").await;
    assert_eq!(unknown.status(), 400);
    let live = app
        .client
        .post(format!(
            "{}/api/vendor/test/workspaces/unpaid/events",
            app.address
        ))
        .bearer_auth(&vendor.api_key)
        .json(&json!({"field": "health_status", "event": "AVAILABLE"}))
        .send()
        .await
        .unwrap();
    assert_eq!(live.status(), 403);
}
