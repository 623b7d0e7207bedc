//! Arbitrary text through every text field, on both engines: a NUL, control characters,
//! any Unicode, SQL and JSON look-alikes, lengths past every limit. Nothing answers 5xx,
//! a refusal says why, and what is accepted is stored exactly as sent.

use proptest::{
    prelude::*,
    strategy::{Strategy, ValueTree},
    test_runner::TestRunner,
};
use serde_json::{json, Value};

use crate::{
    support::admin::StaffBrowser,
    support::app::{session_body, spawn_app, TestApp},
};

/// How many generated texts each field gets.
const CASES: usize = 24;

/// Texts that have broken servers before, then generated ones.
fn texts() -> Vec<String> {
    let mut texts: Vec<String> = [
        "",
        " ",
        "\0",
        "a\0b",
        "\u{7f}",
        "\r\n",
        "\u{202e}gnp.exe",
        "'; DROP TABLE vendors; --",
        "%00",
        "\\u0000",
        "{\"a\":1}",
        "<script>alert(1)</script>",
        "ü",
        "🙂",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    texts.push("🙂".repeat(300));
    texts.push("a".repeat(1025));
    let strategy = prop_oneof![
        any::<String>(),
        "[\\x00-\\x1f\\x7f]{1,8}",
        "[a-zA-Z0-9 ._-]{0,80}",
        proptest::collection::vec(any::<char>(), 0..200).prop_map(|c| c.into_iter().collect()),
    ];
    let mut runner = TestRunner::deterministic();
    for _ in 0..CASES {
        texts.push(strategy.new_tree(&mut runner).unwrap().current());
    }
    texts
}

/// A refusal: 4xx with a message, never a server fault.
fn assert_answered(status: u16, body: &str, what: &str) {
    assert!(status < 500, "{what}: {status} {body}");
}

#[tokio::test]
async fn every_session_field_takes_any_text_without_a_server_fault() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    for field in [
        "workspaceName",
        "externalId",
        "origin",
        "integrationType",
        "state",
    ] {
        for text in texts() {
            let mut body = session_body("text-fields");
            body[field] = json!(text);
            let response = app.create_session(&vendor.api_key, &body).await;
            let status = response.status().as_u16();
            let answer: Value = response.json().await.unwrap();
            assert_answered(status, &answer.to_string(), &format!("{field} = {text:?}"));
            if status == 200 && field == "state" {
                let token = answer["session_token"].as_str().unwrap();
                let stored = app.stored_session(token).await.unwrap();
                assert_eq!(
                    stored.state.as_deref(),
                    Some(text.as_str()),
                    "stored as sent"
                );
            } else if status != 200 {
                assert!(answer["error"].as_str().is_some_and(|e| !e.is_empty()));
            }
        }
    }
}

#[tokio::test]
async fn a_nul_in_state_is_refused_with_a_clear_error() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut body = session_body("nul");
    body["state"] = json!("csrf\0token");
    let response = app.create_session(&vendor.api_key, &body).await;
    crate::support::app::assert_error(response, 400, "`state` must not contain NUL").await;
}

#[tokio::test]
async fn the_workspace_path_takes_any_text_without_a_server_fault() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    for text in texts() {
        let encoded: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
        let response = app
            .client
            .get(format!("{}/api/vendor/workspaces/{encoded}", app.address))
            .bearer_auth(&vendor.api_key)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert_answered(
            status,
            &response.text().await.unwrap(),
            &format!("{text:?}"),
        );
    }
}

async fn admin_call(browser: &mut StaffBrowser<'_>, endpoint: &str, form: &[(&str, &str)]) {
    let response = browser.call(endpoint, form).await;
    let status = response.status().as_u16();
    assert_answered(
        status,
        &response.text().await.unwrap(),
        &format!("{endpoint} {form:?}"),
    );
}

#[tokio::test]
async fn every_admin_text_field_takes_any_text_without_a_server_fault() {
    let app: TestApp = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut admin = app.signed_in("admin").await;
    let v = vendor.vendor_id.as_str();
    for text in texts() {
        let t = text.as_str();
        admin_call(&mut admin, "vendors/list", &[("search", t), ("page", "1")]).await;
        admin_call(
            &mut admin,
            "vendors/create",
            &[("name", t), ("logo_url", t)],
        )
        .await;
        admin_call(
            &mut admin,
            "vendors/update",
            &[("vendor_id", v), ("name", t), ("logo_url", t)],
        )
        .await;
        admin_call(
            &mut admin,
            "vendors/get",
            &[("vendor_id", t), ("days", "7")],
        )
        .await;
        admin_call(
            &mut admin,
            "origins/add",
            &[("vendor_id", v), ("origin", t)],
        )
        .await;
        admin_call(
            &mut admin,
            "keys/revoke",
            &[("vendor_id", v), ("key_id", t)],
        )
        .await;
        admin_call(
            &mut admin,
            "workspaces/list",
            &[("vendor_id", v), ("search", t), ("page", "1")],
        )
        .await;
        admin_call(
            &mut admin,
            "audit/list",
            &[("actor", t), ("action", t), ("vendor_id", t), ("before", t)],
        )
        .await;
        admin_call(&mut admin, "staff/add", &[("email", t), ("role", t)]).await;
        admin_call(&mut admin, "webhooks/set", &[("vendor_id", v), ("url", t)]).await;
    }
    let page = admin.page("/admin/vendors?search=%00").await;
    assert_eq!(page.status(), 400, "a NUL in a page's query is refused");
}

#[tokio::test]
async fn every_connect_text_field_takes_any_text_without_a_server_fault() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let token = app.whatsapp_session(&vendor, "text-fields").await;
    for text in texts() {
        for (endpoint, body) in [
            (
                "whatsapp/code",
                json!({"session_token": token, "attempt": text, "code": text}),
            ),
            (
                "whatsapp/event",
                json!({"session_token": token, "attempt": "a1", "report": {"Cancelled": {
                "current_step": text, "error_code": text, "error_message": text, "meta_session_id": text}}}),
            ),
            (
                "whatsapp/event",
                json!({"session_token": token, "attempt": "a1", "report": {"Finished": {
                "event": text, "waba_id": text, "phone_number_id": null, "business_id": text}}}),
            ),
            ("whatsapp/pin", json!({"session_token": token, "pin": text})),
            (
                "pages/list",
                json!({"session_token": text, "user_access_token": text}),
            ),
            (
                "session",
                json!({"session_token": text, "flow": "whatsapp"}),
            ),
        ] {
            let response = app.connect_call(endpoint, body).await;
            let status = response.status().as_u16();
            assert_answered(
                status,
                &response.text().await.unwrap(),
                &format!("{endpoint} {text:?}"),
            );
        }
    }
}
