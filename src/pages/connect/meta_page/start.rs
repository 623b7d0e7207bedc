use leptos::prelude::*;

use super::machine::Phase;
use crate::{
    components::needs_javascript::NeedsJavaScript, pages::connect::connect_button::ConnectButton,
};

/// What the customer reads before logging in, and while Facebook and then the server
/// are at work.
#[component]
pub fn PagesStart(
    phase: Phase,
    vendor_name: String,
    can_log_in: Signal<bool>,
    on_log_in: Callback<()>,
) -> impl IntoView {
    let label = match phase {
        Phase::InMeta => "Waiting for Facebook…",
        Phase::Loading => "Loading your Pages…",
        _ => "Connect Facebook Pages",
    };
    view! {
        <h1 id="connect-title">"Connect your Facebook Pages"</h1>
        <p>
            {format!("{vendor_name} will be able to answer messages sent to the Pages you choose. ")}
            "You log in with Facebook, then pick the Pages."
        </p>
        <ConnectButton label enabled=can_log_in on_click=on_log_in />
        <NeedsJavaScript />
    }
}
