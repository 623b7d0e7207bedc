//! The one call a WhatsApp Business app onboarding (coexistence) adds: asking Meta,
//! once per kind, to send the app's contacts or its chat history (docs/meta.md,
//! "Onboarding variants"). Never retried: Meta takes each request once.

use serde_json::json;

use super::{Call, GraphClient, GraphError};

impl GraphClient {
    /// `POST {phone_number_id}/smb_app_data` with `sync_type` `smb_app_state_sync`
    /// (contacts) or `history`. Returns Meta's `request_id`, when it names one.
    pub async fn request_app_data_sync(
        &self,
        phone_number_id: &str,
        token: &str,
        sync_type: &str,
    ) -> Result<Option<String>, GraphError> {
        let path = format!("{phone_number_id}/smb_app_data");
        let call = Call::post("smb_app_data", &path, &[])
            .with_token(token)
            .with_body(json!({ "messaging_product": "whatsapp", "sync_type": sync_type }))
            .once();
        let body = self.send(call).await?;
        Ok(body
            .get("request_id")
            .and_then(|id| id.as_str())
            .filter(|id| !id.is_empty() && id.len() <= 128)
            .map(str::to_owned))
    }
}
