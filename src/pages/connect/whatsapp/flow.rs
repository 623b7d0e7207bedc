use leptos::{ev, prelude::*, task::spawn_local};

use super::{
    machine::{Input, Machine, Next, Phase},
    start::WhatsAppStart,
};
use crate::{
    browser::{self, SignupMessage},
    model::connect::{ReadySession, WhatsAppConnected, WhatsAppMessage, SUCCESS_MESSAGE_TYPE},
    pages::connect::{
        closed_panel::ClosedPanel, connected_panel::ConnectedPanel, frame::ConnectFrame,
    },
    server_fns::connect::complete_whatsapp,
};

/// The contract's WhatsApp success message; `state` only when the session has one.
fn result_payload(result: &WhatsAppConnected) -> WhatsAppMessage<'_> {
    WhatsAppMessage {
        kind: SUCCESS_MESSAGE_TYPE,
        account_id: &result.account_id,
        waba_id: &result.waba_id,
        phone_number_id: &result.phone_number_id,
        livemode: result.livemode,
        state: result.state.as_deref(),
    }
}

/// The page's machine and what its effects need.
#[derive(Clone, Copy)]
struct Page {
    machine: RwSignal<Machine>,
    token: StoredValue<String>,
    config_id: StoredValue<String>,
    target_origin: StoredValue<String>,
}

impl Page {
    /// Feeds the machine and carries out what it asks for.
    fn feed(self, input: Input) {
        let Some(next) = self.machine.try_update(|m| m.step(input)) else {
            return;
        };
        match next {
            Next::None => {}
            // Synchronously inside the click handler, or the browser blocks Meta's popup.
            Next::Login => self.config_id.with_value(|config_id| {
                browser::login_for_embedded_signup(config_id, move |code| {
                    self.feed(Input::Login(code))
                })
            }),
            Next::Complete(request) => spawn_local(async move {
                let token = self.token.get_value();
                match complete_whatsapp(token, request).await {
                    Ok(result) => {
                        let delivered = self.target_origin.with_value(|origin| {
                            browser::post_to_opener(&result_payload(&result), origin)
                        });
                        self.feed(Input::Connected { delivered });
                    }
                    Err(error) => self.feed(Input::Failed(error)),
                }
            }),
        }
    }
}

/// The ready WhatsApp connect page: the Connect button, `FB.login`, the correlation of
/// the login's code with Embedded Signup's message event (in either order), completion
/// on the server, and the result posted to the vendor's window.
#[component]
pub fn WhatsAppFlow(session: ReadySession, token: String) -> impl IntoView {
    let sdk_ready = RwSignal::new(false);
    let page = Page {
        machine: RwSignal::new(Machine::default()),
        token: StoredValue::new(token),
        config_id: StoredValue::new(session.meta.config_id.clone()),
        target_origin: StoredValue::new(session.target_origin.clone()),
    };
    let phase = Memo::new(move |_| page.machine.with(|m| m.phase.clone()));
    let toast = Memo::new(move |_| page.machine.with(|m| m.toast.clone()));

    // Meta's SDK and its message events exist only in the browser; effects run only there.
    let meta = session.meta.clone();
    Effect::new(move |_| browser::load_meta_sdk(&meta, move || sdk_ready.set(true)));
    let expected_origin = session.meta.web_origin.clone();
    Effect::new(move |_| {
        let expected_origin = expected_origin.clone();
        let handle = window_event_listener(ev::message, move |event: ev::MessageEvent| {
            let allowed = expected_origin.clone().unwrap_or_else(browser::own_origin);
            if event.origin() != allowed {
                return;
            }
            if let Some(message) = event
                .data()
                .as_string()
                .and_then(|d| SignupMessage::parse(&d))
            {
                page.feed(Input::Signup(message));
            }
        });
        on_cleanup(move || handle.remove());
    });

    let vendor_name = session.branding.vendor_name.clone();
    let on_connect = Callback::new(move |()| page.feed(Input::Connect));
    view! {
        <ConnectFrame session toast=toast.into()>
            {move || match phase.get() {
                Phase::Connected { delivered } => view! {
                    <ConnectedPanel title="WhatsApp is connected".to_owned() vendor_name=vendor_name.clone() delivered />
                }.into_any(),
                Phase::Closed(error) => view! {
                    <ClosedPanel error vendor_name=vendor_name.clone() />
                }.into_any(),
                busy => view! {
                    <WhatsAppStart phase=busy vendor_name=vendor_name.clone() sdk_ready=sdk_ready.into() on_connect />
                }.into_any(),
            }}
        </ConnectFrame>
    }
}
