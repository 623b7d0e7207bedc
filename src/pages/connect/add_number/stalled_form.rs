use leptos::prelude::*;

use super::{form_action, FormFailure};
use crate::i18n::{use_texts, Key};

/// The added number is verified but a later step failed: what failed, and Try again.
#[component]
pub fn StalledForm(session: String, error: Option<String>) -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1 id="connect-title">{texts.get(Key::WaStalledTitle).to_owned()}</h1>
        <FormFailure error />
        <form method="post" action=form_action("retry")>
            <input type="hidden" name="session" value=session />
            <button type="submit" class="button connect-button">
                {texts.get(Key::TryAgain).to_owned()}
            </button>
        </form>
    }
}
