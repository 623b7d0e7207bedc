//! Meta's webhook: verification, signatures, at-least-once storage processed once, and
//! what each change does to a connection and tells the vendor.

use serde_json::{json, Value};
use whatsportal::{db, model::Mode, simulator::WEBHOOK_VERIFY_TOKEN};

use crate::{
    support::app::{spawn_app, SeededVendor, TestApp},
    support::connect::{PHONE, WABA},
    support::lifecycle::{account_update, assert_documented_event, number_update},
};

/// A vendor with a live endpoint and a connected WhatsApp account in `external_id`.
async fn connected(app: &TestApp, external_id: &str) -> (SeededVendor, Value) {
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, Mode::Live).await;
    let token = app.whatsapp_session(&vendor, external_id).await;
    let result = app.connected(&token).await;
    (vendor, result)
}

async fn verify(app: &TestApp, token: &str, challenge: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/meta/webhooks", app.address))
        .query(&[
            ("hub.mode", "subscribe"),
            ("hub.verify_token", token),
            ("hub.challenge", challenge),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn verification_answers_the_challenge_for_the_configured_token_only() {
    let app = spawn_app().await;
    let answer = verify(&app, WEBHOOK_VERIFY_TOKEN, "1158201444").await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.unwrap(), "1158201444");
    assert_eq!(verify(&app, "guess", "1158201444").await.status(), 403);
    assert_eq!(
        verify(&app, WEBHOOK_VERIFY_TOKEN, "<script>")
            .await
            .status(),
        403
    );
    assert_eq!(verify(&app, WEBHOOK_VERIFY_TOKEN, "").await.status(), 403);
}

#[tokio::test]
async fn a_delivery_without_the_apps_signature_is_refused_and_stores_nothing() {
    let app = spawn_app().await;
    let (vendor, _) = connected(&app, "shop-1").await;
    let body = account_update(WABA, "PARTNER_APP_UNINSTALLED", json!({}), 1_764_000_000);
    let forged = app.deliver_to_webhook(&body, "not-the-app-secret").await;
    assert_eq!(forged.status(), 401);
    let unsigned = app
        .client
        .post(format!("{}/meta/webhooks", app.address))
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unsigned.status(), 401);
    let garbage = app
        .deliver_to_webhook(
            &json!({"hello": "world"}),
            whatsportal::simulator::APP_SECRET,
        )
        .await;
    assert_eq!(garbage.status(), 400);
    let (stored,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM meta_events")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(stored, 0);
    let workspace = app.workspace(&vendor.api_key, "shop-1").await;
    assert_eq!(workspace["whatsapp"]["status"], "active");
}

#[tokio::test]
async fn the_same_delivery_twice_changes_the_state_once() {
    let app = spawn_app().await;
    let (vendor, result) = connected(&app, "shop-1").await;
    let body = account_update(WABA, "PARTNER_APP_UNINSTALLED", json!({}), 1_764_000_000);
    app.deliver_from_simulated_meta(&body).await;
    app.deliver_from_simulated_meta(&body).await;
    app.wait_processed(1).await;

    let workspace = app.workspace(&vendor.api_key, "shop-1").await;
    assert_eq!(workspace["account_id"], result["account_id"]);
    let whatsapp = &workspace["whatsapp"];
    assert_eq!(whatsapp["status"], "disconnected");
    assert_eq!(whatsapp["status_reason"], "app_uninstalled");
    assert!(whatsapp["status_at"].is_string());
    let events = app.vendor_events("whatsapp.disconnected").await;
    assert_eq!(events.len(), 1, "one vendor event for one change");
    let data = &events[0]["data"];
    assert_eq!(data["account_id"], result["account_id"]);
    assert_eq!(data["externalId"], "shop-1");
    assert_eq!(data["livemode"], true);
    assert_eq!(data["waba_id"], WABA);
    assert_eq!(data["phone_number_id"], PHONE);
    assert_eq!(data["reason"], "app_uninstalled");
    assert_eq!(data["meta"]["event"], "PARTNER_APP_UNINSTALLED");
    assert_eq!(
        app.stored_connection_tokens().await,
        0,
        "the dead token is forgotten"
    );
}

/// Delivers one change, waits for it, and returns the vendor events it queued.
async fn step(app: &TestApp, body: &Value, processed: &mut i64) -> Vec<(String, Value)> {
    let (before,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM webhook_deliveries")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    app.deliver_from_simulated_meta(body).await;
    *processed += 1;
    app.wait_processed(*processed).await;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT event_type, payload FROM webhook_deliveries ORDER BY created_at, id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    rows.into_iter()
        .skip(before as usize)
        .map(|(kind, payload)| {
            let event: Value = serde_json::from_str(&payload).unwrap();
            assert_documented_event(&event);
            (kind, event)
        })
        .collect()
}

#[tokio::test]
async fn each_account_update_moves_the_state_and_tells_the_vendor_once() {
    let app = spawn_app().await;
    let (vendor, first) = connected(&app, "shop-1").await;
    let mut processed = 0;
    let mut time = 1_764_000_000;
    // (event, extra, status after, reason after, vendor event)
    let steps: [(&str, Value, &str, &str, &str); 8] = [
        (
            "ACCOUNT_RESTRICTION",
            json!({"restriction_info": [{"restriction_type": "RESTRICTED_BIZ_INITIATED_MESSAGING"}]}),
            "restricted",
            "account_restricted",
            "whatsapp.restricted",
        ),
        (
            "ACCOUNT_VIOLATION",
            json!({"violation_info": {"violation_type": "SCAM"}}),
            "restricted",
            "policy_violation",
            "whatsapp.restricted",
        ),
        (
            "DISABLED_UPDATE",
            json!({"ban_info": {"waba_ban_state": "DISABLE", "waba_ban_date": "2026-12-01"}}),
            "restricted",
            "account_disabled",
            "whatsapp.restricted",
        ),
        (
            "DISABLED_UPDATE",
            json!({"ban_info": {"waba_ban_state": "REINSTATE"}}),
            "active",
            "account_reinstated",
            "whatsapp.reconnected",
        ),
        (
            "ACCOUNT_OFFBOARDED",
            json!({}),
            "disconnected",
            "account_offboarded",
            "whatsapp.disconnected",
        ),
        (
            "ACCOUNT_RECONNECTED",
            json!({}),
            "active",
            "account_reconnected",
            "whatsapp.reconnected",
        ),
        (
            "PARTNER_REMOVED",
            json!({"disconnection_info": {"reason": "PARTNER_REMOVED_BY_BUSINESS"}}),
            "disconnected",
            "partner_removed",
            "whatsapp.disconnected",
        ),
        // Known to be disconnected already: nothing changes, nothing is sent.
        (
            "ACCOUNT_DELETED",
            json!({}),
            "disconnected",
            "partner_removed",
            "",
        ),
    ];
    for (event, extra, status, reason, vendor_event) in steps {
        time += 1;
        let queued = step(
            &app,
            &account_update(WABA, event, extra.clone(), time),
            &mut processed,
        )
        .await;
        let workspace = app.workspace(&vendor.api_key, "shop-1").await;
        assert_eq!(workspace["whatsapp"]["status"], status, "after {event}");
        assert_eq!(
            workspace["whatsapp"]["status_reason"], reason,
            "after {event}"
        );
        if vendor_event.is_empty() {
            assert!(
                queued.is_empty(),
                "{event} on a disconnected account sends nothing"
            );
            continue;
        }
        assert_eq!(queued.len(), 1, "{event} sends exactly one event");
        assert_eq!(queued[0].0, vendor_event, "after {event}");
        assert_eq!(queued[0].1["data"]["reason"], reason);
        assert_eq!(queued[0].1["data"]["meta"]["event"], event);
        if vendor_event == "whatsapp.restricted" {
            let said = extra.as_object().unwrap().keys().next().unwrap().clone();
            assert_eq!(
                queued[0].1["data"]["meta"][&said], extra[&said],
                "what Meta said"
            );
        }
    }

    // Reconnecting through a new session brings it back in place.
    let token = app.whatsapp_session(&vendor, "shop-1").await;
    let page = app.whatsapp_page(&token).await.text().await.unwrap();
    assert!(
        page.contains("reconnects an account"),
        "the connect page says it is a reconnection"
    );
    let again = app.connected(&token).await;
    assert_eq!(again["account_id"], first["account_id"]);
    let workspace = app.workspace(&vendor.api_key, "shop-1").await;
    assert_eq!(workspace["whatsapp"]["status"], "active");
    assert_eq!(workspace["whatsapp"]["status_reason"], Value::Null);

    // The number's quality and display name are noted and told.
    let quality = number_update(
        WABA,
        "phone_number_quality_update",
        json!({"display_phone_number": "15550001111", "event": "FLAGGED", "current_limit": "TIER_250"}),
        time + 1,
    );
    let queued = step(&app, &quality, &mut processed).await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].0, "whatsapp.updated");
    assert_eq!(queued[0].1["data"]["quality_rating"], "RED");
    assert_eq!(queued[0].1["data"]["messaging_limit"], "TIER_250");
    let name = number_update(
        WABA,
        "phone_number_name_update",
        json!({"display_phone_number": "15550001111", "decision": "REJECTED", "requested_verified_name": "Acme Shop",
               "rejection_reason": "NAME_FORMAT_UNACCEPTABLE"}),
        time + 2,
    );
    let queued = step(&app, &name, &mut processed).await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].1["data"]["display_name"]["status"], "rejected");
    let whatsapp = app.workspace(&vendor.api_key, "shop-1").await["whatsapp"].clone();
    assert_eq!(whatsapp["status"], "active");
    assert_eq!(whatsapp["quality_rating"], "RED");
    assert_eq!(
        whatsapp["display_name"],
        json!({"name": "Acme Shop", "status": "rejected"})
    );

    // The uninstall and the account's deletion end it again, each once.
    for (event, reason) in [("PARTNER_APP_UNINSTALLED", "app_uninstalled")] {
        let queued = step(
            &app,
            &account_update(WABA, event, json!({}), time + 3),
            &mut processed,
        )
        .await;
        assert_eq!(queued.len(), 1);
        assert_eq!(queued[0].1["data"]["reason"], reason);
    }
    let token = app.whatsapp_session(&vendor, "shop-1").await;
    app.connected(&token).await;
    let queued = step(
        &app,
        &account_update(WABA, "ACCOUNT_DELETED", json!({}), time + 4),
        &mut processed,
    )
    .await;
    assert_eq!(queued.len(), 1);
    assert_eq!(queued[0].1["data"]["reason"], "account_deleted");

    let history: Vec<(String, String)> =
        sqlx::query_as("SELECT status, source FROM connection_history ORDER BY occurred_at, id")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    assert!(
        history.len() >= 12,
        "every move is in the history: {history:?}"
    );
    assert_eq!(history[0], ("active".to_owned(), "connect".to_owned()));
}

#[tokio::test]
async fn a_waba_shared_without_a_connection_is_kept_as_unclaimed() {
    let app = spawn_app().await;
    let (_, _) = connected(&app, "shop-1").await;
    let stray = "920000000000777";
    app.deliver_from_simulated_meta(&account_update(
        stray,
        "PARTNER_APP_INSTALLED",
        json!({}),
        1,
    ))
    .await;
    app.deliver_from_simulated_meta(&account_update(WABA, "PARTNER_ADDED", json!({}), 2))
        .await;
    app.wait_processed(2).await;
    let unclaimed = db::meta_events::unclaimed_wabas(&app.db, 10).await.unwrap();
    let ids: Vec<_> = unclaimed.iter().filter_map(|e| e.waba_id.clone()).collect();
    assert_eq!(
        ids,
        vec![stray.to_owned()],
        "the connected WABA is not unclaimed"
    );
    assert!(app.vendor_events("whatsapp.disconnected").await.is_empty());
}

#[tokio::test]
async fn staff_see_each_workspaces_history_the_meta_events_and_unclaimed_wabas() {
    let app = spawn_app().await;
    let (vendor, result) = connected(&app, "shop-1").await;
    let mut admin = app.signed_in("viewer").await;
    let stray = "920000000000777";
    app.deliver_from_simulated_meta(&account_update(WABA, "ACCOUNT_RESTRICTION", json!({}), 1))
        .await;
    app.deliver_from_simulated_meta(&account_update(
        stray,
        "PARTNER_APP_INSTALLED",
        json!({}),
        2,
    ))
    .await;
    app.wait_processed(2).await;

    let account_id = result["account_id"].as_str().unwrap();
    let detail = admin
        .ok(
            "workspaces/show",
            &[("vendor_id", &vendor.vendor_id), ("account_id", account_id)],
        )
        .await;
    assert_eq!(detail["workspace"]["whatsapp"]["status"], "restricted");
    assert_eq!(
        detail["workspace"]["whatsapp"]["status_reason"],
        "account_restricted"
    );
    let moves: Vec<(&str, &str)> = detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["status"].as_str().unwrap(), h["source"].as_str().unwrap()))
        .collect();
    assert_eq!(
        moves,
        vec![("restricted", "meta"), ("active", "connect")],
        "newest first"
    );
    assert_eq!(detail["meta_events"][0]["event"], "ACCOUNT_RESTRICTION");
    assert_eq!(detail["meta_events"][0]["outcome"], "restricted");

    let events = admin.ok("meta-events/list", &[]).await;
    assert_eq!(events["unclaimed"][0]["waba_id"], stray);
    assert_eq!(events["recent"].as_array().unwrap().len(), 2);
    assert!(
        !detail.to_string().contains("EAA"),
        "no token reaches staff"
    );
}
