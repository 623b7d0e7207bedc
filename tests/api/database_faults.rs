//! When the database cannot serve, the vendor API and the connect pages answer a clear
//! 503 with `Retry-After` (never a 500 carrying the driver's text), change nothing, and
//! recover by themselves: a SQLite file that turned read-only or filled its disk, a
//! PostgreSQL server that cut every connection (as a restart does).

use std::time::Duration;

use sqlx::Connection;

use serde_json::Value;
use whatsportal::db::Engine;

use crate::{
    support::admin::PASSWORD,
    support::app::{session_body, spawn_app, TestApp},
    support::connect::{connected_result, stored_hash, PHONE, WABA},
};

const UNAVAILABLE: &str = "WhatsPortal cannot reach its database right now";

/// Asserts a 503 with `Retry-After: 5`; returns the body.
async fn retry_later_body(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 503);
    assert_eq!(
        response.headers().get("retry-after").map(|v| v.as_bytes()),
        Some(&b"5"[..])
    );
    response.text().await.unwrap()
}

/// Asserts a 503 with the documented message and `Retry-After`.
async fn assert_unavailable(response: reqwest::Response) {
    let body: Value = serde_json::from_str(&retry_later_body(response).await).unwrap();
    let message = body["error"].as_str().unwrap();
    assert!(message.starts_with(UNAVAILABLE), "{message}");
}

async fn session_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM connect_sessions")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// Runs `pragma` on SQLite's single writing connection (the pool has one).
async fn writer_pragma(app: &TestApp, pragma: &str) {
    sqlx::query(sqlx::AssertSqlSafe(pragma.to_owned()))
        .execute(app.db.writer())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_read_only_or_full_sqlite_file_gets_a_clear_503_and_nothing_changes() {
    let app = spawn_app().await;
    if app.db.engine() != Engine::Sqlite {
        return;
    }
    let vendor = app.seed_vendor().await;
    assert_eq!(app.session_status(&vendor.api_key, "before").await, 200);
    let sessions = session_count(&app).await;

    // A file that turned read-only (SQLITE_READONLY).
    writer_pragma(&app, "PRAGMA query_only = ON").await;
    let answer = app
        .create_session(&vendor.api_key, &session_body("read-only"))
        .await;
    assert_unavailable(answer).await;
    writer_pragma(&app, "PRAGMA query_only = OFF").await;
    assert_eq!(session_count(&app).await, sessions, "nothing was written");

    // A full disk (SQLITE_FULL): the file may not grow by a page.
    let pages: i64 = sqlx::query_scalar("PRAGMA page_count")
        .fetch_one(app.db.writer())
        .await
        .unwrap();
    writer_pragma(&app, &format!("PRAGMA max_page_count = {pages}")).await;
    let mut refused = 0;
    for n in 0..200 {
        let answer = app
            .create_session(&vendor.api_key, &session_body(&format!("full-{n}")))
            .await;
        if answer.status() != 200 {
            assert_unavailable(answer).await;
            refused += 1;
            break;
        }
    }
    assert_eq!(refused, 1, "the full file refused a write");
    let kept = session_count(&app).await;
    writer_pragma(&app, "PRAGMA max_page_count = 1073741823").await;

    // Back to normal by itself, nothing lost, the file intact.
    assert_eq!(app.session_status(&vendor.api_key, "after").await, 200);
    assert_eq!(session_count(&app).await, kept + 1);
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(check, "ok");
}

#[tokio::test]
async fn postgres_cutting_every_connection_gets_503s_then_recovers_by_itself() {
    let app = spawn_app().await;
    if app.db.engine() != Engine::Postgres {
        return;
    }
    let vendor = app.seed_vendor().await;
    // Several pooled connections, all idle afterwards.
    for n in 0..4 {
        assert_eq!(
            app.session_status(&vendor.api_key, &format!("warm-{n}"))
                .await,
            200
        );
    }
    let sessions = session_count(&app).await;

    // What a server restart does to each open connection.
    let mut admin = sqlx::postgres::PgConnection::connect(&app.database_url)
        .await
        .unwrap();
    let cut: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(!cut.is_empty(), "the server's connections were cut");

    let mut unavailable = 0;
    let mut recovered = false;
    for n in 0..20 {
        let answer = app
            .create_session(&vendor.api_key, &session_body(&format!("after-{n}")))
            .await;
        if answer.status() == 200 {
            recovered = true;
            break;
        }
        assert_unavailable(answer).await;
        unavailable += 1;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        recovered,
        "still failing after {unavailable} answers of 503"
    );
    // Only the successful call added a session.
    assert_eq!(session_count(&app).await, sessions + 1);
}

/// What a connect page reads when the database cannot serve (English).
const CONNECT_UNAVAILABLE: &str = "Our service is unavailable for a moment. Nothing was lost";

/// Asserts a connect page's or step's 503 with `Retry-After` and the customer's words.
async fn assert_connect_unavailable(response: reqwest::Response) {
    let body = retry_later_body(response).await;
    assert!(
        body.contains("Unavailable") || body.contains(CONNECT_UNAVAILABLE),
        "{body}"
    );
    assert!(
        !body.contains("SQLITE") && !body.contains("readonly"),
        "{body}"
    );
}

#[tokio::test]
async fn a_connect_page_and_step_on_a_read_only_sqlite_file_answer_503_and_can_go_on() {
    let app = spawn_app().await;
    if app.db.engine() != Engine::Sqlite {
        return;
    }
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "connect-read-only").await;
    let unopened = app.whatsapp_session(&vendor, "connect-read-only-2").await;
    // The customer opened the page, and Meta's dialog granted its code, while the
    // database still served.
    assert_eq!(app.whatsapp_page(&token).await.status(), 200);
    let code = app.approve_in_dialog_of(Some(&token), WABA).await;

    writer_pragma(&app, "PRAGMA query_only = ON").await;
    // Opening a page records it: refused, with a page that says to try again.
    let page = app.whatsapp_page(&unopened).await;
    assert_connect_unavailable(page).await;
    // The step claims the session before it calls Meta: refused, Meta never asked.
    let step = app
        .whatsapp_code(&token, &whatsportal::db::new_id("run"), &code)
        .await;
    assert_connect_unavailable(step).await;
    writer_pragma(&app, "PRAGMA query_only = OFF").await;

    // Nothing was spent: the same code completes the same session.
    assert_eq!(app.whatsapp_page(&token).await.status(), 200);
    let done = app
        .complete_whatsapp(&token, &code, WABA, Some(PHONE))
        .await;
    let connected = connected_result(done).await;
    assert_eq!(connected["waba_id"], WABA);
}

/// The claim id the session of `token` is held by, if any.
async fn claim_of(app: &TestApp, token: &str) -> Option<String> {
    sqlx::query_scalar("SELECT claim_id FROM connect_sessions WHERE token_hash = $1")
        .bind(stored_hash(token))
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_claim_the_database_could_not_give_back_is_given_back_once_it_serves() {
    let app = spawn_app().await;
    if app.db.engine() != Engine::Sqlite {
        return;
    }
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "claim-kept").await;
    let code = app.approve_in_dialog_of(Some(&token), WABA).await;
    // Meta answers the code a second late; the file turns read-only meanwhile, so the
    // step fails and cannot give its claim back.
    app.inject_fault(serde_json::json!({"endpoint": "oauth/access_token", "kind": "slow"}))
        .await;
    let attempt = whatsportal::db::new_id("run");
    let step = app.whatsapp_code(&token, &attempt, &code);
    // As soon as the step holds its claim (then it waits for Meta's second).
    let read_only = async {
        let claimed = async {
            while claim_of(&app, &token).await.is_none() {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        };
        tokio::time::timeout(Duration::from_secs(5), claimed)
            .await
            .expect("the step claimed its session");
        writer_pragma(&app, "PRAGMA query_only = ON").await;
    };
    let (answer, ()) = tokio::join!(step, read_only);
    assert!(answer.status().is_server_error(), "{}", answer.status());
    assert!(
        claim_of(&app, &token).await.is_some(),
        "the claim is still held"
    );
    writer_pragma(&app, "PRAGMA query_only = OFF").await;

    // Given back within seconds, not when it runs out (two minutes).
    let mut held = true;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        held = claim_of(&app, &token).await.is_some();
        if !held {
            break;
        }
    }
    assert!(!held, "the claim was not given back");
    let code = app.approve_in_dialog_of(Some(&token), WABA).await;
    let done = app
        .complete_whatsapp(&token, &code, WABA, Some(PHONE))
        .await;
    assert_eq!(connected_result(done).await["waba_id"], WABA);
}

#[tokio::test]
async fn staff_sign_in_and_admin_actions_on_a_read_only_sqlite_file_answer_503() {
    let app = spawn_app().await;
    if app.db.engine() != Engine::Sqlite {
        return;
    }
    let email = app.seed_staff("ada@whatsportal.example", "admin").await;
    let mut admin = app.signed_in("admin").await;
    let vendor_count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM vendors")
            .fetch_one(app.db.pool())
            .await
            .unwrap()
    };
    let vendors = vendor_count().await;

    writer_pragma(&app, "PRAGMA query_only = ON").await;
    let mut browser = app.browser();
    let signing_in = browser.sign_in(&email, PASSWORD).await;
    let body = retry_later_body(signing_in).await;
    assert!(body.contains("Unavailable"), "{body}");
    assert!(browser.cookie.is_none());
    // Without JavaScript: back to the form, which says why (not "wrong password").
    let plain = browser
        .submit(
            "sign-in",
            "/admin/sign-in",
            &[("email", &email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(plain.status(), 302);
    let back = plain.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(back, "/admin/sign-in?failed=unavailable");
    let form = app
        .client
        .get(format!("{}{back}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        form.contains("The database is unavailable for a moment"),
        "{form}"
    );
    let creating = admin.call("vendors/create", &[("name", "Initech")]).await;
    let body = retry_later_body(creating).await;
    assert!(body.contains("Unavailable"), "{body}");
    writer_pragma(&app, "PRAGMA query_only = OFF").await;

    assert_eq!(vendor_count().await, vendors, "nothing was created");
    admin.ok("vendors/create", &[("name", "Initech")]).await;
    assert_eq!(vendor_count().await, vendors + 1);
    assert_eq!(browser.sign_in(&email, PASSWORD).await.status(), 200);
}
