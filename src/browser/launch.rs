//! How the connect pages start Meta's SDK and dialogs: the one place these options are
//! written (META.md, "Embedded Signup launch"; the README lists them too).
//!
//! - `FB.init({appId, autoLogAppEvents: true, xfbml: true, version})`.
//! - Embedded Signup (v4, from the Facebook Login for Business configuration):
//!   `FB.login(cb, {config_id, response_type: 'code', override_default_response_type:
//!   true, extras: {setup: {}, version: 'v4'}})`. Meta's page shows `extras: {setup:
//!   {}}`; Meta's own builder adds `version: 'v4'`. The v2-era `sessionInfoVersion` is
//!   never sent: Embedded Signup v2 was retired on 2026-10-15.
//! - Facebook Pages: `FB.login(cb, {config_id})` when a Facebook Login for Business
//!   configuration is set (`META_PAGES_CONFIG_ID`), else `FB.login(cb, {scope})` with
//!   the Pages permissions.

use serde::Serialize;

/// The permissions the Facebook Pages flow asks for when it logs in with `scope`.
pub const PAGES_SCOPES: &str =
    "pages_show_list,pages_manage_metadata,pages_messaging,business_management";

/// `FB.init`'s options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
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

/// `extras.setup`: empty, as Meta's page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Setup {}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Extras {
    pub setup: Setup,
    pub version: &'static str,
}

/// `FB.login`'s options for Embedded Signup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmbeddedSignupOptions<'a> {
    pub config_id: &'a str,
    pub response_type: &'static str,
    pub override_default_response_type: bool,
    pub extras: Extras,
}

impl<'a> EmbeddedSignupOptions<'a> {
    pub fn new(config_id: &'a str) -> Self {
        Self {
            config_id,
            response_type: "code",
            override_default_response_type: true,
            extras: Extras {
                setup: Setup {},
                version: "v4",
            },
        }
    }
}

/// `FB.login`'s options for Facebook Pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
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

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn embedded_signup_launches_v4_as_meta_documents_it() {
        let json = serde_json::to_string(&EmbeddedSignupOptions::new("123")).unwrap();
        assert_eq!(
            json,
            r#"{"config_id":"123","response_type":"code","override_default_response_type":true,"extras":{"setup":{},"version":"v4"}}"#
        );
        assert!(!json.contains("sessionInfoVersion"));
    }

    #[test]
    fn init_and_pages_options() {
        assert_eq!(
            serde_json::to_string(&InitOptions::new("1", "v23.0")).unwrap(),
            r#"{"appId":"1","autoLogAppEvents":true,"xfbml":true,"version":"v23.0"}"#
        );
        assert_eq!(
            serde_json::to_string(&PagesLoginOptions::new(Some("9"))).unwrap(),
            r#"{"config_id":"9"}"#
        );
        let scoped = serde_json::to_string(&PagesLoginOptions::new(Some(""))).unwrap();
        assert!(
            scoped.starts_with(r#"{"scope":"pages_show_list"#),
            "{scoped}"
        );
    }
}
