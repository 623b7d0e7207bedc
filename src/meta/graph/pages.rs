//! The calls of Facebook Login for Pages.

use reqwest::Method;
use serde::Deserialize;

use super::{Call, GraphClient, GraphError};

/// Most pages we read for one customer: a bound on paging, far above real accounts.
const MAX_PAGES: usize = 5_000;
const PAGE_SIZE: &str = "100";

/// A page the customer manages, with its page access token (never sent to a browser).
#[derive(Debug, Clone, Deserialize)]
pub struct ManagedPage {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub category: String,
    pub access_token: String,
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

#[derive(Deserialize)]
struct Paging {
    cursors: Option<Cursors>,
    next: Option<String>,
}

#[derive(Deserialize)]
struct Cursors {
    after: Option<String>,
}

fn malformed(call: &str) -> GraphError {
    GraphError::Malformed(format!("{call} answered an unexpected shape"))
}

impl GraphClient {
    /// Exchanges a short-lived user token (from `FB.login`) for a long-lived one.
    pub async fn exchange_user_token(&self, short_lived: &str) -> Result<String, GraphError> {
        let body = self
            .send(Call {
                method: Method::GET,
                path: "oauth/access_token",
                query: &[
                    ("grant_type", "fb_exchange_token"),
                    ("client_id", self.app_id.as_str()),
                    ("client_secret", self.app_secret.expose()),
                    ("fb_exchange_token", short_lived),
                ],
                token: None,
                body: None,
                name: "oauth/access_token (fb_exchange_token)",
            })
            .await?;
        body.get("access_token")
            .and_then(|t| t.as_str())
            .map(str::to_owned)
            .ok_or_else(|| malformed("oauth/access_token"))
    }

    /// Every page the user manages, following the cursors (the `next` URL carries the
    /// token in its query, so it is not followed as given).
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
                .send(Call {
                    method: Method::GET,
                    path: "me/accounts",
                    query: &query,
                    token: Some(user_token),
                    body: None,
                    name: "me/accounts",
                })
                .await?;
            let page: AccountsPage =
                serde_json::from_value(body).map_err(|_| malformed("me/accounts"))?;
            let got = page.data.len();
            pages.extend(page.data);
            let next_cursor = page
                .paging
                .filter(|p| p.next.is_some())
                .and_then(|p| p.cursors)
                .and_then(|c| c.after);
            match next_cursor {
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
        let body = self
            .send(Call {
                method: Method::POST,
                path: &format!("{page_id}/subscribed_apps"),
                query: &[("subscribed_fields", "messages,messaging_postbacks")],
                token: Some(page_token),
                body: None,
                name: "subscribed_apps (page)",
            })
            .await?;
        match body.get("success").and_then(|s| s.as_bool()) {
            Some(true) => Ok(()),
            _ => Err(malformed("subscribed_apps (page)")),
        }
    }
}
