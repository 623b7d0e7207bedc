use leptos::{either::EitherOf6, prelude::*};

use super::{
    machine::{Path, Phase},
    missing_list::MissingList,
    needs_number::NeedsNumber,
    pin_form::PinForm,
    stalled::Stalled,
    start::WhatsAppStart,
};
use crate::{
    i18n::{use_texts, Key},
    model::add_number::add_number_page,
    pages::connect::{closed_panel::ClosedPanel, connected_panel::ConnectedPanel},
};

/// What the customer can do on the WhatsApp page.
#[derive(Clone, Copy)]
pub struct Controls {
    /// Meta's SDK is ready and nothing is under way.
    pub can_connect: Signal<bool>,
    /// The page offers to keep the WhatsApp Business app on the number.
    pub offers_app: bool,
    /// Connect, the way chosen (`None`: the way of the last run).
    pub on_connect: Callback<Option<Path>>,
    pub on_retry: Callback<()>,
    pub on_pin: Callback<String>,
    /// The session's id, for the add-number page's link.
    pub session_id: StoredValue<String>,
    /// The number is added on the add-number page only (Meta's window shares only the
    /// account, so running it again would not add one).
    pub number_on_page: bool,
}

/// The panel of each phase of the WhatsApp flow. An `EitherOf6`, not an `AnyView`: a
/// type-erased view carries every way of rendering each panel into the wasm, async
/// hydration included, which the islands never use.
pub fn phase_panel(phase: Phase, vendor_name: String, controls: Controls) -> impl IntoView {
    let Controls {
        can_connect,
        offers_app,
        on_connect,
        on_retry,
        on_pin,
        session_id,
        number_on_page,
    } = controls;
    let again = Callback::new(move |()| on_connect.run(None));
    match phase {
        Phase::Connected {
            delivered,
            kept_app,
            missing,
        } => {
            let title = match kept_app {
                true => Key::WaConnectedApp,
                false => Key::WaConnected,
            };
            let title = use_texts().get(title).to_owned();
            let name = vendor_name.clone();
            EitherOf6::A(view! {
                <ConnectedPanel title vendor_name delivered />
                <MissingList missing vendor_name=name />
            })
        }
        Phase::Closed(error) => EitherOf6::B(view! { <ClosedPanel error vendor_name /> }),
        Phase::NeedsNumber { waba_name } => {
            let add_here = add_number_page(&session_id.get_value());
            EitherOf6::C(
                view! { <NeedsNumber waba_name can_connect on_connect=again add_here number_on_page /> },
            )
        }
        Phase::NeedsPin { phone, mismatch } => {
            EitherOf6::D(view! { <PinForm phone mismatch on_pin /> })
        }
        Phase::Stalled(error) => {
            EitherOf6::E(view! { <Stalled error can_connect on_retry on_connect=again /> })
        }
        busy => EitherOf6::F(
            view! { <WhatsAppStart phase=busy vendor_name offers_app can_connect on_connect /> },
        ),
    }
}
