//! What the connect pages do in the browser: load Meta's SDK, call `FB.login`, read
//! Embedded Signup's message events, post the result to the vendor's window. These run
//! only in the wasm client; on the server they are never called and do nothing.

#[cfg(feature = "hydrate")]
mod meta_sdk;
mod signup_message;

pub use signup_message::{SignupMessage, SignupMessageKind};

use crate::model::connect::MetaClientConfig;

/// Loads Meta's SDK (once) and calls `on_ready` after `FB.init`.
pub fn load_meta_sdk(config: &MetaClientConfig, on_ready: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    meta_sdk::load(config, on_ready);
    #[cfg(not(feature = "hydrate"))]
    let _ = (config, on_ready);
}

/// Calls `FB.login` for Embedded Signup, synchronously (call it in the click handler).
/// `on_result` gets the code, or `None` when the customer cancelled or refused.
pub fn login_for_embedded_signup(
    config_id: &str,
    on_result: impl FnOnce(Option<String>) + 'static,
) {
    #[cfg(feature = "hydrate")]
    meta_sdk::login_for_embedded_signup(config_id, on_result);
    #[cfg(not(feature = "hydrate"))]
    let _ = (config_id, on_result);
}

/// Calls `FB.login` for Facebook Pages with `scope`, synchronously (call it in the
/// click handler). `on_result` gets the user access token, or `None` when refused.
pub fn login_for_pages(scope: &str, on_result: impl FnOnce(Option<String>) + 'static) {
    #[cfg(feature = "hydrate")]
    meta_sdk::login_for_pages(scope, on_result);
    #[cfg(not(feature = "hydrate"))]
    let _ = (scope, on_result);
}

/// Posts `payload` to the window that opened this tab, at `target_origin` only;
/// `false` when there is no opener.
pub fn post_to_opener(payload: &impl serde::Serialize, target_origin: &str) -> bool {
    #[cfg(feature = "hydrate")]
    return meta_sdk::post_to_opener(payload, target_origin);
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (payload, target_origin);
        false
    }
}

/// This page's own origin.
pub fn own_origin() -> String {
    #[cfg(feature = "hydrate")]
    return leptos::prelude::window()
        .location()
        .origin()
        .unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    String::new()
}
