use leptos::prelude::*;

use crate::pages::connect::connect_button::ConnectButton;

/// The WhatsApp Business account is shared and kept, but has no phone number: Meta's
/// dialog runs again to add one; nothing is posted to the vendor before that.
#[component]
pub fn NeedsNumber(
    waba_name: String,
    can_connect: Signal<bool>,
    on_connect: Callback<()>,
) -> impl IntoView {
    let account = if waba_name.is_empty() {
        "Your WhatsApp Business account".to_owned()
    } else {
        format!("Your WhatsApp Business account {waba_name}")
    };
    view! {
        <h1 id="connect-title">"Add a phone number"</h1>
        <p role="status">
            {account}" is connected, but it has no phone number yet. Add one in Meta's window: "
            "choose the same account, then add and verify the number."
        </p>
        <ConnectButton label="Add a phone number" enabled=can_connect on_click=on_connect />
    }
}
