//! Driving the Facebook Pages flow over HTTP as the browser does.

use serde_json::{json, Value};

use crate::support::app::{session_body, SeededVendor, TestApp};

/// Simulated Facebook users: three pages (one without MESSAGING), none, 300.
pub const DANA: &str = "810000000000001";
pub const SAM: &str = "810000000000002";
pub const MAX: &str = "810000000000003";

impl TestApp {
    pub async fn pages_session(&self, vendor: &SeededVendor, external_id: &str) -> String {
        let mut body = session_body(external_id);
        body["integrationType"] = json!("meta_page");
        let response = self.create_session(&vendor.api_key, &body).await;
        assert_eq!(response.status(), 200);
        let created: Value = response.json().await.unwrap();
        created["session_token"].as_str().unwrap().to_owned()
    }

    /// What the simulated Facebook Login does when the customer continues.
    pub async fn log_in_to_facebook(&self, user_id: &str) -> String {
        let response = self
            .client
            .post(format!("{}/meta-sim/dialog/authorize", self.address))
            .json(&json!({ "app_id": whatsportal::simulator::APP_ID, "user_id": user_id }))
            .send()
            .await
            .unwrap();
        let grant: Value = response.json().await.unwrap();
        grant["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn list_pages(&self, token: &str, user_token: &str) -> reqwest::Response {
        let body = json!({ "session_token": token, "user_access_token": user_token });
        self.connect_call("pages/list", body).await
    }

    pub async fn connect_pages(&self, token: &str, page_ids: &[&str]) -> reqwest::Response {
        let body = json!({ "session_token": token, "page_ids": page_ids });
        self.connect_call("pages/complete", body).await
    }

    /// Logs in as `user`, lists the pages; returns them, checking no token is in the body.
    pub async fn listed_pages(&self, token: &str, user: &str) -> Vec<Value> {
        let user_token = self.log_in_to_facebook(user).await;
        let response = self.list_pages(token, &user_token).await;
        assert_eq!(response.status(), 200);
        let text = response.text().await.unwrap();
        assert_no_tokens(&text);
        serde_json::from_str::<Vec<Value>>(&text).unwrap()
    }
}

/// Meta's tokens start with EAA; none may reach the browser.
pub fn assert_no_tokens(body: &str) {
    assert!(
        !body.contains("EAA"),
        "a Meta token reached the browser: {body}"
    );
    assert!(!body.contains("access_token"), "{body}");
}
