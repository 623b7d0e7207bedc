//! The calls of Facebook Login for Pages.

use serde::Deserialize;

use super::{
    answers::{expect_success, Paging},
    Call, GraphClient, GraphError,
};

/// Most pages we read for one customer: a bound on paging, far above real accounts.
const MAX_PAGES: usize = 5_000;
const PAGE_SIZE: &str = "100";

/// A page the customer manages, with its page access token (never sent to a browser).
/// Meta may list a Page without a token: it cannot be connected.
#[derive(Debug, Clone, Deserialize)]
pub struct ManagedPage {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub access_token: Option<String>,
    #[serde(default)]
    pub tasks: Vec<String>,
}

impl ManagedPage {
    /// Whether the customer may let the app message for this page.
    pub fn can_message(&self) -> bool {
        self.tasks.iter().any(|t| t == "MESSAGING")
    }
}

#[derive(Deserialize)]
struct AccountsPage {
    data: Vec<ManagedPage>,
    #[serde(default)]
    paging: Option<Paging>,
}

/// The `access_token` of an `oauth/access_token` answer.
fn access_token(body: &serde_json::Value) -> Result<String, GraphError> {
    body.get("access_token")
        .and_then(|t| t.as_str())
        .map(str::to_owned)
        .ok_or_else(|| malformed("oauth/access_token"))
}

fn malformed(call: &str) -> GraphError {
    GraphError::Malformed(format!("{call} answered an unexpected shape"))
}

impl GraphClient {
    /// Exchanges a short-lived user token (from `FB.login`) for a long-lived one.
    pub async fn exchange_user_token(&self, short_lived: &str) -> Result<String, GraphError> {
        let query = [
            ("grant_type", "fb_exchange_token"),
            ("client_id", self.app_id.as_str()),
            ("client_secret", self.app_secret.expose()),
            ("fb_exchange_token", short_lived),
        ];
        let body = self
            .send(Call::get(
                "oauth/access_token (fb_exchange_token)",
                "oauth/access_token",
                &query,
            ))
            .await?;
        access_token(&body)
    }

    /// The short-lived user token for the code of a full-page login dialog; Meta wants
    /// the dialog's `redirect_uri` again, character for character.
    pub async fn exchange_login_code(
        &self,
        code: &str,
        redirect_uri: &str,
    ) -> Result<String, GraphError> {
        let query = [
            ("client_id", self.app_id.as_str()),
            ("client_secret", self.app_secret.expose()),
            ("redirect_uri", redirect_uri),
            ("code", code),
        ];
        let body = self
            .send(
                Call::get(
                    "oauth/access_token (dialog code)",
                    "oauth/access_token",
                    &query,
                )
                .spending_a_code(),
            )
            .await?;
        access_token(&body)
    }

    /// Every page the user manages, following the cursors.
    pub async fn list_managed_pages(
        &self,
        user_token: &str,
    ) -> Result<Vec<ManagedPage>, GraphError> {
        let mut pages = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut query = vec![
                ("fields", "id,name,category,access_token,tasks"),
                ("limit", PAGE_SIZE),
            ];
            if let Some(cursor) = after.as_deref() {
                query.push(("after", cursor));
            }
            let body = self
                .send(Call::get("me/accounts", "me/accounts", &query).with_token(user_token))
                .await?;
            let page: AccountsPage =
                serde_json::from_value(body).map_err(|_| malformed("me/accounts"))?;
            let got = page.data.len();
            pages.extend(page.data);
            match page.paging.and_then(Paging::next_cursor) {
                Some(cursor) if got > 0 && pages.len() < MAX_PAGES => after = Some(cursor),
                _ => return Ok(pages),
            }
        }
    }

    /// Subscribes a page to the app's webhooks (messages and postbacks).
    pub async fn subscribe_app_to_page(
        &self,
        page_id: &str,
        page_token: &str,
    ) -> Result<(), GraphError> {
        let path = format!("{page_id}/subscribed_apps");
        let query = [("subscribed_fields", "messages,messaging_postbacks")];
        let body = self
            .send(Call::post("subscribed_apps (page)", &path, &query).with_token(page_token))
            .await?;
        expect_success(&body, "subscribed_apps (page)")
    }
}
