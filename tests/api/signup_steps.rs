//! Embedded Signup as Meta runs it in 2026, against the simulator: the code and the
//! event in either order or alone, finishes without a number, the number's PIN and
//! Meta's refusals of register, bad ids, and the grace period after opening.

use serde_json::{json, Value};

use crate::{
    support::app::{spawn_app, TestApp},
    support::connect::{assert_connect_error, finish, step_of, BUSINESS, PHONE, WABA},
};

/// Simulated accounts whose numbers answer register as docs/meta.md says.
const PINNED: (&str, &str) = ("920000000000010", "930000000000010");
const UNVERIFIED: (&str, &str) = ("920000000000011", "930000000000011");
const REGISTERED: (&str, &str) = ("920000000000012", "930000000000012");
const BLOCKED: (&str, &str) = ("920000000000013", "930000000000013");
const NO_NUMBER: &str = "920000000000003";
const SPARE: (&str, &str) = ("920000000000014", "930000000000014");

async fn session(app: &TestApp) -> String {
    let vendor = app.seed_vendor().await;
    app.whatsapp_session(&vendor, "customer_1").await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    n
}

async fn connection_status(app: &TestApp) -> Option<String> {
    sqlx::query_as::<_, (String,)>("SELECT status FROM whatsapp_connections")
        .fetch_optional(app.db.pool())
        .await
        .unwrap()
        .map(|(s,)| s)
}

#[tokio::test]
async fn the_event_may_come_before_the_code() {
    let app = spawn_app().await;
    let token = session(&app).await;
    let code = app.approve_in_dialog(WABA).await;
    let step = step_of(
        app.whatsapp_event(&token, "run1", finish(WABA, Some(PHONE)))
            .await,
    )
    .await;
    assert_eq!(step, json!("AwaitingCode"));
    let step = step_of(app.whatsapp_code(&token, "run1", &code).await).await;
    assert_eq!(step["Connected"]["phone_number_id"], PHONE);
}

#[tokio::test]
async fn a_code_alone_is_exchanged_at_once_and_kept_for_the_event() {
    let app = spawn_app().await;
    let token = session(&app).await;
    let code = app.approve_in_dialog(WABA).await;
    assert_eq!(
        step_of(app.whatsapp_code(&token, "run1", &code).await).await,
        json!("AwaitingEvent")
    );
    // The code is spent; its business token is kept, sealed.
    let exchanged = count(
        &app,
        "SELECT COUNT(*) FROM whatsapp_signups WHERE token_ciphertext IS NOT NULL",
    )
    .await;
    assert_eq!(exchanged, 1);
    let (sealed,): (String,) = sqlx::query_as("SELECT token_ciphertext FROM whatsapp_signups")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(!sealed.contains(&hex::encode("EAAS")));
    // The event, arriving late, finishes with the kept token.
    let step = step_of(
        app.whatsapp_event(&token, "run1", finish(WABA, Some(PHONE)))
            .await,
    )
    .await;
    assert_eq!(step["Connected"]["waba_id"], WABA);
}

#[tokio::test]
async fn an_event_alone_is_kept_and_a_code_of_another_run_is_not_paired_with_it() {
    let app = spawn_app().await;
    let token = session(&app).await;
    let step = step_of(
        app.whatsapp_event(&token, "run1", finish(WABA, Some(PHONE)))
            .await,
    )
    .await;
    assert_eq!(step, json!("AwaitingCode"));
    let kept = count(
        &app,
        "SELECT COUNT(*) FROM whatsapp_signups WHERE waba_id IS NOT NULL",
    )
    .await;
    assert_eq!(kept, 1, "what Meta named is kept");
    // Meta's login answered without a code; the customer runs the dialog again. Its
    // code alone is not paired with the first run's event...
    let code = app.approve_in_dialog(WABA).await;
    let step = step_of(app.whatsapp_code(&token, "run2", &code).await).await;
    assert_eq!(step, json!("AwaitingEvent"));
    // ... its own event finishes.
    let step = step_of(
        app.whatsapp_event(&token, "run2", finish(WABA, Some(PHONE)))
            .await,
    )
    .await;
    assert_eq!(step["Connected"]["phone_number_id"], PHONE);
}

#[tokio::test]
async fn a_finish_without_a_number_keeps_the_waba_and_waits_for_one() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let code = app.approve_in_dialog(NO_NUMBER).await;
    let step = step_of(app.complete_whatsapp(&token, &code, NO_NUMBER, None).await).await;
    assert_eq!(
        step,
        json!({"NeedsPhoneNumber": {"waba_name": "Initech Main"}})
    );
    assert_eq!(
        connection_status(&app).await.as_deref(),
        Some("needs_phone_number")
    );
    assert!(app
        .stored_session(&token)
        .await
        .unwrap()
        .consumed_at
        .is_none());
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM webhook_deliveries").await,
        0
    );
    let vendor_view: Value = app
        .client
        .get(format!("{}/api/vendor/workspaces/customer_1", app.address))
        .bearer_auth(&vendor.api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        vendor_view["whatsapp"]["status"], "needs_phone_number",
        "the vendor sees the account is shared but has no number yet"
    );
    assert_eq!(vendor_view["whatsapp"]["phone_number_id"], Value::Null);
    // The customer adds a number in Meta's dialog: the same tab finishes.
    let code = app.approve_in_dialog(SPARE.0).await;
    let step = step_of(
        app.complete_whatsapp(&token, &code, SPARE.0, Some(SPARE.1))
            .await,
    )
    .await;
    assert_eq!(step["Connected"]["phone_number_id"], SPARE.1);
    assert_eq!(connection_status(&app).await.as_deref(), Some("active"));
}

#[tokio::test]
async fn a_number_with_a_pin_asks_for_it_and_keeps_the_customers_pin() {
    let app = spawn_app().await;
    let token = session(&app).await;
    let code = app.approve_in_dialog(PINNED.0).await;
    let step = step_of(
        app.complete_whatsapp(&token, &code, PINNED.0, Some(PINNED.1))
            .await,
    )
    .await;
    assert_eq!(
        step,
        json!({"NeedsPin": {"display_phone_number": "+1 555-010-0010", "mismatch": false}})
    );
    assert_eq!(
        connection_status(&app).await.as_deref(),
        Some("needs_registration")
    );
    assert_connect_error(app.whatsapp_pin(&token, "12ab56").await, 422, "InvalidPin").await;
    let wrong = step_of(app.whatsapp_pin(&token, "111111").await).await;
    assert_eq!(wrong["NeedsPin"]["mismatch"], true);
    let right = step_of(app.whatsapp_pin(&token, "246810").await).await;
    assert_eq!(right["Connected"]["phone_number_id"], PINNED.1);
    let (source,): (String,) =
        sqlx::query_as("SELECT source FROM phone_pins WHERE phone_number_id = $1")
            .bind(PINNED.1)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(source, "customer");
}

#[tokio::test]
async fn a_reconnect_registers_again_with_the_numbers_own_pin() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    // The first registration gave the number a PIN; a second one with a new random
    // PIN would be refused by Meta (133005).
    for external_id in ["customer_1", "customer_2"] {
        let token = app.whatsapp_session(&vendor, external_id).await;
        let code = app.approve_in_dialog(SPARE.0).await;
        let response = app
            .complete_whatsapp(&token, &code, SPARE.0, Some(SPARE.1))
            .await;
        assert_eq!(
            step_of(response).await["Connected"]["phone_number_id"],
            SPARE.1
        );
    }
}

#[tokio::test]
async fn an_unverified_number_says_what_to_do_and_keeps_the_waba() {
    let app = spawn_app().await;
    let token = session(&app).await;
    let code = app.approve_in_dialog(UNVERIFIED.0).await;
    let response = app
        .complete_whatsapp(&token, &code, UNVERIFIED.0, Some(UNVERIFIED.1))
        .await;
    assert_connect_error(response, 422, "NumberNeedsVerification").await;
    assert_eq!(
        connection_status(&app).await.as_deref(),
        Some("needs_registration")
    );
    assert_connect_error(
        app.whatsapp_retry(&token).await,
        422,
        "NumberNeedsVerification",
    )
    .await;
}

#[tokio::test]
async fn a_number_over_its_register_quota_says_when_to_come_back() {
    let app = spawn_app().await;
    let token = session(&app).await;
    let code = app.approve_in_dialog(BLOCKED.0).await;
    let response = app
        .complete_whatsapp(&token, &code, BLOCKED.0, Some(BLOCKED.1))
        .await;
    assert_connect_error(response, 422, "RegisterBlocked").await;
    assert_eq!(
        connection_status(&app).await.as_deref(),
        Some("needs_registration")
    );
}

#[tokio::test]
async fn a_number_already_on_the_cloud_api_is_not_registered_again() {
    let app = spawn_app().await;
    let token = session(&app).await;
    // Register would fail: it is not called.
    app.inject_fault(
        json!({"endpoint": "register", "target": REGISTERED.0, "kind": "graph_error", "code": 100}),
    )
    .await;
    let code = app.approve_in_dialog(REGISTERED.0).await;
    let response = app
        .complete_whatsapp(&token, &code, REGISTERED.0, Some(REGISTERED.1))
        .await;
    assert_eq!(
        step_of(response).await["Connected"]["phone_number_id"],
        REGISTERED.1
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM phone_pins").await,
        0,
        "no PIN was needed"
    );
}

#[tokio::test]
async fn a_pin_set_before_pins_were_kept_per_number_is_reused() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let (workspace_id,): (String,) = sqlx::query_as("SELECT id FROM workspaces")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let ring = whatsportal::crypto::Keyring::parse(&format!("test:{}", "42".repeat(32))).unwrap();
    let pin = ring.seal(
        b"246810",
        &format!("whatsapp_connections/{workspace_id}/pin"),
    );
    let old_token = ring.seal(
        b"EAASold",
        &format!("whatsapp_connections/{workspace_id}/token"),
    );
    // Its token check is planned a day ahead: the server's background check would
    // otherwise find this made-up token dead and forget the PIN with it (a race).
    sqlx::query(
        "INSERT INTO whatsapp_connections (workspace_id, waba_id, phone_number_id, token_ciphertext, \
         pin_ciphertext, key_id, connected_at, updated_at, next_check_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, 1, $7)",
    )
    .bind(&workspace_id)
    .bind(PINNED.0)
    .bind(PINNED.1)
    .bind(&old_token.ciphertext)
    .bind(&pin.ciphertext)
    .bind(&pin.key_id)
    .bind(whatsportal::db::now_ms() + 86_400_000)
    .execute(app.db.writer())
    .await
    .unwrap();
    let code = app.approve_in_dialog(PINNED.0).await;
    let response = app
        .complete_whatsapp(&token, &code, PINNED.0, Some(PINNED.1))
        .await;
    assert_eq!(
        step_of(response).await["Connected"]["phone_number_id"],
        PINNED.1
    );
}

#[tokio::test]
async fn crafted_ids_and_credentials_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let token = session(&app).await;
    for report in [
        finish("930000000000001#<img src=x onerror=alert(1)>", None),
        finish(WABA, Some("../../me")),
        json!({"Finished": {"event": "FINISH", "waba_id": null, "phone_number_id": PHONE, "business_id": BUSINESS}}),
        json!({"Finished": {"event": "finish<script>", "waba_id": WABA, "phone_number_id": PHONE, "business_id": BUSINESS}}),
        json!({"Cancelled": {"current_step": "STEP\u{0}", "error_code": null, "error_message": null, "meta_session_id": null}}),
        json!({"Failed": {"error_code": null, "error_message": "x".repeat(501), "meta_session_id": null}}),
    ] {
        let response = app.whatsapp_event(&token, "run1", report.clone()).await;
        assert_eq!(response.status(), 400, "{report}");
        assert_eq!(response.text().await.unwrap(), r#""BadRequest""#);
    }
    for code in ["", "has space", &"a".repeat(5000)] {
        assert_eq!(
            app.whatsapp_code(&token, "run1", code).await.status(),
            400,
            "{code:?}"
        );
    }
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM whatsapp_signups").await,
        0
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM connect_sessions WHERE meta_event IS NOT NULL"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn cancels_and_errors_are_recorded_for_the_funnel_and_support() {
    let app = spawn_app().await;
    let token = session(&app).await;
    let cancel = json!({"Cancelled": {"current_step": "PHONE_NUMBER_SETUP", "error_code": null,
        "error_message": null, "meta_session_id": null}});
    assert_eq!(
        step_of(app.whatsapp_event(&token, "run1", cancel).await).await,
        json!("Recorded")
    );
    let (event, step): (Option<String>, Option<String>) =
        sqlx::query_as("SELECT meta_event, meta_step FROM connect_sessions")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(
        (event.as_deref(), step.as_deref()),
        (Some("CANCEL"), Some("PHONE_NUMBER_SETUP"))
    );
    let reported = json!({"Cancelled": {"current_step": null, "error_code": "524126",
        "error_message": "Your verified name violates WhatsApp guidelines.", "meta_session_id": "f34b51dab5e0498"}});
    step_of(app.whatsapp_event(&token, "run1", reported).await).await;
    let (error,): (Option<String>,) = sqlx::query_as("SELECT meta_error FROM connect_sessions")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let error: Value = serde_json::from_str(&error.unwrap()).unwrap();
    assert_eq!(error["error_code"], "524126");
    assert_eq!(error["session_id"], "f34b51dab5e0498");
    let failed =
        json!({"Failed": {"error_code": "2", "error_message": "x", "meta_session_id": null}});
    step_of(app.whatsapp_event(&token, "run1", failed).await).await;
    let (event,): (Option<String>,) = sqlx::query_as("SELECT meta_event FROM connect_sessions")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(event.as_deref(), Some("ERROR"));
    assert!(app
        .stored_session(&token)
        .await
        .unwrap()
        .consumed_at
        .is_none());
}

async fn age_session(app: &TestApp, token: &str, expires_ago_ms: i64, opened_ago_ms: Option<i64>) {
    let hash = whatsportal::domain::SessionToken::parse(token)
        .unwrap()
        .hash();
    let now = whatsportal::db::now_ms();
    sqlx::query(
        "UPDATE connect_sessions SET expires_at = $2, opened_at = $3 WHERE token_hash = $1",
    )
    .bind(hash.as_str())
    .bind(now - expires_ago_ms)
    .bind(opened_ago_ms.map(|ago| now - ago))
    .execute(app.db.writer())
    .await
    .unwrap();
}

#[tokio::test]
async fn a_session_opened_in_time_can_finish_within_the_grace_period() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let minute = 60_000;
    // Opened 12 minutes ago, expired 2 minutes ago: still completes...
    let late = app.whatsapp_session(&vendor, "late").await;
    // The customer opened the page in time (their browser holds the session).
    app.whatsapp_page(&late).await;
    age_session(&app, &late, 2 * minute, Some(12 * minute)).await;
    assert_eq!(
        app.whatsapp_page(&late).await.status(),
        410,
        "the page itself has expired"
    );
    assert_eq!(
        step_of(app.connect_whatsapp(&late).await).await["Connected"]["waba_id"],
        WABA
    );
    // ... but not once 30 minutes have passed since it was opened,
    let stale = app.whatsapp_session(&vendor, "stale").await;
    age_session(&app, &stale, 21 * minute, Some(31 * minute)).await;
    assert_connect_error(app.connect_whatsapp(&stale).await, 410, "Expired").await;
    // ... and never when it was not opened in its 10 minutes.
    let unopened = app.whatsapp_session(&vendor, "unopened").await;
    age_session(&app, &unopened, minute, None).await;
    assert_connect_error(app.connect_whatsapp(&unopened).await, 410, "Expired").await;
}

#[tokio::test]
async fn the_documented_debug_token_shape_passes_too() {
    let app = spawn_app().await;
    let token = session(&app).await;
    app.inject_fault(
        json!({"endpoint": "debug_token", "target": WABA, "kind": "documented_token_shape"}),
    )
    .await;
    assert_eq!(
        step_of(app.connect_whatsapp(&token).await).await["Connected"]["waba_id"],
        WABA
    );
}

#[tokio::test]
async fn staff_see_where_customers_left_metas_dialog() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    for (n, step) in [
        "PHONE_NUMBER_SETUP",
        "PHONE_NUMBER_SETUP",
        "WABA_PHONE_SELECTION",
    ]
    .iter()
    .enumerate()
    {
        let token = app
            .whatsapp_session(&vendor, &format!("customer_{n}"))
            .await;
        let cancel = json!({"Cancelled": {"current_step": step, "error_code": null,
            "error_message": null, "meta_session_id": null}});
        step_of(app.whatsapp_event(&token, "run1", cancel).await).await;
    }
    let mut admin = app.signed_in("admin").await;
    let detail = admin
        .ok(
            "vendors/get",
            &[("vendor_id", &vendor.vendor_id), ("days", "1")],
        )
        .await;
    assert_eq!(
        detail["funnel"]["left_meta_at"],
        json!([["PHONE_NUMBER_SETUP", 2], ["WABA_PHONE_SELECTION", 1]])
    );
    let metas: Vec<&str> = detail["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["meta"].as_str().unwrap())
        .collect();
    assert!(
        metas.contains(&"CANCEL at WABA_PHONE_SELECTION"),
        "{metas:?}"
    );
}

#[tokio::test]
async fn a_code_and_an_event_sent_at_once_wait_for_each_other_and_connect() {
    let app = spawn_app().await;
    let token = session(&app).await;
    let code = app.approve_in_dialog(WABA).await;
    let (by_event, by_code) = tokio::join!(
        app.whatsapp_event(&token, "run1", finish(WABA, Some(PHONE))),
        app.whatsapp_code(&token, "run1", &code),
    );
    let steps = [step_of(by_event).await, step_of(by_code).await];
    assert_eq!(
        steps
            .iter()
            .filter(|s| s.get("Connected").is_some())
            .count(),
        1,
        "{steps:?}"
    );
}

#[tokio::test]
async fn the_events_business_id_is_neither_kept_nor_sent() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, whatsportal::model::Mode::Live)
        .await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    // The page relays whatever business id the browser says (here Meta's sample).
    app.connected(&token).await;
    let events = app.vendor_events("whatsapp.connected").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["data"]["business_id"], Value::Null);
    let stored = count(
        &app,
        "SELECT COUNT(*) FROM whatsapp_connections WHERE business_id IS NOT NULL",
    )
    .await;
    assert_eq!(stored, 0);
}
