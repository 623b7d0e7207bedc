use leptos::prelude::*;

use super::machine::Phase;
use crate::{
    components::needs_javascript::NeedsJavaScript, pages::connect::connect_button::ConnectButton,
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
    let label = match phase {
        Phase::InMeta => "Waiting for Facebook…",
        Phase::Working => "Connecting…",
        _ => "Connect WhatsApp",
    };
    view! {
        <h1 id="connect-title">"Connect your WhatsApp Business account"</h1>
        <p>
            {format!("{vendor_name} will be able to send and receive WhatsApp messages for your business. ")}
            "You sign in with Facebook and choose the business account and phone number to use."
        </p>
        <ConnectButton label enabled=can_connect on_click=on_connect />
        <NeedsJavaScript />
    }
}
