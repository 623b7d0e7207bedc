//! What the simulator checks of `FB.login`'s options, and keeps for tests to read: the
//! Embedded Signup signature Meta runs in 2026 (v4 from the configuration, `extras` with
//! `setup`), never the retired v2 one (`sessionInfoVersion`).

use std::{collections::VecDeque, sync::Mutex};

use serde_json::Value;

/// How many logins are kept for `GET /meta-sim/logins`.
const KEPT: usize = 50;

/// Why an Embedded Signup launch is refused, in the dialog's words.
pub fn embedded_signup_problem(options: &Value) -> Option<&'static str> {
    let extras = options.get("extras");
    if extras.and_then(|e| e.get("sessionInfoVersion")).is_some() {
        return Some("Embedded Signup v2 (sessionInfoVersion) was retired on 2026-10-15.");
    }
    if options.get("response_type").and_then(Value::as_str) != Some("code")
        || options
            .get("override_default_response_type")
            .and_then(Value::as_bool)
            != Some(true)
    {
        return Some(
            "Embedded Signup needs response_type 'code' and override_default_response_type.",
        );
    }
    if !extras
        .and_then(|e| e.get("setup"))
        .is_some_and(Value::is_object)
    {
        return Some("Embedded Signup v4 needs extras.setup.");
    }
    None
}

/// Whether the launch asks for a WhatsApp Business app onboarding (coexistence).
pub fn is_business_app_onboarding(options: &Value) -> bool {
    options
        .pointer("/extras/featureType")
        .and_then(Value::as_str)
        == Some("whatsapp_business_app_onboarding")
}

/// Whether the launch shares only the account (`only_waba_sharing`): the dialog has no
/// phone screens, and finishes with `FINISH_ONLY_WABA`.
pub fn is_only_account(options: &Value) -> bool {
    options
        .pointer("/extras/featureType")
        .and_then(Value::as_str)
        == Some("only_waba_sharing")
}

/// The most recent logins' options, newest last.
#[derive(Default)]
pub struct Logins(Mutex<VecDeque<Value>>);

impl Logins {
    pub fn keep(&self, options: Value) {
        let mut kept = self.0.lock().expect("simulator lock");
        if kept.len() == KEPT {
            kept.pop_front();
        }
        kept.push_back(options);
    }

    pub fn all(&self) -> Vec<Value> {
        self.0
            .lock()
            .expect("simulator lock")
            .iter()
            .cloned()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_v4_signature_passes() {
        let v4 = json!({"config_id": "1", "response_type": "code", "override_default_response_type": true,
            "extras": {"setup": {}, "version": "v4"}});
        assert_eq!(embedded_signup_problem(&v4), None);
        let v2 = json!({"config_id": "1", "response_type": "code", "override_default_response_type": true,
            "extras": {"sessionInfoVersion": "3"}});
        assert!(embedded_signup_problem(&v2).unwrap().contains("retired"));
        let token = json!({"config_id": "1", "extras": {"setup": {}}});
        assert!(embedded_signup_problem(&token).is_some());
        let only = json!({"extras": {"setup": {}, "featureType": "only_waba_sharing"}});
        assert!(is_only_account(&only) && !is_business_app_onboarding(&only));
        assert!(!is_only_account(&v4));
    }

    #[test]
    fn keeps_a_bounded_number_of_logins() {
        let logins = Logins::default();
        for n in 0..(KEPT + 5) {
            logins.keep(json!(n));
        }
        let all = logins.all();
        assert_eq!(all.len(), KEPT);
        assert_eq!(all[0], json!(5));
    }
}
