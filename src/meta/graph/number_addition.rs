//! Adding a number to a WABA shared without one, as Meta's "bypass phone addition"
//! describes it (docs/meta.md, "Onboarding variants"): `POST {waba_id}/phone_numbers`
//! with `cc`, `phone_number` and `verified_name`, then `request_code` and `verify_code`
//! on the new number's id; its registration follows as for any number. Each sends the
//! customer a code or spends one, so none is retried by itself.

use serde_json::{json, Value};

use super::{answers::expect_success, Call, GraphClient, GraphError};
use crate::domain::{CodeMethod, NewNumber, VerificationCode};

impl GraphClient {
    /// Adds the number to the WABA; returns Meta's id for it.
    pub async fn add_phone_number(
        &self,
        waba_id: &str,
        token: &str,
        number: &NewNumber,
    ) -> Result<String, GraphError> {
        let path = format!("{waba_id}/phone_numbers");
        let call = Call::post("phone_numbers (add)", &path, &[])
            .with_token(token)
            .with_body(json!({
                "cc": number.country_code(),
                "phone_number": number.number(),
                "verified_name": number.display_name(),
            }))
            .once();
        let body = self.send(call).await?;
        body.get("id")
            .and_then(Value::as_str)
            .filter(|id| crate::domain::MetaId::parse("id", id).is_ok())
            .map(str::to_owned)
            .ok_or_else(|| GraphError::Malformed("phone_numbers did not answer an id".into()))
    }

    /// Asks Meta to send the number its code, by text message or call, in `language`
    /// (a two-letter language code).
    pub async fn request_code(
        &self,
        phone_number_id: &str,
        token: &str,
        method: CodeMethod,
        language: &str,
    ) -> Result<(), GraphError> {
        let path = format!("{phone_number_id}/request_code");
        let call = Call::post("request_code", &path, &[])
            .with_token(token)
            .with_body(json!({ "code_method": method.as_str(), "language": language }))
            .once();
        let body = self.send(call).await?;
        expect_success(&body, "request_code")
    }

    /// Gives Meta the code the customer received.
    pub async fn verify_code(
        &self,
        phone_number_id: &str,
        token: &str,
        code: &VerificationCode,
    ) -> Result<(), GraphError> {
        let path = format!("{phone_number_id}/verify_code");
        let call = Call::post("verify_code", &path, &[])
            .with_token(token)
            .with_body(json!({ "code": code.expose() }))
            .once();
        let body = self.send(call).await?;
        expect_success(&body, "verify_code")
    }
}
