//! The wasm side of Meta's JS SDK.

use js_sys::{Function, Object, Reflect};
use leptos::prelude::{document, window};
use wasm_bindgen::{prelude::Closure, JsCast, JsValue};

use crate::model::connect::MetaClientConfig;

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn fb() -> Option<JsValue> {
    Some(get(&window(), "FB")).filter(|fb| fb.is_object())
}

fn init(config: &MetaClientConfig) {
    let Some(fb) = fb() else { return };
    let options = Object::new();
    let _ = Reflect::set(&options, &"appId".into(), &config.app_id.as_str().into());
    let _ = Reflect::set(
        &options,
        &"version".into(),
        &config.api_version.as_str().into(),
    );
    let _ = Reflect::set(&options, &"xfbml".into(), &false.into());
    if let Ok(init) = get(&fb, "init").dyn_into::<Function>() {
        let _ = init.call1(&fb, &options);
    }
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
    let _ = Reflect::set(&window(), &"fbAsyncInit".into(), &callback);
    let Ok(script) = document().create_element("script") else {
        return;
    };
    let _ = script.set_attribute("src", &config.sdk_url);
    let _ = script.set_attribute("async", "");
    let _ = script.set_attribute("crossorigin", "anonymous");
    if let Some(head) = document().head() {
        let _ = head.append_child(&script);
    }
}

pub fn login_for_embedded_signup(
    config_id: &str,
    on_result: impl FnOnce(Option<String>) + 'static,
) {
    let Some(fb) = fb() else {
        on_result(None);
        return;
    };
    let callback = Closure::once_into_js(move |response: JsValue| {
        let code = get(&get(&response, "authResponse"), "code")
            .as_string()
            .filter(|c| !c.is_empty());
        on_result(code);
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"config_id".into(), &config_id.into());
    let _ = Reflect::set(&options, &"response_type".into(), &"code".into());
    let _ = Reflect::set(
        &options,
        &"override_default_response_type".into(),
        &true.into(),
    );
    let extras = Object::new();
    let _ = Reflect::set(&extras, &"sessionInfoVersion".into(), &"3".into());
    let _ = Reflect::set(&options, &"extras".into(), &extras);
    if let Ok(login) = get(&fb, "login").dyn_into::<Function>() {
        let _ = login.call2(&fb, &callback, &options);
    }
}

pub fn login_for_pages(scope: &str, on_result: impl FnOnce(Option<String>) + 'static) {
    let Some(fb) = fb() else {
        on_result(None);
        return;
    };
    let callback = Closure::once_into_js(move |response: JsValue| {
        let token = get(&get(&response, "authResponse"), "accessToken")
            .as_string()
            .filter(|t| !t.is_empty());
        on_result(token);
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"scope".into(), &scope.into());
    if let Ok(login) = get(&fb, "login").dyn_into::<Function>() {
        let _ = login.call2(&fb, &callback, &options);
    }
}

pub fn post_to_opener(payload: &impl serde::Serialize, target_origin: &str) -> bool {
    let Ok(opener) = window().opener() else {
        return false;
    };
    if opener.is_null() || opener.is_undefined() {
        return false;
    }
    // A cross-origin opener is a WindowProxy that fails `instanceof Window`; it still
    // has postMessage, which is all we use.
    let opener = opener.unchecked_into::<web_sys::Window>();
    let Ok(text) = serde_json::to_string(payload) else {
        return false;
    };
    let Ok(message) = js_sys::JSON::parse(&text) else {
        return false;
    };
    opener.post_message(&message, target_origin).is_ok()
}
