//! Two-step verification PINs against the review's attack: a connect link of any vendor
//! posting a signup event that names someone else's number, then a PIN. A PIN is taken
//! only for the number the session itself verified, becomes the number's PIN only once
//! Meta accepted it, is kept apart by mode, and every write of one is audited.

use serde_json::json;
use whatsportal::{
    model::Mode,
    services::{vendors, Actor},
};

use crate::{
    support::app::{spawn_app, TestApp},
    support::connect::{assert_connect_error, finish, step_of},
};

/// Simulated accounts: a fresh number (the victim's), and one whose number has a PIN.
const VICTIM: (&str, &str) = ("920000000000014", "930000000000014");
const PINNED: (&str, &str) = ("920000000000010", "930000000000010");
/// The attacker's own account.
const OWN: &str = "920000000000002";

async fn pin_rows(app: &TestApp) -> Vec<(String, String, String, String)> {
    sqlx::query_as(
        "SELECT mode, phone_number_id, pin_ciphertext, source FROM phone_pins ORDER BY mode, phone_number_id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

async fn signup_pins(app: &TestApp) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM whatsapp_signups WHERE pin_ciphertext IS NOT NULL")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    n
}

/// A second vendor's session, with a test key or a live one.
async fn attackers_session(app: &TestApp, mode: Mode) -> String {
    let attacker = app.seed_vendor().await;
    let key = match mode {
        Mode::Live => attacker.api_key.clone(),
        Mode::Test => {
            let created =
                vendors::keys::create_key(&app.db, Actor::CLI, &attacker.vendor_id, Mode::Test)
                    .await
                    .unwrap();
            created.api_key.expose().to_owned()
        }
    };
    app.session_token(&key, "attacker").await
}

#[tokio::test]
async fn a_pin_for_a_number_the_session_never_verified_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    // The victim's vendor connects the number: its generated PIN is the number's.
    let victim = app.seed_vendor().await;
    let token = app.whatsapp_session(&victim, "victim").await;
    let code = app.approve_in_dialog(VICTIM.0).await;
    let connected = step_of(
        app.complete_whatsapp(&token, &code, VICTIM.0, Some(VICTIM.1))
            .await,
    )
    .await;
    assert_eq!(connected["Connected"]["phone_number_id"], VICTIM.1);
    let before = pin_rows(&app).await;
    assert_eq!(before.len(), 1);
    assert_eq!(
        (before[0].0.as_str(), before[0].3.as_str()),
        ("live", "generated")
    );

    for mode in [Mode::Test, Mode::Live] {
        let attack = attackers_session(&app, mode).await;
        // Only the event, naming the victim's number: nothing verified it.
        let step = step_of(
            app.whatsapp_event(&attack, "run1", finish(VICTIM.0, Some(VICTIM.1)))
                .await,
        )
        .await;
        assert_eq!(step, json!("AwaitingCode"));
        assert_connect_error(app.whatsapp_pin(&attack, "111111").await, 422, "NotStarted").await;
        // A code of the attacker's own account, with the victim's number in the event:
        // the business token cannot read the victim's account.
        let code = app.approve_in_dialog(OWN).await;
        let refused = app
            .complete_whatsapp(&attack, &code, VICTIM.0, Some(VICTIM.1))
            .await;
        assert_connect_error(refused, 422, "NotGranted").await;
        assert_connect_error(app.whatsapp_pin(&attack, "111111").await, 422, "NotStarted").await;
    }
    assert_eq!(
        pin_rows(&app).await,
        before,
        "the number's PIN is unchanged"
    );
    assert_eq!(signup_pins(&app).await, 0);
}

#[tokio::test]
async fn the_customers_pin_becomes_the_numbers_only_once_meta_accepts_it() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "customer_1").await;
    let code = app.approve_in_dialog(PINNED.0).await;
    let step = step_of(
        app.complete_whatsapp(&token, &code, PINNED.0, Some(PINNED.1))
            .await,
    )
    .await;
    assert!(step.get("NeedsPin").is_some(), "{step}");
    // The generated PIN Meta refused never became the number's.
    assert!(pin_rows(&app).await.is_empty());

    let wrong = step_of(app.whatsapp_pin(&token, "111111").await).await;
    assert_eq!(wrong["NeedsPin"]["mismatch"], true);
    assert!(pin_rows(&app).await.is_empty(), "a refused PIN is not kept");

    let right = step_of(app.whatsapp_pin(&token, "246810").await).await;
    assert_eq!(right["Connected"]["phone_number_id"], PINNED.1);
    let rows = pin_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str(), rows[0].3.as_str()),
        ("live", PINNED.1, "customer")
    );
    assert_eq!(signup_pins(&app).await, 0, "the signup no longer holds it");

    // Every PIN write is audited, the PIN never.
    let audited: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT action, target_id, detail FROM audit_log WHERE action LIKE 'whatsapp_pin.%' \
         ORDER BY occurred_at, id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    let actions: Vec<&str> = audited.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        [
            "whatsapp_pin.generated",
            "whatsapp_pin.received",
            "whatsapp_pin.received",
            "whatsapp_pin.stored"
        ]
    );
    for (_, target, detail) in &audited {
        assert_eq!(target.as_deref(), Some(PINNED.1));
        let detail = detail.clone().unwrap_or_default();
        assert!(!detail.contains("246810") && !detail.contains("111111"));
    }
}

#[tokio::test]
async fn pins_are_kept_apart_by_mode() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let test_key = vendors::keys::create_key(&app.db, Actor::CLI, &vendor.vendor_id, Mode::Test)
        .await
        .unwrap();
    let token = app
        .session_token(test_key.api_key.expose(), "customer_test")
        .await;
    let code = app.approve_in_dialog_of(Some(&token), VICTIM.0).await;
    let step = step_of(
        app.complete_whatsapp(&token, &code, VICTIM.0, Some(VICTIM.1))
            .await,
    )
    .await;
    assert_eq!(step["Connected"]["phone_number_id"], VICTIM.1);
    let rows = pin_rows(&app).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].0, "test", "a test session's PIN is a test PIN");
    // A live signup of the same number does not find the test PIN.
    let (live,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM phone_pins WHERE mode = 'live' AND phone_number_id = $1",
    )
    .bind(VICTIM.1)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(live, 0);
}
