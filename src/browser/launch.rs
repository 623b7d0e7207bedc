//! How the connect pages start Meta's SDK and dialogs: the one place these options are
//! written (docs/meta.md, "Embedded Signup in the browser").
//!
//! - `FB.init({appId, autoLogAppEvents: true, xfbml: true, version})`.
//! - Embedded Signup (v4, from the Facebook Login for Business configuration):
//!   `FB.login(cb, {config_id, response_type: 'code', override_default_response_type:
//!   true, extras: {setup: {}, version: 'v4'}})`. Meta's page shows `extras: {setup:
//!   {}}`; Meta's own builder adds `version: 'v4'`. The v2-era `sessionInfoVersion` is
//!   never sent: Embedded Signup v2 was retired on 2026-10-15. A WhatsApp Business app
//!   number that keeps the app: `extras: {setup: {}, featureType:
//!   'whatsapp_business_app_onboarding', version: 'v4'}`; a signup that shares only the
//!   account (the number is added on our page): `featureType: 'only_waba_sharing'`.
//! - Facebook Pages: `FB.login(cb, {config_id})` when a Facebook Login for Business
//!   configuration is set (`META_PAGES_CONFIG_ID`), else `FB.login(cb, {scope})` with
//!   the Pages permissions.

use crate::wire::{JsonObject, ToJson};

use crate::model::connect::PAGES_SCOPES;

/// `FB.init`'s options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitOptions<'a> {
    pub app_id: &'a str,
    pub auto_log_app_events: bool,
    pub xfbml: bool,
    pub version: &'a str,
}

impl<'a> InitOptions<'a> {
    pub fn new(app_id: &'a str, version: &'a str) -> Self {
        Self {
            app_id,
            auto_log_app_events: true,
            xfbml: true,
            version,
        }
    }
}

/// `extras`: an empty `setup`, as Meta's page shows it, the version, and for a WhatsApp
/// Business app number that keeps the app, its `featureType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extras {
    pub feature_type: Option<&'static str>,
    pub version: &'static str,
}

/// `featureType` of a WhatsApp Business app onboarding (coexistence).
pub const BUSINESS_APP_FEATURE: &str = "whatsapp_business_app_onboarding";
/// `featureType` of a signup that shares only the account (no phone screens).
pub const ONLY_ACCOUNT_FEATURE: &str = "only_waba_sharing";

/// `FB.login`'s options for Embedded Signup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedSignupOptions<'a> {
    pub config_id: &'a str,
    /// `extras.setup` as JSON (the server wrote it): pre-filled data; `{}` without.
    pub setup: Option<&'a str>,
    pub response_type: &'static str,
    pub override_default_response_type: bool,
    pub extras: Extras,
}

impl<'a> EmbeddedSignupOptions<'a> {
    /// The plain signup.
    pub fn new(config_id: &'a str) -> Self {
        Self {
            config_id,
            setup: None,
            response_type: "code",
            override_default_response_type: true,
            extras: Extras {
                feature_type: None,
                version: "v4",
            },
        }
    }

    /// With Meta's pre-filled data (`extras.setup`), when the session has some.
    pub fn with_setup(mut self, setup: Option<&'a str>) -> Self {
        self.setup = setup;
        self
    }

    /// The signup that shares only the account: the number is added on our page.
    pub fn only_account(config_id: &'a str) -> Self {
        let mut options = Self::new(config_id);
        options.extras.feature_type = Some(ONLY_ACCOUNT_FEATURE);
        options
    }

    /// The signup of a WhatsApp Business app number that keeps the app.
    pub fn business_app(config_id: &'a str) -> Self {
        let mut options = Self::new(config_id);
        options.extras.feature_type = Some(BUSINESS_APP_FEATURE);
        options
    }
}

/// `FB.login`'s options for Facebook Pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PagesLoginOptions<'a> {
    /// Facebook Login for Business, with its configuration.
    Configuration { config_id: &'a str },
    /// Classic Facebook Login with the Pages permissions.
    Scope { scope: &'static str },
}

impl<'a> PagesLoginOptions<'a> {
    /// With a configuration when one is set, else with `scope`.
    pub fn new(config_id: Option<&'a str>) -> Self {
        match config_id.filter(|c| !c.is_empty()) {
            Some(config_id) => Self::Configuration { config_id },
            None => Self::Scope {
                scope: PAGES_SCOPES,
            },
        }
    }
}

impl ToJson for InitOptions<'_> {
    fn to_json(&self) -> String {
        JsonObject::new()
            .text("appId", self.app_id)
            .boolean("autoLogAppEvents", self.auto_log_app_events)
            .boolean("xfbml", self.xfbml)
            .text("version", self.version)
            .finish()
    }
}

impl ToJson for EmbeddedSignupOptions<'_> {
    fn to_json(&self) -> String {
        let extras = JsonObject::new().raw("setup", self.setup.unwrap_or("{}"));
        let extras = match self.extras.feature_type {
            Some(feature) => extras.text("featureType", feature),
            None => extras,
        };
        let extras = extras.text("version", self.extras.version).finish();
        JsonObject::new()
            .text("config_id", self.config_id)
            .text("response_type", self.response_type)
            .boolean(
                "override_default_response_type",
                self.override_default_response_type,
            )
            .raw("extras", &extras)
            .finish()
    }
}

impl ToJson for PagesLoginOptions<'_> {
    fn to_json(&self) -> String {
        match self {
            Self::Configuration { config_id } => JsonObject::new().text("config_id", config_id),
            Self::Scope { scope } => JsonObject::new().text("scope", scope),
        }
        .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_signup_launches_v4_as_meta_documents_it() {
        let json = EmbeddedSignupOptions::new("123").to_json();
        assert_eq!(
            json,
            r#"{"config_id":"123","response_type":"code","override_default_response_type":true,"extras":{"setup":{},"version":"v4"}}"#
        );
        assert!(!json.contains("sessionInfoVersion"));
        let setup = r#"{"business":{"name":"Harbour"}}"#;
        assert_eq!(
            EmbeddedSignupOptions::new("123")
                .with_setup(Some(setup))
                .to_json(),
            r#"{"config_id":"123","response_type":"code","override_default_response_type":true,"extras":{"setup":{"business":{"name":"Harbour"}},"version":"v4"}}"#
        );
        assert_eq!(
            EmbeddedSignupOptions::business_app("123").to_json(),
            r#"{"config_id":"123","response_type":"code","override_default_response_type":true,"extras":{"setup":{},"featureType":"whatsapp_business_app_onboarding","version":"v4"}}"#
        );
        assert_eq!(
            EmbeddedSignupOptions::only_account("123").to_json(),
            r#"{"config_id":"123","response_type":"code","override_default_response_type":true,"extras":{"setup":{},"featureType":"only_waba_sharing","version":"v4"}}"#
        );
    }

    #[test]
    fn init_and_pages_options() {
        assert_eq!(
            InitOptions::new("1", "v23.0").to_json(),
            r#"{"appId":"1","autoLogAppEvents":true,"xfbml":true,"version":"v23.0"}"#
        );
        assert_eq!(
            PagesLoginOptions::new(Some("9")).to_json(),
            r#"{"config_id":"9"}"#
        );
        let scoped = PagesLoginOptions::new(Some("")).to_json();
        assert!(
            scoped.starts_with(r#"{"scope":"pages_show_list"#),
            "{scoped}"
        );
    }
}
