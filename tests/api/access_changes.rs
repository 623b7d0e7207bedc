//! Keys, vendors and origins are kept in each instance's memory; a change made on one
//! instance takes effect there at once and on every other instance within the
//! documented second (`CHANGE_REACHES_SERVER`).

use whatsportal::services::{vendors::keys, Actor};

use crate::support::app::{
    answered_soon, assert_error, session_body, spawn_app, spawn_app_on, TestApp,
};

/// A second instance serving the same database.
async fn second_instance(app: &TestApp) -> TestApp {
    spawn_app_on(app.database_url.clone(), |_| {}).await
}

#[tokio::test]
async fn a_revoked_key_is_refused_at_once_here_and_within_a_second_on_another_instance() {
    let first = spawn_app().await;
    let second = second_instance(&first).await;
    let vendor = first.seed_vendor().await;
    let body = session_body("kept-key");
    // Both instances now keep the key in memory.
    for app in [&first, &second] {
        assert_eq!(
            app.create_session(&vendor.api_key, &body).await.status(),
            200
        );
    }

    keys::revoke_key(&first.db, Actor::CLI, None, &vendor.key_id)
        .await
        .unwrap();
    assert_error(
        first.create_session(&vendor.api_key, &body).await,
        401,
        "revoked",
    )
    .await;
    let refused = answered_soon(&second, &vendor.api_key, &body, 401).await;
    assert_error(refused, 401, "revoked").await;
}

#[tokio::test]
async fn a_key_rotated_without_overlap_stops_on_every_instance_and_its_successor_works() {
    let first = spawn_app().await;
    let second = second_instance(&first).await;
    let vendor = first.seed_vendor().await;
    let body = session_body("rotated-key");
    for app in [&first, &second] {
        assert_eq!(
            app.create_session(&vendor.api_key, &body).await.status(),
            200
        );
    }

    let successor = keys::rotate_key(&second.db, Actor::CLI, &vendor.vendor_id, &vendor.key_id, 0)
        .await
        .unwrap();
    assert_error(
        second.create_session(&vendor.api_key, &body).await,
        401,
        "revoked",
    )
    .await;
    let refused = answered_soon(&first, &vendor.api_key, &body, 401).await;
    assert_error(refused, 401, "revoked").await;
    for app in [&first, &second] {
        let new_key = successor.api_key.expose();
        assert_eq!(app.create_session(new_key, &body).await.status(), 200);
    }
}
