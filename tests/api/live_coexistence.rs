//! A WhatsApp Business app number (coexistence) in live mode, against the Meta double
//! written from docs/meta.md: the finish names only the WABA, the number is never
//! registered, each sync is asked once, and Meta's `history`, `smb_app_state_sync` and
//! `smb_message_echoes` deliveries, signed with the app's secret, move the syncs and
//! reach the vendor as documented events.

use serde_json::{json, Value};
use whatsportal::{model::Mode, services::coexistence::sync::run_due};

use crate::{
    live_meta::{grant, live_app, PHONE, WABA},
    support::{
        app::{SeededVendor, TestApp},
        coexistence::{contacts, history_chunk, history_declined, message_echo, sync_of},
        connect::connected_result,
        meta_double::{MetaDouble, NumberState, TokenShape, APP_SECRET},
    },
};

const CUSTOMER: &str = "bakery-1";

/// A live coexistence signup of the double's Business app number, its syncs asked for.
async fn onboarded() -> (TestApp, MetaDouble, SeededVendor) {
    let (app, double) = live_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, Mode::Live).await;
    let token = app
        .session_offering_app(&vendor, CUSTOMER, Some(true))
        .await;
    let code = double.code_for(grant(TokenShape::Shape2026, NumberState::OnBusinessApp));
    let result = connected_result(app.finish_app_onboarding(&token, &code, WABA).await).await;
    assert_eq!(
        (
            &result["waba_id"],
            &result["phone_number_id"],
            &result["coexistence"]
        ),
        (&json!(WABA), &json!(PHONE), &json!(true))
    );
    app.wait_for_syncs(
        &vendor.api_key,
        CUSTOMER,
        &[("contacts", "requested"), ("history", "requested")],
    )
    .await;
    (app, double, vendor)
}

/// Delivers as Meta does (signed with the live app's secret) and waits until the
/// `processed`-th change is processed.
async fn deliver(app: &TestApp, body: &Value, processed: i64) {
    let answer = app.deliver_to_webhook(body, APP_SECRET).await;
    assert_eq!(answer.status(), 200);
    app.wait_processed(processed).await;
}

async fn history_statuses(app: &TestApp) -> Vec<String> {
    app.vendor_events("whatsapp.sync_updated")
        .await
        .iter()
        .filter(|e| e["data"]["sync"] == "history")
        .map(|e| e["data"]["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_business_app_number_joins_without_register_and_each_sync_is_asked_once() {
    let (app, double, vendor) = onboarded().await;
    assert_eq!(double.calls("register"), 0);
    assert!(double.taken_off_app().is_empty());
    assert_eq!(double.calls("smb_app_data/smb_app_state_sync"), 1);
    assert_eq!(double.calls("smb_app_data/history"), 1);

    run_due(&app.db, &app.meta).await.unwrap();
    assert_eq!(double.calls("smb_app_data/smb_app_state_sync"), 1);
    assert_eq!(double.calls("smb_app_data/history"), 1);
    let whatsapp = app.workspace(&vendor.api_key, CUSTOMER).await["whatsapp"].clone();
    assert_eq!(
        (&whatsapp["status"], &whatsapp["coexistence"]),
        (&json!("active"), &json!(true))
    );
    let connected = app.vendor_events("whatsapp.connected").await;
    assert_eq!(connected[0]["data"]["coexistence"], true);
}

#[tokio::test]
async fn metas_history_contacts_and_echoes_move_the_syncs_and_reach_the_vendor() {
    let (app, _double, vendor) = onboarded().await;

    deliver(
        &app,
        &history_chunk(WABA, PHONE, (0, 1, 40), &["Hello", "Open today?"]),
        1,
    )
    .await;
    let whatsapp = app.workspace(&vendor.api_key, CUSTOMER).await["whatsapp"].clone();
    let history = sync_of(&whatsapp, "history");
    assert_eq!(
        (&history["status"], &history["progress"], &history["items"]),
        (&json!("in_progress"), &json!(40), &json!(2))
    );

    // A chunk arriving late never moves the progress back.
    deliver(
        &app,
        &history_chunk(WABA, PHONE, (2, 1, 100), &["See you"]),
        2,
    )
    .await;
    deliver(
        &app,
        &history_chunk(WABA, PHONE, (1, 1, 70), &["Thanks"]),
        3,
    )
    .await;
    app.wait_for_syncs(&vendor.api_key, CUSTOMER, &[("history", "completed")])
        .await;
    assert_eq!(
        history_statuses(&app).await,
        ["requested", "in_progress", "completed"]
    );

    let people = [
        ("16505551234", "Pablo Morales", "add"),
        ("16505559876", "Amira Haddad", "remove"),
    ];
    deliver(&app, &contacts(WABA, PHONE, &people), 4).await;
    deliver(&app, &message_echo(WABA, PHONE, "Your order is ready"), 5).await;

    let history = app.vendor_events("whatsapp.history").await;
    let sizes: Vec<usize> = history
        .iter()
        .map(|e| e["data"]["messages"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes, [2, 1, 1], "one event per chunk");
    assert_eq!(
        history[0]["data"]["messages"][0]["thread_id"],
        "16505551234"
    );
    let contacts = app.vendor_events("whatsapp.contacts").await;
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0]["data"]["contacts"][1]["action"], "remove");
    let echoes = app.vendor_events("whatsapp.message_echoes").await;
    assert_eq!(echoes.len(), 1);
    assert_eq!(
        echoes[0]["data"]["messages"][0]["text"]["body"],
        "Your order is ready"
    );
    assert_eq!(echoes[0]["data"]["livemode"], true);
}

#[tokio::test]
async fn a_customer_declining_to_share_ends_the_history_sync_as_declined() {
    let (app, _double, vendor) = onboarded().await;
    deliver(&app, &history_declined(WABA, PHONE), 1).await;
    let whatsapp = app
        .wait_for_syncs(&vendor.api_key, CUSTOMER, &[("history", "declined")])
        .await;
    let history = sync_of(&whatsapp, "history");
    assert_eq!(history["error_code"], 2_593_109);
    assert_eq!(history_statuses(&app).await, ["requested", "declined"]);
    assert!(app.vendor_events("whatsapp.history").await.is_empty());

    // A chunk after the decline changes nothing.
    deliver(&app, &history_chunk(WABA, PHONE, (0, 1, 10), &["late"]), 2).await;
    assert_eq!(history_statuses(&app).await, ["requested", "declined"]);
}

#[tokio::test]
async fn a_large_history_chunk_is_taken_and_passed_on_in_batches_of_100() {
    let (app, _double, vendor) = onboarded().await;
    let texts: Vec<String> = (0..4_321)
        .map(|n| {
            format!(
                "Message {n} of a long chat history, as the app kept it on the phone: {}",
                "order details, ".repeat(10)
            )
        })
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let chunk = history_chunk(WABA, PHONE, (0, 1, 60), &texts);
    assert!(
        chunk.to_string().len() > 1024 * 1024,
        "over the old 1 MiB limit"
    );
    deliver(&app, &chunk, 1).await;

    let batches = app.vendor_events("whatsapp.history").await;
    let sizes: Vec<usize> = batches
        .iter()
        .map(|e| e["data"]["messages"].as_array().unwrap().len())
        .collect();
    assert_eq!(sizes.len(), 44);
    assert!(sizes[..43].iter().all(|&n| n == 100));
    assert_eq!(sizes[43], 21);
    let whatsapp = app
        .wait_for_syncs(&vendor.api_key, CUSTOMER, &[("history", "in_progress")])
        .await;
    let history = sync_of(&whatsapp, "history");
    assert_eq!(history["items"], 4_321);
    // Meta's stored change keeps no message once processed.
    let (kept,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM meta_events WHERE value LIKE '%long chat history%'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(kept, 0);
}
