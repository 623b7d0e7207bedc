//! Driving the WhatsApp flow over HTTP as the browser does: the simulator's dialog
//! grants a code, and the page's server function completes with it.

use serde_json::{json, Value};

use crate::helpers::{session_body, SeededVendor, TestApp};

/// A WABA of the simulator with a phone number, and one without.
pub const WABA: &str = "920000000000001";
pub const PHONE: &str = "930000000000001";
pub const BUSINESS: &str = "910000000000001";
pub const WABA_WITHOUT_PHONE: &str = "920000000000003";

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
        let response = self
            .client
            .post(format!("{}/meta-sim/dialog/authorize", self.address))
            .json(&json!({ "app_id": whatsportal::meta::simulator::APP_ID, "waba_id": waba_id }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let grant: Value = response.json().await.unwrap();
        grant["code"].as_str().unwrap().to_owned()
    }

    /// Calls the completion server function as the page does.
    pub async fn complete_whatsapp(
        &self,
        token: &str,
        code: &str,
        waba_id: &str,
        phone: Option<&str>,
    ) -> reqwest::Response {
        self.client
            .post(format!("{}/api/connect/whatsapp/complete", self.address))
            .json(&json!({
                "session_token": token,
                "signup": { "code": code, "waba_id": waba_id, "phone_number_id": phone, "business_id": BUSINESS },
            }))
            .send()
            .await
            .unwrap()
    }

    /// Approves in the dialog and completes, the happy path.
    pub async fn connect_whatsapp(&self, token: &str) -> reqwest::Response {
        let code = self.approve_in_dialog(WABA).await;
        self.complete_whatsapp(token, &code, WABA, Some(PHONE))
            .await
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

    /// Moves a session's expiry into the past.
    pub async fn expire_session(&self, token: &str) {
        let hash = whatsportal::domain::SessionToken::parse(token)
            .unwrap()
            .hash();
        sqlx::query("UPDATE connect_sessions SET expires_at = 1 WHERE token_hash = $1")
            .bind(hash.as_str())
            .execute(self.db.writer())
            .await
            .unwrap();
    }
}

/// Asserts a completion's status and typed error.
pub async fn assert_connect_error(response: reqwest::Response, status: u16, error: &str) {
    assert_eq!(response.status().as_u16(), status);
    let body = response.text().await.unwrap();
    assert!(body.contains(error), "{body} is not {error}");
}
