//! What erasing a workspace guarantees beyond its own rows: its vendor events, queued
//! or sent, are gone with it (their payloads name the customer), and queued ones are
//! never sent; other workspaces' events stay.

use whatsportal::model::Mode;

use crate::support::app::{spawn_app, TestApp};

async fn deliveries_naming(app: &TestApp, account_id: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM webhook_deliveries WHERE account_id = $1 OR payload LIKE $2",
    )
    .bind(account_id)
    .bind(format!("%{account_id}%"))
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    n
}

#[tokio::test]
async fn erasing_a_workspace_erases_its_vendor_events_and_sends_none_of_them() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    // Nothing listens there: the deliveries stay queued.
    app.set_endpoint(&vendor, Mode::Live).await;
    let erased = app
        .connected(&app.whatsapp_session(&vendor, "erase-me").await)
        .await;
    let kept = app
        .connected(&app.whatsapp_session(&vendor, "keep-me").await)
        .await;
    let erased_id = erased["account_id"].as_str().unwrap();
    let kept_id = kept["account_id"].as_str().unwrap();
    // A delivery queued before deliveries named their workspace.
    sqlx::query(
        "INSERT INTO webhook_deliveries (id, vendor_id, mode, event_type, payload, created_at, state, \
         attempts, next_attempt_at) VALUES ('msg_legacy', $1, 'live', 'whatsapp.connected', $2, 1, \
         'pending', 0, $3)",
    )
    .bind(&vendor.vendor_id)
    .bind(format!(
        r#"{{"type":"whatsapp.connected","data":{{"account_id":"{erased_id}","externalId":"erase-me"}}}}"#
    ))
    .bind(whatsportal::db::now_ms() + 3_600_000)
    .execute(app.db.writer())
    .await
    .unwrap();
    assert_eq!(deliveries_naming(&app, erased_id).await, 2);

    let answer = app
        .vendor_delete(&vendor.api_key, "workspaces/erase-me")
        .await;
    assert_eq!(answer.status(), 204);

    assert_eq!(deliveries_naming(&app, erased_id).await, 0);
    let (externals,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM webhook_deliveries WHERE payload LIKE '%erase-me%'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(externals, 0, "no payload names the erased customer");
    assert_eq!(deliveries_naming(&app, kept_id).await, 1);
}
