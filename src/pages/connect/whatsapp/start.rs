use leptos::{either::Either, prelude::*};

use super::machine::{Path, Phase};
use crate::{
    components::needs_javascript::NeedsJavaScript,
    i18n::{use_texts, Key},
    pages::connect::connect_button::ConnectButton,
};

/// What the customer reads before and while connecting, and the Connect button (enabled
/// once Meta's SDK is ready, while nothing is under way). When the page offers to keep
/// the WhatsApp Business app, it says so, and offers both ways: the app's number first,
/// a number that is not on the app second.
#[component]
pub fn WhatsAppStart(
    phase: Phase,
    vendor_name: String,
    offers_app: bool,
    can_connect: Signal<bool>,
    on_connect: Callback<Option<Path>>,
) -> impl IntoView {
    let texts = use_texts();
    let waiting = match phase {
        Phase::InMeta => Some(Key::WaitingForFacebook),
        Phase::Working => Some(Key::Connecting),
        _ => None,
    };
    let (lead, buttons) = match offers_app {
        false => {
            let label = waiting.unwrap_or(Key::WaConnect);
            let on_click = Callback::new(move |()| on_connect.run(Some(Path::Standard)));
            (
                Key::WaLead,
                Either::Left(view! { <ConnectButton label enabled=can_connect on_click /> }),
            )
        }
        true => {
            let label = waiting.unwrap_or(Key::WaConnectApp);
            let with_app = Callback::new(move |()| on_connect.run(Some(Path::BusinessApp)));
            let other = Callback::new(move |()| on_connect.run(Some(Path::Standard)));
            (
                Key::WaAppLead,
                Either::Right(view! {
                    <ConnectButton label enabled=can_connect on_click=with_app />
                    <ConnectButton
                        label=Key::WaConnectOther
                        enabled=can_connect
                        on_click=other
                        secondary=true
                    />
                }),
            )
        }
    };
    view! {
        <h1 id="connect-title" tabindex="-1">
            {texts.get(Key::WaTitle).to_owned()}
        </h1>
        <p>{texts.fill(lead, &[("vendor", &vendor_name)])}</p>
        {buttons}
        <NeedsJavaScript />
    }
}
