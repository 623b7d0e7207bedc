use leptos::{prelude::*, task::spawn_local};

use super::{
    machine::{Input, Machine, Next},
    phase_panel::{phase_panel, Controls},
};
use crate::{
    browser::{self, calls::ServerCall, launch::PagesLoginOptions, ResultTarget},
    model::connect::PagesConnected,
    pages::connect::{
        flow_data,
        frame::{focus_follows_state, ConnectPanel},
    },
};

/// The page's machine, the customer's choice, and what the effects need.
#[derive(Clone, Copy)]
struct Page {
    machine: RwSignal<Machine>,
    selected: RwSignal<Vec<String>>,
    /// The session's id, which every call names.
    session_id: StoredValue<String>,
    target: StoredValue<ResultTarget>,
    /// The Facebook Login for Business configuration, if any.
    config_id: StoredValue<Option<String>>,
}

impl Page {
    /// Feeds the machine and carries out what it asks for.
    fn feed(self, input: Input) {
        let Some(next) = self.machine.try_update(|m| m.step(input)) else {
            return;
        };
        match next {
            Next::None => {}
            Next::Login => {
                self.selected.set(Vec::new());
                // Synchronously inside the click handler, or the browser blocks Meta's popup.
                self.config_id.with_value(|config_id| {
                    let options = PagesLoginOptions::new(config_id.as_deref());
                    browser::login(&options, move |answer| {
                        self.feed(match answer.blocked {
                            true => Input::Blocked,
                            false => Input::Login(answer.access_token),
                        })
                    });
                });
            }
            Next::List(user_token) => spawn_local(async move {
                let call = self
                    .session_id
                    .with_value(|session| ServerCall::list_pages(session, &user_token));
                match call.send().await {
                    Ok(pages) => self.feed(Input::Listed(pages)),
                    Err(error) => self.feed(Input::Failed(error)),
                }
            }),
            Next::Logout => browser::logout(move || self.feed(Input::LoggedOut)),
            Next::Complete => spawn_local(async move {
                let call = self.selected.with_untracked(|ids| {
                    self.session_id.with_value(|session| {
                        ServerCall::connect_pages(session, ids.iter().map(String::as_str))
                    })
                });
                match call.send::<PagesConnected>().await {
                    Ok(result) => {
                        let message = result.message();
                        let delivered = self.target.with_value(|t| t.deliver(&message));
                        let count = result.pages.len();
                        self.feed(Input::Connected { delivered, count });
                    }
                    Err(error) => self.feed(Input::Failed(error)),
                }
            }),
        }
    }
}

/// The ready Facebook Pages connect page: Facebook Login with the Pages scopes, the
/// customer's pages (tokens stay on the server), the choice, and the result posted to
/// the vendor's window.
// Not an island in the module of the other flow's page (`only-*-flow`).
#[cfg_attr(not(feature = "only-whatsapp-flow"), island)]
#[cfg_attr(feature = "only-whatsapp-flow", component)]
pub fn MetaPageFlow() -> impl IntoView {
    let (session, session_id) = flow_data::start();
    let sdk_ready = RwSignal::new(false);
    let page = Page {
        machine: RwSignal::new(Machine::resumed(session.returned.clone())),
        selected: RwSignal::new(Vec::new()),
        session_id: StoredValue::new(session_id),
        target: StoredValue::new(ResultTarget::of(&session)),
        config_id: StoredValue::new(session.meta.pages_config_id.clone()),
    };
    let phase = Memo::new(move |_| page.machine.with(|m| m.phase.clone()));
    let toast = Memo::new(move |_| page.machine.with(|m| m.toast.clone()));
    let can_log_in =
        Signal::derive(move || sdk_ready.get() && page.machine.with(Machine::can_log_in));
    let meta = session.meta.clone();
    Effect::new(move |_| browser::load_meta_sdk(&meta, move || sdk_ready.set(true)));
    focus_follows_state(phase, toast);

    let vendor_name = session.vendor_name.clone();
    let controls = Controls {
        can_log_in,
        selected: page.selected,
        on_log_in: Callback::new(move |()| page.feed(Input::LogIn)),
        on_connect: Callback::new(move |()| page.feed(Input::Connect)),
        on_switch: Callback::new(move |()| page.feed(Input::SwitchAccount)),
        full_page_url: StoredValue::new(session.full_page_url.clone()),
    };
    view! {
        <ConnectPanel toast=toast
            .into()>{move || phase_panel(phase.get(), vendor_name.clone(), controls)}</ConnectPanel>
    }
}
