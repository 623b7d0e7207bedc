//! Driving the WhatsApp flow over HTTP as the browser does: the simulator's dialog
//! grants a code, and the page's server function completes with it.

use serde_json::{json, Value};

use crate::support::app::{session_body, SeededVendor, TestApp};

/// A WABA of the simulator with a phone number, and one without.
pub const WABA: &str = "920000000000001";
pub const PHONE: &str = "930000000000001";
pub const BUSINESS: &str = "910000000000001";

impl TestApp {
    /// A new WhatsApp session for `external_id`; returns its token.
    pub async fn whatsapp_session(&self, vendor: &SeededVendor, external_id: &str) -> String {
        let response = self
            .create_session(&vendor.api_key, &session_body(external_id))
            .await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        body["session_token"].as_str().unwrap().to_owned()
    }

    /// What the simulated consent dialog does when the customer approves: a fresh code.
    pub async fn approve_in_dialog(&self, waba_id: &str) -> String {
        self.approve_in_dialog_of(None, waba_id).await
    }

    /// The same, from the connect page of `session_token` (as the simulated SDK sends it:
    /// a production server's dialog serves open test sessions only).
    pub async fn approve_in_dialog_of(&self, session_token: Option<&str>, waba_id: &str) -> String {
        let app_id = whatsportal::simulator::APP_ID;
        let response = self
            .client
            .post(format!("{}/meta-sim/dialog/authorize", self.address))
            .json(&json!({ "app_id": app_id, "waba_id": waba_id, "session_token": session_token }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let grant: Value = response.json().await.unwrap();
        grant["code"].as_str().unwrap().to_owned()
    }

    /// Sends `FB.login`'s code of run `attempt` of Meta's dialog, as the page does.
    pub async fn whatsapp_code(&self, token: &str, attempt: &str, code: &str) -> reqwest::Response {
        self.connect_call(
            "whatsapp/code",
            json!({ "session_token": token, "attempt": attempt, "code": code }),
        )
        .await
    }

    /// Relays a signup event of run `attempt` of Meta's dialog, as the page does.
    pub async fn whatsapp_event(
        &self,
        token: &str,
        attempt: &str,
        report: Value,
    ) -> reqwest::Response {
        self.connect_call(
            "whatsapp/event",
            json!({ "session_token": token, "attempt": attempt, "report": report }),
        )
        .await
    }

    /// Sends the customer's PIN as the page does.
    pub async fn whatsapp_pin(&self, token: &str, pin: &str) -> reqwest::Response {
        self.connect_call(
            "whatsapp/pin",
            json!({ "session_token": token, "pin": pin }),
        )
        .await
    }

    /// Asks the server to go on from the step that failed.
    pub async fn whatsapp_retry(&self, token: &str) -> reqwest::Response {
        self.connect_call("whatsapp/retry", json!({ "session_token": token }))
            .await
    }

    /// One of the connect pages' server functions, called from the session's page (opened
    /// first, as the customer's browser has it open).
    pub async fn connect_call(&self, endpoint: &str, body: Value) -> reqwest::Response {
        if let Some(session) = body["session_token"].as_str() {
            let page = match endpoint.starts_with("pages/") {
                true => "/vendor/connect/meta-page",
                false => "/vendor/connect/whatsapp",
            };
            self.open_once(session, page).await;
        }
        self.client
            .post(format!("{}/api/connect/{endpoint}", self.address))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// What the page does with Meta's answers: the code, then the event; answers the
    /// event's response, or the code's when that one already ended the signup (it was
    /// refused, or the server had the event from an earlier attempt).
    pub async fn complete_whatsapp(
        &self,
        token: &str,
        code: &str,
        waba_id: &str,
        phone: Option<&str>,
    ) -> reqwest::Response {
        // A run of Meta's dialog of its own.
        let attempt = whatsportal::db::new_id("run");
        let exchanged = self.whatsapp_code(token, &attempt, code).await;
        let status = exchanged.status();
        let body = exchanged.text().await.unwrap();
        if status != 200 || body != r#""AwaitingEvent""# {
            let answer = axum::http::Response::builder()
                .status(status)
                .body(body)
                .unwrap();
            return reqwest::Response::from(answer);
        }
        self.whatsapp_event(token, &attempt, finish(waba_id, phone))
            .await
    }

    /// Approves in the dialog and completes, the happy path.
    pub async fn connect_whatsapp(&self, token: &str) -> reqwest::Response {
        let code = self.approve_in_dialog_of(Some(token), WABA).await;
        self.complete_whatsapp(token, &code, WABA, Some(PHONE))
            .await
    }

    /// The happy path's result (the contract's fields), asserting it succeeded.
    pub async fn connected(&self, token: &str) -> Value {
        connected_result(self.connect_whatsapp(token).await).await
    }

    /// Injects a fault into the simulator.
    pub async fn inject_fault(&self, fault: Value) {
        let response = self
            .client
            .post(format!("{}/meta-sim/faults", self.address))
            .json(&fault)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }

    /// The connect page for a token.
    pub async fn whatsapp_page(&self, token: &str) -> reqwest::Response {
        self.client
            .get(format!(
                "{}/vendor/connect/whatsapp?session_token={token}",
                self.address
            ))
            .send()
            .await
            .unwrap()
    }

    /// The session as the WhatsApp page of `token` gives it to its flow (the page's
    /// `data-flow` JSON).
    pub async fn flow_session(&self, token: &str) -> Value {
        let page = self.whatsapp_page(token).await.text().await.unwrap();
        let start = page
            .find("data-flow=\"")
            .expect("the page carries its flow's data")
            + 11;
        let end = start + page[start..].find('"').unwrap();
        let data = page[start..end]
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        let flow: Value = serde_json::from_str(&data).unwrap();
        flow["session"].clone()
    }

    /// Moves a session's expiry into the past.
    pub async fn expire_session(&self, token: &str) {
        sqlx::query("UPDATE connect_sessions SET expires_at = 1 WHERE token_hash = $1")
            .bind(stored_hash(token))
            .execute(self.db.writer())
            .await
            .unwrap();
    }
}

/// How a session token is stored (its hash).
pub fn stored_hash(token: &str) -> String {
    whatsportal::domain::SessionToken::parse(token)
        .unwrap()
        .hash()
        .as_str()
        .to_owned()
}

/// A `FINISH` event's report; `FINISH_ONLY_WABA` without a number.
pub fn finish(waba_id: &str, phone: Option<&str>) -> Value {
    json!({ "Finished": {
        "event": if phone.is_some() { "FINISH" } else { "FINISH_ONLY_WABA" },
        "waba_id": waba_id,
        "phone_number_id": phone,
        "business_id": BUSINESS,
    }})
}

/// The contract's result from a response that must say `Connected`.
pub async fn connected_result(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body["Connected"].clone()
}

/// The step a successful response names (`AwaitingEvent`, `NeedsPin`, ...).
pub async fn step_of(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

/// Asserts a completion's status and typed error.
pub async fn assert_connect_error(response: reqwest::Response, status: u16, error: &str) {
    assert_eq!(response.status().as_u16(), status);
    let body = response.text().await.unwrap();
    assert!(body.contains(error), "{body} is not {error}");
}
