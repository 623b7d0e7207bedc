use leptos::prelude::*;

use crate::{
    i18n::{use_texts, Key},
    model::connect::InAppBrowser,
};

/// Above the flow in an app's built-in browser: Meta's window may not open there, and
/// this is how to reach the phone's own browser (the same page, still unused).
#[component]
pub fn InAppNotice(in_app: InAppBrowser) -> impl IntoView {
    let texts = use_texts();
    let way_out = match in_app {
        InAppBrowser::Android { open_url } => view! {
            <a class="in-app-open" href=open_url>
                {texts.get(Key::InAppOpen).to_owned()}
            </a>
        }
        .into_any(),
        InAppBrowser::Other => {
            view! { <span>{texts.get(Key::InAppMenu).to_owned()}</span> }.into_any()
        }
    };
    view! {
        <p class="in-app-notice" role="note">
            {texts.get(Key::InAppNotice).to_owned()}
            " "
            {way_out}
        </p>
    }
}
