use leptos::prelude::*;

use super::machine::Phase;
use crate::{
    components::needs_javascript::NeedsJavaScript,
    i18n::{use_texts, Key},
    pages::connect::connect_button::ConnectButton,
};

/// What the customer reads before logging in, and while Facebook and then the server
/// are at work. Where Meta's popup cannot open, a form runs Meta's login as a full page
/// in this tab (it needs no JavaScript; it posts, so the browser's binding cookie and
/// this site's origin come with it).
#[component]
pub fn PagesStart(
    phase: Phase,
    vendor_name: String,
    can_log_in: Signal<bool>,
    on_log_in: Callback<()>,
    full_page_url: Option<String>,
) -> impl IntoView {
    let texts = use_texts();
    let label = match phase {
        Phase::InMeta => Key::WaitingForFacebook,
        Phase::Loading => Key::PagesLoading,
        _ => Key::PagesConnect,
    };
    view! {
        <h1 id="connect-title" tabindex="-1">
            {texts.get(Key::PagesTitle).to_owned()}
        </h1>
        <p>{texts.fill(Key::PagesLead, &[("vendor", &vendor_name)])}</p>
        <ConnectButton label enabled=can_log_in on_click=on_log_in />
        {full_page_url
            .map(|action| {
                view! {
                    <form class="full-page-login" method="post" action=action>
                        <button type="submit">{texts.get(Key::PagesFullPage).to_owned()}</button>
                    </form>
                }
            })}
        <NeedsJavaScript />
    }
}
