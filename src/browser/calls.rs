//! The flows' calls to the connect pages' server functions (`server_fns::connect`),
//! made by the browser: the arguments written as the functions' JSON input, the answer
//! read with the browser's own parser (`wire`), a failure as the `ConnectError` the
//! server answered with, and a call that did not reach the server as `Transport`.

use leptos::server_fn::ServerFn;

use crate::{
    model::{connect::ConnectError, whatsapp::SignupReport},
    server_fns::connect::{
        ConnectPages, ListPages, WhatsappCode, WhatsappEvent, WhatsappPin, WhatsappRetry,
    },
    wire::{FromJson, JsonArray, JsonObject, ToJson},
};

/// One call: its server function's path and its JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerCall {
    pub path: &'static str,
    pub body: String,
}

/// A call's body naming its session: by its id (the field keeps the contract's older
/// name; the server also takes a token there), with the binding cookie as the proof.
fn naming(session: &str) -> JsonObject {
    JsonObject::new().text("session_token", session)
}

impl ServerCall {
    /// `whatsapp_code`: `FB.login`'s code, from the run of Meta's dialog `attempt`.
    pub fn whatsapp_code(session: &str, attempt: &str, code: &str) -> Self {
        Self {
            path: WhatsappCode::PATH,
            body: naming(session)
                .text("attempt", attempt)
                .text("code", code)
                .finish(),
        }
    }

    /// `whatsapp_event`: Meta's signup event, as the page relays it.
    pub fn whatsapp_event(session: &str, attempt: &str, report: &SignupReport) -> Self {
        Self {
            path: WhatsappEvent::PATH,
            body: naming(session)
                .text("attempt", attempt)
                .raw("report", &report.to_json())
                .finish(),
        }
    }

    /// `whatsapp_pin`: the number's two-step verification PIN.
    pub fn whatsapp_pin(session: &str, pin: &str) -> Self {
        Self {
            path: WhatsappPin::PATH,
            body: naming(session).text("pin", pin).finish(),
        }
    }

    /// `whatsapp_retry`: goes on from the step that failed.
    pub fn whatsapp_retry(session: &str) -> Self {
        Self {
            path: WhatsappRetry::PATH,
            body: naming(session).finish(),
        }
    }

    /// `list_pages`: the customer's pages, from `FB.login`'s user access token.
    pub fn list_pages(session: &str, user_access_token: &str) -> Self {
        Self {
            path: ListPages::PATH,
            body: naming(session)
                .text("user_access_token", user_access_token)
                .finish(),
        }
    }

    /// `connect_pages`: connects the chosen pages.
    pub fn connect_pages<'a>(session: &str, page_ids: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            path: ConnectPages::PATH,
            body: naming(session)
                .raw("page_ids", &JsonArray::of_texts(page_ids))
                .finish(),
        }
    }

    /// Sends the call and reads its answer.
    pub async fn send<T: FromJson>(self) -> Result<T, ConnectError> {
        #[cfg(feature = "hydrate")]
        return send_from_browser(self).await;
        // The flows call the server from the browser only; their views render on the
        // server without ever running a call.
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = self;
            Err(ConnectError::Transport(String::from("not in a browser")))
        }
    }
}

#[cfg(feature = "hydrate")]
async fn send_from_browser<T: FromJson>(call: ServerCall) -> Result<T, ConnectError> {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    let transport = |what: &str| ConnectError::Transport(String::from(what));
    let headers = Object::new();
    for name in ["Content-Type", "Accept"] {
        let _ = Reflect::set(&headers, &name.into(), &"application/json".into());
    }
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&call.body));
    let request = leptos::prelude::window().fetch_with_str_and_init(call.path, &init);
    let response: web_sys::Response = JsFuture::from(request)
        .await
        .map_err(|_| transport("the request did not reach the server"))?
        .unchecked_into();
    let text = match response.text() {
        Ok(text) => JsFuture::from(text).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    let answer = text.and_then(|text| crate::wire::parse(&text));
    if response.ok() {
        answer
            .and_then(|answer| T::from_json(&answer))
            .ok_or_else(|| transport("the server's answer could not be read"))
    } else {
        Err(answer
            .and_then(|answer| ConnectError::from_json(&answer))
            .unwrap_or_else(|| transport("the server answered with an unreadable failure")))
    }
}
