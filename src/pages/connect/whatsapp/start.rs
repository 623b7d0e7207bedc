use leptos::prelude::*;

use super::machine::Phase;
use crate::{
    components::needs_javascript::NeedsJavaScript,
    i18n::{use_texts, Key},
    pages::connect::connect_button::ConnectButton,
};

/// What the customer reads before and while connecting, and the Connect button (enabled
/// once Meta's SDK is ready, while nothing is under way).
#[component]
pub fn WhatsAppStart(
    phase: Phase,
    vendor_name: String,
    can_connect: Signal<bool>,
    on_connect: Callback<()>,
) -> impl IntoView {
    let texts = use_texts();
    let label = match phase {
        Phase::InMeta => Key::WaitingForFacebook,
        Phase::Working => Key::Connecting,
        _ => Key::WaConnect,
    };
    view! {
        <h1 id="connect-title">{texts.get(Key::WaTitle).to_owned()}</h1>
        <p>{texts.fill(Key::WaLead, &[("vendor", &vendor_name)])}</p>
        <ConnectButton label enabled=can_connect on_click=on_connect />
        <NeedsJavaScript />
    }
}
