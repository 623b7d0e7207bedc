//! What the connect pages do in the browser: load Meta's SDK, call `FB.login` and
//! `FB.logout`, read Embedded Signup's message events, post the result to the vendor's
//! window, call the server. Only the connect flows' islands use it: in the wasm client
//! it acts; on the server, where the islands render, it does nothing.

pub mod calls;
pub mod launch;
#[cfg(feature = "hydrate")]
mod meta_sdk;
mod signup_message;

pub use signup_message::{SignupMessage, SignupMessageKind};

use crate::{
    model::connect::{FlowSession, MetaClientConfig},
    wire::ToJson,
};

/// What `FB.login` answered: Embedded Signup's code, or a Facebook Login user token;
/// neither when the customer closed the dialog or refused (Meta also sometimes
/// completes without an `authResponse`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginAnswer {
    pub code: Option<String>,
    pub access_token: Option<String>,
    /// The browser refused to open Meta's window (a pop-up blocker): the customer saw
    /// nothing of Meta.
    pub blocked: bool,
}

/// The id of the connect page's own `<script>` loading Meta's SDK with the page.
pub const META_SDK_ELEMENT: &str = "meta-sdk";

/// Loads Meta's SDK (once: the page's own tag when it has one) and calls `on_ready`
/// after `FB.init`, whether the SDK ran before or after this call.
pub fn load_meta_sdk(config: &MetaClientConfig, on_ready: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    meta_sdk::load(config, on_ready);
    #[cfg(not(feature = "hydrate"))]
    let _ = (config, on_ready);
}

/// Calls `FB.login` with `options` (from `launch`), synchronously: call it in the click
/// handler, or the browser blocks Meta's popup.
pub fn login(options: &impl ToJson, on_result: impl FnOnce(LoginAnswer) + 'static) {
    #[cfg(feature = "hydrate")]
    meta_sdk::login(options, on_result);
    #[cfg(not(feature = "hydrate"))]
    let _ = (options, on_result);
}

/// Calls `FB.logout`, so that the next `FB.login` asks who logs in.
pub fn logout(on_done: impl FnOnce() + 'static) {
    #[cfg(feature = "hydrate")]
    meta_sdk::logout(on_done);
    #[cfg(not(feature = "hydrate"))]
    let _ = on_done;
}

/// The Embedded Signup event a message event carries, if it carries one: Meta sends
/// JSON text; an object is read the same way.
pub fn signup_message(data: &leptos::wasm_bindgen::JsValue) -> Option<SignupMessage> {
    #[cfg(feature = "hydrate")]
    return meta_sdk::signup_message(data);
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = data;
        None
    }
}

/// Posts `payload` to the window that opened this tab, at `target_origin` only;
/// `false` when there is no opener.
fn post_to_opener(payload: &impl ToJson, target_origin: &str) -> bool {
    #[cfg(feature = "hydrate")]
    return meta_sdk::post_to_opener(payload, target_origin);
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (payload, target_origin);
        false
    }
}

/// Where a flow's result goes: the vendor's window, at the session's registered origin
/// only, or, when the page has none (opened top-level, on another device, in an app's
/// built-in browser), back to the vendor by our link when the session named a return
/// URL.
#[derive(Debug, Clone)]
pub struct ResultTarget {
    pub origin: String,
    pub back_url: Option<String>,
}

impl ResultTarget {
    /// Where a ready session's flow sends its result.
    pub fn of(session: &FlowSession) -> Self {
        Self {
            origin: session.target_origin.clone(),
            back_url: session.back_url.clone(),
        }
    }

    /// Posts `payload` to the vendor's window; with no window to post to, sends the
    /// browser back to the vendor if it can. `true` when the window got it.
    pub fn deliver(&self, payload: &impl ToJson) -> bool {
        let delivered = post_to_opener(payload, &self.origin);
        if !delivered {
            if let Some(url) = &self.back_url {
                go_to(url);
            }
        }
        delivered
    }
}

/// Sends the browser to `url` in place of this page.
fn go_to(url: &str) {
    #[cfg(feature = "hydrate")]
    let _ = leptos::prelude::window().location().replace(url);
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// A random name for this page load (to tell its runs of Meta's dialog apart from
/// those of another load of the same session).
pub fn random_name() -> String {
    #[cfg(feature = "hydrate")]
    return format!(
        "{:x}",
        (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64
    );
    #[cfg(not(feature = "hydrate"))]
    String::from("server")
}

/// Moves the keyboard focus to the panel's heading (`#connect-title`, focusable by
/// script only), so that after a change of state it never falls to the page's body.
pub fn focus_title() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let title = leptos::prelude::document()
            .get_element_by_id("connect-title")
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(title) = title {
            let _ = title.focus();
        }
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
