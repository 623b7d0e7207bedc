use std::time::Duration;

use leptos::{ev, prelude::*, task::spawn_local};

use super::{
    machine::{Call, Input, Machine, Next, Path},
    phase_panel::{phase_panel, Controls},
};
use crate::{
    browser::{self, calls::ServerCall, launch::EmbeddedSignupOptions, ResultTarget},
    model::{whatsapp::WhatsAppStep, EventOrigins},
    pages::connect::{
        flow_data,
        frame::{focus_follows_state, ConnectPanel},
    },
};

/// The page's machine and what carrying out its answers needs.
#[derive(Clone, Copy)]
struct Page {
    machine: RwSignal<Machine>,
    /// The session's id, which every call names.
    session_id: StoredValue<String>,
    config_id: StoredValue<String>,
    /// Meta's `extras.setup`: what the vendor pre-filled, the account to offer again.
    setup: StoredValue<Option<String>>,
    target: StoredValue<ResultTarget>,
    /// Meta's window shares only the account; the number is added on our page.
    number_on_page: bool,
    /// Names this page load's runs of Meta's dialog.
    page_name: StoredValue<String>,
}

impl Page {
    fn attempt_name(self, attempt: u32) -> String {
        format!("{}-{attempt}", self.page_name.get_value())
    }

    /// Feeds the machine and does what it answers next.
    fn feed(self, input: Input) {
        let Some(next) = self.machine.try_update(|m| m.step(input)) else {
            return;
        };
        let session_id = self.session_id.get_value();
        match next {
            Next::None => {}
            // Synchronously inside the click handler, or the browser blocks Meta's popup.
            Next::Login(path) => self.config_id.with_value(|config_id| {
                let setup = self.setup.get_value();
                let options = match path {
                    Path::Standard if self.number_on_page => {
                        EmbeddedSignupOptions::only_account(config_id)
                    }
                    Path::Standard => EmbeddedSignupOptions::new(config_id),
                    Path::BusinessApp => EmbeddedSignupOptions::business_app(config_id),
                }
                .with_setup(setup.as_deref());
                browser::login(&options, move |answer| {
                    self.feed(match answer.blocked {
                        true => Input::Blocked,
                        false => Input::Login(answer.code),
                    })
                })
            }),
            Next::SendCode { attempt, code } => {
                let attempt = self.attempt_name(attempt);
                spawn_local(async move {
                    let answer = ServerCall::whatsapp_code(&session_id, &attempt, &code)
                        .send()
                        .await;
                    self.feed(Input::Answered(Call::Code, answer));
                })
            }
            Next::SendEvent { attempt, report } => {
                let attempt = self.attempt_name(attempt);
                spawn_local(async move {
                    let answer = ServerCall::whatsapp_event(&session_id, &attempt, &report)
                        .send()
                        .await;
                    self.feed(Input::Answered(Call::Event, answer));
                })
            }
            // For the record only: the page has moved on already.
            Next::Report { attempt, report } => {
                let attempt = self.attempt_name(attempt);
                spawn_local(async move {
                    let call = ServerCall::whatsapp_event(&session_id, &attempt, &report);
                    let _ = call.send::<WhatsAppStep>().await;
                })
            }
            Next::SendPin(pin) => spawn_local(async move {
                let answer = ServerCall::whatsapp_pin(&session_id, &pin).send().await;
                self.feed(Input::Answered(Call::Pin, answer));
            }),
            Next::Retry => spawn_local(async move {
                let answer = ServerCall::whatsapp_retry(&session_id).send().await;
                self.feed(Input::Answered(Call::Retry, answer));
            }),
            Next::Wait(wait, ms) => set_timeout(
                move || self.feed(Input::Timeout(wait)),
                Duration::from_millis(u64::from(ms)),
            ),
            Next::Post(result) => {
                let delivered = self.target.with_value(|t| t.deliver(&result.message()));
                self.feed(Input::Posted { delivered });
            }
        }
    }
}

/// Listens for Embedded Signup's message events from Meta's origins (or the simulator's).
fn listen_for_signup_events(page: Page, origins: EventOrigins) {
    Effect::new(move |_| {
        let origins = origins.clone();
        let handle = window_event_listener(ev::message, move |event: ev::MessageEvent| {
            if !origins.accepts(&event.origin(), &browser::own_origin()) {
                return;
            }
            if let Some(message) = browser::signup_message(&event.data()) {
                page.feed(Input::Signup(message));
            }
        });
        on_cleanup(move || handle.remove());
    });
}

/// The ready WhatsApp connect page: Connect runs Meta's Embedded Signup; its code and
/// its event go to the server as they arrive; the server's answer says what comes next
/// (a phone number to add, the number's PIN, a step to try again) until the result is
/// posted to the vendor's window.
// Not an island in the module of the other flow's page (`only-*-flow`).
#[cfg_attr(not(feature = "only-pages-flow"), island)]
#[cfg_attr(feature = "only-pages-flow", component)]
pub fn WhatsAppFlow() -> impl IntoView {
    let (session, session_id) = flow_data::start();
    let sdk_ready = RwSignal::new(false);
    let page = Page {
        machine: RwSignal::new(Machine::default()),
        session_id: StoredValue::new(session_id),
        config_id: StoredValue::new(session.meta.config_id.clone()),
        setup: StoredValue::new(session.setup.clone()),
        target: StoredValue::new(ResultTarget::of(&session)),
        number_on_page: session.number_on_page,
        page_name: StoredValue::new(browser::random_name()),
    };
    let phase = Memo::new(move |_| page.machine.with(|m| m.phase.clone()));
    let toast = Memo::new(move |_| page.machine.with(|m| m.toast.clone()));
    let can_connect =
        Signal::derive(move || sdk_ready.get() && page.machine.with(Machine::can_connect));

    // Meta's SDK and its message events exist only in the browser; effects run only there.
    let meta = session.meta.clone();
    Effect::new(move |_| browser::load_meta_sdk(&meta, move || sdk_ready.set(true)));
    listen_for_signup_events(page, session.meta.event_origins.clone());
    focus_follows_state(phase, toast);

    let vendor_name = session.vendor_name.clone();
    let controls = Controls {
        can_connect,
        offers_app: session.coexistence,
        on_connect: Callback::new(move |path| page.feed(Input::Connect(path))),
        on_retry: Callback::new(move |()| page.feed(Input::Retry)),
        on_pin: Callback::new(move |pin: String| page.feed(Input::Pin(pin))),
        session_id: page.session_id,
        number_on_page: session.number_on_page,
    };
    let toast: Signal<_> = toast.into();
    view! {
        <ConnectPanel toast>
            {move || phase_panel(phase.get(), vendor_name.clone(), controls)}
        </ConnectPanel>
    }
}
