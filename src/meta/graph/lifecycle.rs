//! Calls made after the connect: who a Facebook login is (for Meta's Deauthorize and
//! Data Deletion callbacks) and ending the app's subscription when a vendor
//! disconnects.

use super::{answers::expect_success, Call, GraphClient, GraphError};

impl GraphClient {
    /// The app-scoped id of the user a token belongs to (`GET me?fields=id`).
    pub async fn user_id(&self, user_token: &str) -> Result<String, GraphError> {
        let query = [("fields", "id")];
        let body = self
            .send(Call::get("me", "me", &query).with_token(user_token))
            .await?;
        match body.get("id") {
            Some(serde_json::Value::String(id)) if !id.is_empty() => Ok(id.clone()),
            _ => Err(GraphError::Malformed("me answered without `id`".into())),
        }
    }

    /// Ends the app's subscription to a WABA's or a page's webhooks
    /// (`DELETE {node}/subscribed_apps`), with the business or page token.
    pub async fn unsubscribe_app(&self, node_id: &str, token: &str) -> Result<(), GraphError> {
        let path = format!("{node_id}/subscribed_apps");
        let body = self
            .send(Call::delete("subscribed_apps (delete)", &path).with_token(token))
            .await?;
        expect_success(&body, "subscribed_apps (delete)")
    }
}
