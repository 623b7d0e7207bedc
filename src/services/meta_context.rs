//! Everything the connect flows need to talk to Meta and keep its secrets.

use crate::{
    config::{MetaMode, MetaSettings},
    crypto::Keyring,
    meta::{graph::GraphClient, simulator},
    model::connect::MetaClientConfig,
};

/// Built once at start-up and shared.
#[derive(Debug, Clone)]
pub struct MetaContext {
    pub graph: GraphClient,
    pub keyring: Keyring,
    pub client: MetaClientConfig,
}

impl MetaContext {
    /// In simulator mode the Graph API and the SDK are this server's own `/meta-sim`
    /// routes, reached at `self_base_url` (`http://127.0.0.1:PORT`).
    pub fn new(settings: &MetaSettings, keyring: Keyring, self_base_url: &str) -> Self {
        let simulated = settings.mode == MetaMode::Simulator;
        let (graph_url, sdk_url, web_origin) = if simulated {
            (
                format!("{self_base_url}{}/graph", simulator::MOUNT),
                format!("{}/sdk.js", simulator::MOUNT),
                None,
            )
        } else {
            (
                settings.graph_url.clone(),
                settings.sdk_url.clone(),
                Some(settings.web_origin.clone()),
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
                web_origin,
                simulated,
            },
        }
    }
}
