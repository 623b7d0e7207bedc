//! Everything the connect flows need to talk to Meta and keep its secrets: for each
//! mode, the Graph client, the page's SDK configuration, Meta's full-page dialog and
//! the keys sealing Meta's tokens.

use crate::{
    config::simulated,
    config::{MetaMode, MetaSettings},
    crypto::Keyring,
    i18n::Locale,
    meta::graph::GraphClient,
    model::{connect::MetaClientConfig, EventOrigins, Mode},
};

/// The Meta each mode talks to: live sessions to the configured Meta (or the simulator
/// in development), test sessions always to the simulator, even in production.
#[derive(Debug, Clone)]
pub struct MetaContexts {
    pub live: MetaContext,
    pub test: MetaContext,
}

impl MetaContexts {
    /// The context of a session's or key's mode.
    pub fn for_mode(&self, mode: Mode) -> &MetaContext {
        match mode {
            Mode::Live => &self.live,
            Mode::Test => &self.test,
        }
    }

    /// The keys sealing secrets at rest (the same for both modes).
    pub fn keyring(&self) -> &Keyring {
        &self.live.keyring
    }
}

/// Built once at start-up and shared.
#[derive(Debug, Clone)]
pub struct MetaContext {
    pub graph: GraphClient,
    pub keyring: Keyring,
    pub client: MetaClientConfig,
    /// Meta's login as a full page, when offered.
    pub dialog: Option<FullPageDialog>,
}

impl MetaContext {
    /// In simulator mode the Graph API and the SDK are this server's own `/meta-sim`
    /// routes, reached at `self_base_url` (`http://127.0.0.1:PORT`).
    pub fn new(settings: &MetaSettings, keyring: Keyring, self_base_url: &str) -> Self {
        let simulated = settings.mode == MetaMode::Simulator;
        let (graph_url, sdk_url, event_origins) = if simulated {
            (
                format!("{self_base_url}{}/graph", simulated::MOUNT),
                format!("{}/sdk.js", simulated::MOUNT),
                EventOrigins::Simulator,
            )
        } else {
            (
                settings.graph_url.clone(),
                settings.sdk_url.clone(),
                EventOrigins::of_web_origin(&settings.web_origin),
            )
        };
        Self {
            graph: GraphClient::new(settings, graph_url),
            keyring,
            client: MetaClientConfig {
                app_id: settings.app_id.clone(),
                config_id: settings.config_id.clone(),
                api_version: settings.api_version.clone(),
                sdk_url,
                event_origins,
                pages_config_id: Some(settings.pages_config_id.clone()).filter(|c| !c.is_empty()),
                simulated,
            },
            dialog: FullPageDialog::of(settings),
        }
    }
}

/// Where the full-page dialog runs and where Meta sends the customer back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullPageDialog {
    /// Meta's OAuth dialog: `https://www.facebook.com/v23.0/dialog/oauth`, or the
    /// simulator's on this server.
    pub endpoint: String,
    /// The registered redirect URI.
    pub return_url: String,
}

impl FullPageDialog {
    /// Offered in live mode when a return page is configured, and always against the
    /// simulator (whose return page is this server's, relative to the browser).
    pub fn of(settings: &MetaSettings) -> Option<Self> {
        if settings.return_url.is_empty() {
            return None;
        }
        let meta_web = match settings.mode {
            MetaMode::Simulator => crate::config::simulated::MOUNT,
            MetaMode::Live => settings.web_origin.trim_end_matches('/'),
        };
        Some(Self {
            endpoint: format!("{meta_web}/{}/dialog/oauth", settings.api_version),
            return_url: settings.return_url.clone(),
        })
    }
}

/// Meta's SDK URL in the page's language: its locale path segment (`en_US` in
/// `https://connect.facebook.net/en_US/sdk.js`) replaced by the language's. A URL
/// without one (the simulator's) stays as it is.
pub fn localized_sdk_url(url: &str, locale: Locale) -> String {
    let is_locale = |segment: &str| {
        let b = segment.as_bytes();
        b.len() == 5
            && b[..2].iter().all(u8::is_ascii_lowercase)
            && b[2] == b'_'
            && b[3..].iter().all(u8::is_ascii_uppercase)
    };
    let segments: Vec<&str> = url.split('/').collect();
    match segments.iter().rposition(|s| is_locale(s)) {
        Some(at) => {
            let mut localized = segments.clone();
            localized[at] = locale.facebook();
            localized.join("/")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod locale_tests {
    use super::*;

    #[test]
    fn the_sdk_loads_in_the_page_language() {
        let url = "https://connect.facebook.net/en_US/sdk.js";
        assert_eq!(
            localized_sdk_url(url, Locale::PtBr),
            "https://connect.facebook.net/pt_BR/sdk.js"
        );
        assert_eq!(
            localized_sdk_url(url, Locale::Ar),
            "https://connect.facebook.net/ar_AR/sdk.js"
        );
        assert_eq!(localized_sdk_url(url, Locale::En), url);
        assert_eq!(
            localized_sdk_url("/meta-sim/sdk.js", Locale::Hi),
            "/meta-sim/sdk.js"
        );
    }
}
