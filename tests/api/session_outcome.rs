//! `GET /api/vendor/sessions/{id}`: a vendor's server reads where its session stands
//! and, once completed, the very message the connect page posted (for products with no
//! window to post to). Its own vendor and mode only; never a token.

use serde_json::{json, Value};

use crate::support::{
    app::{session_body, spawn_app, TestApp},
    connect::{connected_result, PHONE, WABA},
    pages::DANA,
};

/// A new session of `key` for `body`: its token and its id.
async fn created(app: &TestApp, key: &str, body: &Value) -> (String, String) {
    let response = app.create_session(key, body).await;
    assert_eq!(response.status(), 200);
    let answer: Value = response.json().await.unwrap();
    let id = answer["session_id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("ses_"), "{answer}");
    (answer["session_token"].as_str().unwrap().to_owned(), id)
}

/// The session as its vendor reads it: status code and body (checked for tokens).
async fn read(app: &TestApp, key: &str, id: &str) -> (u16, Value) {
    let response = app
        .client
        .get(format!("{}/api/vendor/sessions/{id}", app.address))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert!(!text.contains("EAA"), "a Meta token in {text}");
    (status, serde_json::from_str(&text).unwrap())
}

#[tokio::test]
async fn a_whatsapp_session_reads_created_opened_then_its_posted_result() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let (token, id) = created(&app, &vendor.api_key, &session_body("shop-1")).await;

    let (status, session) = read(&app, &vendor.api_key, &id).await;
    assert_eq!(status, 200);
    assert_eq!(session["status"], "created");
    assert_eq!(session["session_id"], id.as_str());
    assert_eq!(
        (&session["integrationType"], &session["externalId"]),
        (&json!("whatsapp"), &json!("shop-1"))
    );
    assert_eq!(
        (&session["opened_at"], &session["result"]),
        (&Value::Null, &Value::Null)
    );
    assert!(!session.to_string().contains(&token), "never the token");

    app.whatsapp_page(&token).await;
    let (_, session) = read(&app, &vendor.api_key, &id).await;
    assert_eq!(session["status"], "opened");
    assert!(session["opened_at"].is_string());

    let connected = connected_result(app.connect_whatsapp(&token).await).await;
    let (_, session) = read(&app, &vendor.api_key, &id).await;
    assert_eq!(session["status"], "completed");
    assert!(session["completed_at"].is_string());
    // Exactly what the page posted to the vendor's window.
    assert_eq!(
        session["result"],
        json!({
            "type": "whatsportal:connect:success",
            "account_id": connected["account_id"],
            "waba_id": WABA,
            "phone_number_id": PHONE,
            "livemode": true,
            "state": session_body("shop-1")["state"],
        })
    );
    assert_eq!(session["account_id"], connected["account_id"]);
}

#[tokio::test]
async fn a_pages_session_reads_its_pages_and_an_unused_one_expires() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let mut body = session_body("shop-2");
    body["integrationType"] = json!("meta_page");
    let (token, id) = created(&app, &vendor.api_key, &body).await;
    let pages = app.listed_pages(&token, DANA).await;
    let first = pages[0]["id"].as_str().unwrap();
    assert_eq!(app.connect_pages(&token, &[first]).await.status(), 200);
    let (_, session) = read(&app, &vendor.api_key, &id).await;
    assert_eq!(session["status"], "completed");
    assert_eq!(session["result"]["type"], "whatsportal:connect:success");
    assert_eq!(session["result"]["pages"][0]["id"], first);
    assert_eq!(session["result"]["pages"].as_array().unwrap().len(), 1);

    let (unused, unused_id) = created(&app, &vendor.api_key, &session_body("shop-3")).await;
    app.expire_session(&unused).await;
    let (_, session) = read(&app, &vendor.api_key, &unused_id).await;
    assert_eq!(
        (&session["status"], &session["result"]),
        (&json!("expired"), &Value::Null)
    );
}

#[tokio::test]
async fn only_the_sessions_vendor_and_mode_read_it() {
    let app = spawn_app().await;
    let vendor = app.seed_vendor().await;
    let other = app.seed_vendor().await;
    let (_, id) = created(&app, &vendor.api_key, &session_body("shop-4")).await;
    let test = app.test_key(&vendor.vendor_id).await;
    for key in [other.api_key.as_str(), test.as_str()] {
        let (status, body) = read(&app, key, &id).await;
        assert_eq!(status, 404, "{body}");
        assert!(body["error"].is_string());
    }
    for malformed in ["ses_", "nope", &"a".repeat(70), "ses_%27%20OR%201%3D1"] {
        assert_eq!(read(&app, &vendor.api_key, malformed).await.0, 404);
    }
    let unauthenticated = app
        .client
        .get(format!("{}/api/vendor/sessions/{id}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);
}
