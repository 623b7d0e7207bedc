use leptos::prelude::*;

use crate::i18n::{use_texts, Key};

/// The Facebook account manages no Page: say so, and offer another account.
#[component]
pub fn NoPages(on_switch: Callback<()>) -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1 id="connect-title" tabindex="-1">
            {texts.get(Key::PagesNoneTitle).to_owned()}
        </h1>
        <p>{texts.get(Key::PagesNoneHint).to_owned()}</p>
        <button type="button" class="button connect-button" on:click=move |_| on_switch.run(())>
            {texts.get(Key::PagesOtherAccount).to_owned()}
        </button>
    }
}
