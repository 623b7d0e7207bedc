//! What vendors ask of connections: disconnect, erase, list, and test-mode events.

use serde_json::{json, Value};
use whatsportal::model::Mode;

use crate::{
    support::app::{assert_error, session_body, spawn_app, TestApp},
    support::pages::DANA,
};

async fn count(app: &TestApp, sql: &str, workspace_id: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql.to_owned()))
        .bind(workspace_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn disconnecting_is_idempotent_and_erasing_leaves_nothing() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, Mode::Live).await;
    let token = app.whatsapp_session(&vendor, "shop-1").await;
    let connected = app.connected(&token).await;
    let pages_token = app.pages_session(&vendor, "shop-1").await;
    let listed = app.listed_pages(&pages_token, DANA).await;
    let page_id = listed[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.connect_pages(&pages_token, &[&page_id]).await.status(),
        200
    );
    assert_eq!(app.stored_connection_tokens().await, 2);

    for _ in 0..2 {
        let answer = app
            .vendor_delete(&vendor.api_key, "workspaces/shop-1/whatsapp")
            .await;
        assert_eq!(answer.status(), 200);
        let workspace: Value = answer.json().await.unwrap();
        assert_eq!(workspace["whatsapp"]["status"], "disconnected");
        assert_eq!(
            workspace["whatsapp"]["status_reason"],
            "vendor_disconnected"
        );
    }
    assert_eq!(
        app.vendor_events("whatsapp.disconnected").await.len(),
        1,
        "once, however often asked"
    );
    for _ in 0..2 {
        let answer = app
            .vendor_delete(
                &vendor.api_key,
                &format!("workspaces/shop-1/pages/{page_id}"),
            )
            .await;
        assert_eq!(answer.status(), 200);
        let workspace: Value = answer.json().await.unwrap();
        assert_eq!(workspace["pages"][0]["status"], "disconnected");
    }
    assert_eq!(app.vendor_events("pages.disconnected").await.len(), 1);
    assert_eq!(app.stored_connection_tokens().await, 0);
    let unknown_page = app
        .vendor_delete(&vendor.api_key, "workspaces/shop-1/pages/123")
        .await;
    assert_error(unknown_page, 404, "No page").await;
    let bad_page = app
        .vendor_delete(&vendor.api_key, "workspaces/shop-1/pages/abc")
        .await;
    assert_error(bad_page, 400, "pageId").await;

    let (workspace_id,): (String,) =
        sqlx::query_as("SELECT id FROM workspaces WHERE external_id = 'shop-1'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    let erased = app
        .vendor_delete(&vendor.api_key, "workspaces/shop-1")
        .await;
    assert_eq!(erased.status(), 204);
    for sql in [
        "SELECT COUNT(*) FROM workspaces WHERE id = $1",
        "SELECT COUNT(*) FROM connect_sessions WHERE workspace_id = $1",
        "SELECT COUNT(*) FROM whatsapp_connections WHERE workspace_id = $1",
        "SELECT COUNT(*) FROM page_connections WHERE workspace_id = $1",
        "SELECT COUNT(*) FROM connection_history WHERE workspace_id = $1",
    ] {
        assert_eq!(count(&app, sql, &workspace_id).await, 0, "{sql}");
    }
    let audited = count(
        &app,
        "SELECT COUNT(*) FROM audit_log WHERE action = 'workspace.erased' AND target_id = $1",
        connected["account_id"].as_str().unwrap(),
    )
    .await;
    assert_eq!(audited, 1, "the audit keeps that it happened");
    let again = app
        .vendor_delete(&vendor.api_key, "workspaces/shop-1")
        .await;
    assert_error(again, 404, "No workspace").await;
    // A new session for the same externalId starts afresh.
    let token = app.whatsapp_session(&vendor, "shop-1").await;
    let fresh = app.connected(&token).await;
    assert_ne!(fresh["account_id"], connected["account_id"]);
}

#[tokio::test]
async fn workspaces_are_listed_newest_first_by_cursor_and_status() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    for n in 0..5 {
        app.create_session(&vendor.api_key, &session_body(&format!("c{n}")))
            .await;
    }
    let token = app.whatsapp_session(&vendor, "c2").await;
    app.connected(&token).await;
    let list = |query: &'static str| {
        app.client
            .get(format!("{}/api/vendor/workspaces{query}", app.address))
            .bearer_auth(&vendor.api_key)
            .send()
    };
    let first: Value = list("?limit=2").await.unwrap().json().await.unwrap();
    let names: Vec<_> = first["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["externalId"].clone())
        .collect();
    assert_eq!(names, vec![json!("c4"), json!("c3")]);
    let cursor = first["next_cursor"].as_str().unwrap().to_owned();
    let rest: Value = app
        .client
        .get(format!("{}/api/vendor/workspaces", app.address))
        .query(&[("cursor", cursor.as_str()), ("limit", "10")])
        .bearer_auth(&vendor.api_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let names: Vec<_> = rest["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["externalId"].clone())
        .collect();
    assert_eq!(names, vec![json!("c2"), json!("c1"), json!("c0")]);
    assert_eq!(rest["next_cursor"], Value::Null);
    let active: Value = list("?status=active").await.unwrap().json().await.unwrap();
    assert_eq!(active["data"].as_array().unwrap().len(), 1);
    assert_eq!(active["data"][0]["whatsapp"]["status"], "active");
    assert_error(
        list("?status=banned").await.unwrap(),
        400,
        "`status` must be",
    )
    .await;
    assert_error(list("?limit=1000").await.unwrap(), 400, "`limit`").await;
    assert_error(list("?cursor=xyz").await.unwrap(), 400, "`cursor`").await;
    assert_error(list("?sort=name").await.unwrap(), 400, "query").await;
    // Another key's mode sees none of them.
    let test_key = app.test_key(&vendor.vendor_id).await;
    let other: Value = app
        .client
        .get(format!("{}/api/vendor/workspaces", app.address))
        .bearer_auth(&test_key)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(other["data"], json!([]));
}

#[tokio::test]
async fn a_test_key_drives_the_lifecycle_through_the_simulator() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    app.set_endpoint(&vendor, Mode::Test).await;
    let key = app.test_key(&vendor.vendor_id).await;
    let send = |external_id: &'static str, body: Value, key: String| {
        let url = format!(
            "{}/api/vendor/test/workspaces/{external_id}/events",
            app.address
        );
        let client = app.client.clone();
        async move {
            client
                .post(url)
                .bearer_auth(key)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let response = app.create_session(&key, &session_body("sandbox")).await;
    let created: Value = response.json().await.unwrap();
    let token = created["session_token"].as_str().unwrap();
    assert_error(
        send(
            "sandbox",
            json!({"event": "PARTNER_APP_UNINSTALLED"}),
            key.clone(),
        )
        .await,
        409,
        "no WhatsApp connection",
    )
    .await;
    let connected = app.connected(token).await;
    assert_eq!(connected["livemode"], false);

    let queued = send(
        "sandbox",
        json!({"event": "PARTNER_APP_UNINSTALLED"}),
        key.clone(),
    )
    .await;
    assert_eq!(queued.status(), 202);
    app.wait_processed(1).await;
    let workspace = app.workspace(&key, "sandbox").await;
    assert_eq!(workspace["whatsapp"]["status"], "disconnected");
    let events = app.vendor_events("whatsapp.disconnected").await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["data"]["livemode"], false);
    let (mode,): (String,) = sqlx::query_as(
        "SELECT mode FROM webhook_deliveries WHERE event_type = 'whatsapp.disconnected'",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(mode, "test", "to the vendor's test endpoint");

    // Reconnecting in test mode brings it back with the same account_id.
    let response = app.create_session(&key, &session_body("sandbox")).await;
    let created: Value = response.json().await.unwrap();
    let again = app
        .connected(created["session_token"].as_str().unwrap())
        .await;
    assert_eq!(again["account_id"], connected["account_id"]);
    assert_eq!(
        app.workspace(&key, "sandbox").await["whatsapp"]["status"],
        "active"
    );

    let quality = send(
        "sandbox",
        json!({"field": "phone_number_quality_update", "event": "FLAGGED"}),
        key.clone(),
    )
    .await;
    assert_eq!(quality.status(), 202);
    app.wait_processed(2).await;
    assert_eq!(
        app.workspace(&key, "sandbox").await["whatsapp"]["quality_rating"],
        "RED"
    );

    assert_error(
        send("sandbox", json!({"event": "SOMETHING"}), key.clone()).await,
        400,
        "`event` must be one of",
    )
    .await;
    assert_error(
        send(
            "sandbox",
            json!({"event": "DISABLED_UPDATE", "ban_state": "x"}),
            key.clone(),
        )
        .await,
        400,
        "`ban_state`",
    )
    .await;
    assert_error(
        send(
            "sandbox",
            json!({"event": "ACCOUNT_DELETED", "extra": 1}),
            key.clone(),
        )
        .await,
        400,
        "Unknown field",
    )
    .await;
    assert_error(
        send("nobody", json!({"event": "ACCOUNT_DELETED"}), key.clone()).await,
        404,
        "No workspace",
    )
    .await;
    assert_error(
        send(
            "sandbox",
            json!({"event": "ACCOUNT_DELETED"}),
            vendor.api_key.clone(),
        )
        .await,
        403,
        "test key",
    )
    .await;
}
