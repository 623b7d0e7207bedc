use leptos::prelude::*;

use crate::{
    i18n::{use_texts, Key},
    pages::connect::connect_button::ConnectButton,
};

/// The WhatsApp Business account is shared and kept, but has no phone number: Meta's
/// dialog runs again to add one, or the add-number page (`add_here`) adds one with a
/// code; nothing is posted to the vendor before that.
#[component]
pub fn NeedsNumber(
    waba_name: String,
    can_connect: Signal<bool>,
    on_connect: Callback<()>,
    add_here: String,
    number_on_page: bool,
) -> impl IntoView {
    let texts = use_texts();
    let account = if waba_name.is_empty() {
        texts.get(Key::WaYourAccount).to_owned()
    } else {
        texts.fill(Key::WaNamedAccount, &[("name", &waba_name)])
    };
    // Asked for by the vendor, the page is the only way on: its link is the main action.
    let (lead, link_key, link_class) = match number_on_page {
        true => (Key::WaNumberHere, Key::WaAddNumber, "button connect-button"),
        false => (Key::WaNumberLead, Key::WaAddHere, ""),
    };
    view! {
        <h1 id="connect-title" tabindex="-1">
            {texts.get(Key::WaNumberTitle).to_owned()}
        </h1>
        <p role="status">{texts.fill(lead, &[("account", &account)])}</p>
        {(!number_on_page)
            .then(|| {
                view! {
                    <ConnectButton label=Key::WaAddNumber enabled=can_connect on_click=on_connect />
                }
            })}
        <p class="hint">
            <a class=link_class href=add_here>
                {texts.get(link_key).to_owned()}
            </a>
        </p>
    }
}
