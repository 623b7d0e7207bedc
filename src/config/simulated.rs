//! The simulated Meta's app, as the product is configured to talk to it: its app
//! credentials, its Embedded Signup configuration, and where it is mounted on this
//! server. The simulator (`crate::simulator`) is handed these; nothing of it is imported
//! here. Its secret is public (it is in the source): see `Settings::meta_callback_secret`.

use std::time::Duration;

use super::{MetaMode, MetaSettings};
use crate::model::connect::FULL_PAGE_RETURN_PATH;

/// The simulated app's credentials and Embedded Signup configuration.
pub const APP_ID: &str = "100000000000001";
pub const APP_SECRET: &str = "simulated-app-secret";
pub const CONFIG_ID: &str = "200000000000001";
/// A Facebook Login for Business configuration for the Pages login.
pub const PAGES_CONFIG_ID: &str = "200000000000002";
/// The verify token of the app's webhook callback in simulator mode.
pub const WEBHOOK_VERIFY_TOKEN: &str = "simulated-verify-token";
/// The code the simulated Meta "sends" to a number added on the connect page (no
/// message leaves it): the page shows it in test mode.
pub const VERIFICATION_CODE: &str = "123456";
/// Where the simulator is mounted on this server.
pub const MOUNT: &str = "/meta-sim";

/// How the product reaches the simulated Meta: its own app credentials, on this server
/// (the URLs are filled in from the server's address at start-up).
pub fn meta_settings(timeout: Duration) -> MetaSettings {
    MetaSettings {
        mode: MetaMode::Simulator,
        app_id: APP_ID.to_owned(),
        app_secret: APP_SECRET.into(),
        config_id: CONFIG_ID.to_owned(),
        pages_config_id: String::new(),
        api_version: "v23.0".to_owned(),
        graph_url: String::new(),
        sdk_url: String::new(),
        web_origin: String::new(),
        return_url: FULL_PAGE_RETURN_PATH.to_owned(),
        timeout,
        webhook_verify_token: WEBHOOK_VERIFY_TOKEN.into(),
    }
}
