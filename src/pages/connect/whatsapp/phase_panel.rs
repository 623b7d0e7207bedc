use leptos::prelude::*;

use super::{
    machine::Phase, needs_number::NeedsNumber, pin_form::PinForm, stalled::Stalled,
    start::WhatsAppStart,
};
use crate::{
    i18n::{use_texts, Key},
    pages::connect::{closed_panel::ClosedPanel, connected_panel::ConnectedPanel},
};

/// What the customer can do on the WhatsApp page.
#[derive(Clone, Copy)]
pub struct Controls {
    /// Meta's SDK is ready and nothing is under way.
    pub can_connect: Signal<bool>,
    pub on_connect: Callback<()>,
    pub on_retry: Callback<()>,
    pub on_pin: Callback<String>,
}

/// The panel of each phase of the WhatsApp flow.
pub fn phase_panel(phase: Phase, vendor_name: String, controls: Controls) -> AnyView {
    let Controls {
        can_connect,
        on_connect,
        on_retry,
        on_pin,
    } = controls;
    match phase {
        Phase::Connected { delivered } => {
            let title = use_texts().get(Key::WaConnected).to_owned();
            view! { <ConnectedPanel title vendor_name delivered /> }.into_any()
        }
        Phase::Closed(error) => view! { <ClosedPanel error vendor_name /> }.into_any(),
        Phase::NeedsNumber { waba_name } => {
            view! { <NeedsNumber waba_name can_connect on_connect /> }.into_any()
        }
        Phase::NeedsPin { phone, mismatch } => {
            view! { <PinForm phone mismatch on_pin /> }.into_any()
        }
        Phase::Stalled(error) => {
            view! { <Stalled error can_connect on_retry on_connect /> }.into_any()
        }
        busy => {
            view! { <WhatsAppStart phase=busy vendor_name can_connect on_connect /> }.into_any()
        }
    }
}
