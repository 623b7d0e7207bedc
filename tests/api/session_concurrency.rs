//! Exactly one workspace for concurrent first calls with the same externalId.

use serde_json::Value;
use tokio::task::JoinSet;

use crate::support::app::{session_body, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_first_calls_make_exactly_one_workspace() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut calls = JoinSet::new();
    for _ in 0..100 {
        let client = app.client.clone();
        let url = format!("{}/api/vendor/sessions", app.address);
        let key = vendor.api_key.clone();
        calls.spawn(async move {
            let response = client
                .post(url)
                .bearer_auth(key)
                .json(&session_body("same_customer"))
                .send()
                .await
                .unwrap();
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        });
    }
    let mut tokens = std::collections::HashSet::new();
    while let Some(result) = calls.join_next().await {
        let (status, body) = result.unwrap();
        assert_eq!(status, 200, "{body}");
        tokens.insert(body["session_token"].as_str().unwrap().to_owned());
    }
    assert_eq!(tokens.len(), 100, "every call gets its own token");
    assert_eq!(
        app.workspace_count(&vendor.vendor_id, "same_customer")
            .await,
        1
    );
    let (sessions, distinct_workspaces): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT workspace_id) FROM connect_sessions")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!((sessions, distinct_workspaces), (100, 1));
}
