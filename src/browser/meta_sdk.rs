//! The wasm side of Meta's JS SDK and of the vendor's window.

use std::{cell::Cell, rc::Rc};

use js_sys::{Function, Reflect};
use leptos::prelude::{document, window};
use wasm_bindgen::{prelude::Closure, JsCast, JsValue};

use super::{launch::InitOptions, LoginAnswer, SignupMessage};
use crate::{model::connect::MetaClientConfig, wire::ToJson};

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn fb() -> Option<JsValue> {
    Some(get(&window(), "FB")).filter(|fb| fb.is_object())
}

/// A plain object from options written once in Rust (`launch.rs`) or a message.
fn options(value: &impl ToJson) -> JsValue {
    crate::wire::parse(&value.to_json()).unwrap_or(JsValue::UNDEFINED)
}

fn call(name: &str, args: &[&JsValue]) {
    let Some(fb) = fb() else { return };
    let Ok(function) = get(&fb, name).dyn_into::<Function>() else {
        return;
    };
    let _ = match args {
        [] => function.call0(&fb),
        [a] => function.call1(&fb, a),
        [a, b, ..] => function.call2(&fb, a, b),
    };
}

fn init(config: &MetaClientConfig) {
    call(
        "init",
        &[&options(&InitOptions::new(
            &config.app_id,
            &config.api_version,
        ))],
    );
}

pub fn load(config: &MetaClientConfig, on_ready: impl FnOnce() + 'static) {
    if fb().is_some() {
        init(config);
        on_ready();
        return;
    }
    let config_for_init = config.clone();
    let callback = Closure::once_into_js(move || {
        init(&config_for_init);
        on_ready();
    });
    // The SDK calls `fbAsyncInit` when it runs.
    let _ = Reflect::set(&window(), &"fbAsyncInit".into(), &callback);
    if document()
        .get_element_by_id(super::META_SDK_ELEMENT)
        .is_some()
    {
        // The page's own tag is still on its way; it will call `fbAsyncInit`.
        return;
    }
    let Ok(script) = document().create_element("script") else {
        return;
    };
    let _ = script.set_attribute("id", super::META_SDK_ELEMENT);
    let _ = script.set_attribute("src", &config.sdk_url);
    let _ = script.set_attribute("async", "");
    let _ = script.set_attribute("crossorigin", "anonymous");
    if let Some(head) = document().head() {
        let _ = head.append_child(&script);
    }
}

fn text(value: JsValue) -> Option<String> {
    value.as_string().filter(|s| !s.is_empty())
}

/// Calls `FB.login`, watching the `window.open` it makes (synchronously, inside the
/// click): a `null` window is the browser's pop-up blocker, whatever Meta's SDK answers
/// after it.
pub fn login(login_options: &impl ToJson, on_result: impl FnOnce(LoginAnswer) + 'static) {
    if fb().is_none() {
        on_result(LoginAnswer::default());
        return;
    }
    let blocked = Rc::new(Cell::new(false));
    let seen = blocked.clone();
    let callback = Closure::once_into_js(move |response: JsValue| {
        let auth = get(&response, "authResponse");
        on_result(LoginAnswer {
            code: text(get(&auth, "code")),
            access_token: text(get(&auth, "accessToken")),
            blocked: seen.get(),
        });
    });
    let window = window();
    let original = get(&window, "open");
    let Ok(open) = original.clone().dyn_into::<Function>() else {
        call("login", &[&callback, &options(login_options)]);
        return;
    };
    let watch = Closure::<dyn Fn(JsValue, JsValue, JsValue) -> JsValue>::new(
        move |url: JsValue, name: JsValue, features: JsValue| {
            let opened = open
                .call3(&leptos::prelude::window(), &url, &name, &features)
                .unwrap_or(JsValue::NULL);
            if opened.is_null() || opened.is_undefined() {
                blocked.set(true);
            }
            opened
        },
    );
    let _ = Reflect::set(&window, &"open".into(), watch.as_ref());
    call("login", &[&callback, &options(login_options)]);
    let _ = Reflect::set(&window, &"open".into(), &original);
}

pub fn logout(on_done: impl FnOnce() + 'static) {
    if fb().is_none() {
        on_done();
        return;
    }
    call("logout", &[&Closure::once_into_js(on_done)]);
}

pub fn signup_message(data: &JsValue) -> Option<SignupMessage> {
    match data.as_string() {
        Some(text) => SignupMessage::read(&crate::wire::parse(&text)?),
        None => SignupMessage::read(data),
    }
}

pub fn post_to_opener(payload: &impl ToJson, target_origin: &str) -> bool {
    let Ok(opener) = window().opener() else {
        return false;
    };
    if opener.is_null() || opener.is_undefined() {
        return false;
    }
    // A cross-origin opener is a WindowProxy that fails `instanceof Window`; it still
    // has postMessage, which is all we use.
    let opener = opener.unchecked_into::<web_sys::Window>();
    let message = options(payload);
    if message.is_undefined() {
        return false;
    }
    opener.post_message(&message, target_origin).is_ok()
}
