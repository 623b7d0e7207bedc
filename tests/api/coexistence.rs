//! WhatsApp Business app numbers that keep the app (coexistence), against the simulator:
//! the page offers it when asked, the number connects without ever being registered,
//! its contacts and history are asked for once each, and what Meta then sends reaches
//! the vendor as signed events that go with an erased workspace.

use serde_json::{json, Value};
use whatsportal::services::{coexistence::sync::run_due, webhooks::signing::sign};

use crate::support::{
    app::{assert_error, spawn_app, TestApp},
    coexistence::{
        sync_of, APP_PHONE, APP_WABA, INELIGIBLE_WABA, SECOND_APP_PHONE, SECOND_APP_WABA,
    },
    connect::{connected_result, PHONE, WABA},
    lifecycle::assert_documented_event,
    receiver::{set_endpoint, start_receiver},
};

/// The button the page shows only when it offers to keep the app (the page's texts,
/// sent along for the browser, hold every sentence).
const APP_BUTTON: &str = ">Use a number that is not on the app</button>";

async fn page_text(app: &TestApp, token: &str) -> String {
    app.whatsapp_page(token).await.text().await.unwrap()
}

/// The statuses `whatsapp.sync_updated` told the vendor for `sync`, in order.
async fn told_statuses(app: &TestApp, sync: &str) -> Vec<String> {
    app.vendor_events("whatsapp.sync_updated")
        .await
        .iter()
        .filter(|e| e["data"]["sync"] == sync)
        .map(|e| e["data"]["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_business_app_number_connects_unregistered_and_brings_its_data_once() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let (receiver, url) = start_receiver().await;
    let secret = set_endpoint(&app, &vendor.vendor_id, &url).await;
    let token = app
        .session_offering_app(&vendor, "corner-cafe", Some(true))
        .await;
    assert!(page_text(&app, &token).await.contains(APP_BUTTON));

    let result = connected_result(app.connect_business_app(&token, APP_WABA, true).await).await;
    assert_eq!(result["waba_id"], APP_WABA);
    assert_eq!(result["phone_number_id"], APP_PHONE, "read from the WABA");
    assert_eq!(result["coexistence"], true);

    // Meta's deliveries arrive in their own time: until all contacts and the whole
    // history are in.
    let whatsapp = app
        .wait_for_whatsapp(&vendor.api_key, "corner-cafe", |w| {
            sync_of(w, "contacts")["items"] == 3 && sync_of(w, "history")["status"] == "completed"
        })
        .await;
    assert_eq!(whatsapp["status"], "active");
    assert_eq!(whatsapp["coexistence"], true);
    let (contacts, history) = (
        sync_of(&whatsapp, "contacts"),
        sync_of(&whatsapp, "history"),
    );
    assert_eq!(contacts["items"], 3);
    assert_eq!(
        (&history["phase"], &history["progress"]),
        (&json!(2), &json!(100))
    );
    assert_eq!(history["items"], 4);
    let calls = app.simulated_calls(APP_PHONE).await;
    assert_eq!(
        calls["register"], 0,
        "a Business app number is never registered"
    );
    assert_eq!(
        calls["smb_app_data"],
        json!({"smb_app_state_sync": 1, "history": 1})
    );

    // Another round of the worker, and one more after a restart would, asks nothing.
    run_due(&app.db, &app.meta).await.unwrap();
    assert_eq!(app.simulated_calls(APP_PHONE).await, calls);

    let connected = app.vendor_events("whatsapp.connected").await;
    assert_eq!(connected[0]["data"]["coexistence"], true);
    assert_eq!(told_statuses(&app, "contacts").await, ["requested"]);
    let history_told = told_statuses(&app, "history").await;
    assert_eq!(
        history_told,
        ["requested", "in_progress", "in_progress", "completed"]
    );
    // Every event reaches the endpoint signed and documented; the ones holding the
    // customer's messages and contacts are kept only until delivered.
    let got = receiver.wait_for(10).await;
    let mut received = Vec::new();
    for ((id, timestamp, signature, body), _) in &got {
        assert_eq!(
            sign(&secret, id, *timestamp, body).as_deref(),
            Some(signature.as_str())
        );
        let event: Value = serde_json::from_str(body).unwrap();
        assert_documented_event(&event);
        received.push(event);
    }
    let of_type =
        |kind: &str| -> Vec<&Value> { received.iter().filter(|e| e["type"] == kind).collect() };
    let contact_events = of_type("whatsapp.contacts");
    assert_eq!(contact_events.len(), 1);
    assert_eq!(
        contact_events[0]["data"]["contacts"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let history_events = of_type("whatsapp.history");
    assert_eq!(history_events.len(), 3, "one per chunk");
    let mut progress: Vec<i64> = history_events
        .iter()
        .map(|e| e["data"]["progress"].as_i64().unwrap())
        .collect();
    progress.sort_unstable();
    assert_eq!(progress, [34, 67, 100]);
    assert_eq!(of_type("whatsapp.sync_updated").len(), 5);
    for _ in 0..100 {
        let (kept,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM webhook_deliveries WHERE ephemeral = 1 AND payload <> ''",
        )
        .fetch_one(app.db.pool())
        .await
        .unwrap();
        if kept == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("delivered contacts and history are still stored");
}

#[tokio::test]
async fn a_customer_who_keeps_the_history_gets_declined_not_stuck() {
    let app = spawn_app().await;
    let vendor = app
        .vendor_with_app_number("harbour", SECOND_APP_WABA, false)
        .await;

    let whatsapp = app
        .wait_for_syncs(
            &vendor.api_key,
            "harbour",
            &[("contacts", "requested"), ("history", "declined")],
        )
        .await;
    assert_eq!(sync_of(&whatsapp, "history")["error_code"], 2_593_109);
    assert_eq!(
        told_statuses(&app, "history").await,
        ["requested", "declined"]
    );
    assert!(app.vendor_events("whatsapp.history").await.is_empty());
    assert_eq!(app.simulated_calls(SECOND_APP_PHONE).await["register"], 0);
}

#[tokio::test]
async fn an_ineligible_number_is_refused_by_meta_and_the_normal_path_still_works() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, whatsportal::model::Mode::Live)
        .await;
    let token = app
        .session_offering_app(&vendor, "old-phone", Some(true))
        .await;
    let refused = app
        .approve_app_onboarding(&token, INELIGIBLE_WABA, true)
        .await;
    assert_eq!(refused.status(), 400);

    // The same session then connects a number that is not on the app, as before.
    let result = app.connected(&token).await;
    assert_eq!(result["phone_number_id"], PHONE);
    assert_eq!(result["coexistence"], false);
    let whatsapp = app.workspace(&vendor.api_key, "old-phone").await["whatsapp"].clone();
    assert_eq!(whatsapp["coexistence"], false);
    assert!(whatsapp.get("syncs").is_none());
    assert_eq!(
        app.stored_app_data().await.0,
        0,
        "no syncs for a registered number"
    );
    let connected = app.vendor_events("whatsapp.connected").await;
    assert!(connected[0]["data"].get("coexistence").is_none());
    assert_eq!(connected[0]["data"]["waba_id"], WABA);
}

#[tokio::test]
async fn a_lost_or_late_request_is_never_made_again() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, whatsportal::model::Mode::Live)
        .await;
    app.inject_fault(json!({"endpoint": "smb_app_data", "target": APP_WABA, "kind": "timeout"}))
        .await;
    let token = app
        .session_offering_app(&vendor, "corner-cafe", Some(true))
        .await;
    connected_result(app.connect_business_app(&token, APP_WABA, true).await).await;

    // The contacts request's answer was lost: Meta may have taken it.
    app.wait_for_syncs(
        &vendor.api_key,
        "corner-cafe",
        &[("contacts", "unknown"), ("history", "completed")],
    )
    .await;
    let calls = app.simulated_calls(APP_PHONE).await;
    assert_eq!(
        calls["smb_app_data"],
        json!({"smb_app_state_sync": 1, "history": 1})
    );
    run_due(&app.db, &app.meta).await.unwrap();
    assert_eq!(app.simulated_calls(APP_PHONE).await, calls);

    // A request left half-made by an instance that stopped ends unknown, and one still
    // to be made a day after the onboarding (Meta unreachable all that time) expires:
    // neither reaches Meta.
    let day_ago = whatsportal::db::now_ms() - 25 * 60 * 60 * 1000;
    for (sync, state) in [("contacts", "requesting"), ("history", "pending")] {
        sqlx::query(
            "UPDATE coexistence_syncs SET state = $1, updated_at = $2, onboarded_at = $2 \
             WHERE sync_type = $3",
        )
        .bind(state)
        .bind(day_ago)
        .bind(sync)
        .execute(app.db.writer())
        .await
        .unwrap();
    }
    assert_eq!(run_due(&app.db, &app.meta).await.unwrap(), 2);
    assert_eq!(app.simulated_calls(APP_PHONE).await, calls);
    let whatsapp = app.workspace(&vendor.api_key, "corner-cafe").await["whatsapp"].clone();
    assert_eq!(sync_of(&whatsapp, "contacts")["status"], "unknown");
    assert_eq!(sync_of(&whatsapp, "history")["status"], "expired");
    assert_eq!(
        told_statuses(&app, "contacts").await,
        ["unknown", "unknown"]
    );
    assert_eq!(
        told_statuses(&app, "history").await.last().unwrap(),
        "expired"
    );
}

#[tokio::test]
async fn erasing_the_workspace_takes_its_syncs_and_queued_events() {
    let app = spawn_app().await;
    // Nothing listens at the vendor's endpoint: the events stay queued.
    let vendor = app
        .vendor_with_app_number("corner-cafe", APP_WABA, true)
        .await;
    // All of Meta's deliveries in: the contacts may land after the history completes.
    app.wait_for_whatsapp(&vendor.api_key, "corner-cafe", |w| {
        sync_of(w, "contacts")["items"] == 3 && sync_of(w, "history")["status"] == "completed"
    })
    .await;
    let (syncs, events) = app.stored_app_data().await;
    assert_eq!(syncs, 2);
    // Sync updates, the contacts and the history batches, all still queued.
    assert!(events > 0, "nothing queued to erase");

    let erased = app
        .vendor_delete(&vendor.api_key, "workspaces/corner-cafe")
        .await;
    assert_eq!(erased.status(), 204);
    assert_eq!(app.stored_app_data().await, (0, 0));
}

#[tokio::test]
async fn the_offer_follows_the_session_then_the_vendors_default() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let plain = app.session_offering_app(&vendor, "a", None).await;
    assert!(!page_text(&app, &plain).await.contains(APP_BUTTON));

    let mut admin = app.signed_in("admin").await;
    admin
        .ok(
            "vendors/set-coexistence-default",
            &[("vendor_id", &vendor.vendor_id), ("offer", "on")],
        )
        .await;
    let by_default = app.session_offering_app(&vendor, "b", None).await;
    assert!(page_text(&app, &by_default).await.contains(APP_BUTTON));
    let declined = app.session_offering_app(&vendor, "c", Some(false)).await;
    assert!(!page_text(&app, &declined).await.contains(APP_BUTTON));
    let (audited,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'vendor.coexistence_default'",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(audited, 1);

    let mut wrong = crate::support::app::session_body("d");
    wrong["coexistence"] = json!("yes");
    assert_error(
        app.create_session(&vendor.api_key, &wrong).await,
        400,
        "coexistence",
    )
    .await;
}
