use leptos::prelude::*;

use super::{form_action, method_choice::MethodChoice, FormFailure};
use crate::i18n::{use_texts, Key};

/// The code Meta sent to the added number; a new code (by text or call); or another
/// number instead.
#[component]
pub fn CodeForm(
    session: String,
    display: String,
    error: Option<String>,
    test_code: Option<String>,
) -> impl IntoView {
    let texts = use_texts();
    let test_hint = test_code.map(|code| {
        view! { <p class="hint">{texts.fill(Key::AddTestCode, &[("code", &code)])}</p> }
    });
    view! {
        <h1 id="connect-title">{texts.get(Key::AddCodeTitle).to_owned()}</h1>
        <p role="status">{texts.fill(Key::AddCodeLead, &[("phone", &display)])}</p>
        {test_hint}
        <FormFailure error />
        <form method="post" action=form_action("verify") class="pin-form">
            <input type="hidden" name="session" value=session.clone() />
            <label for="code">{texts.get(Key::AddCodeLabel).to_owned()}</label>
            <input
                id="code"
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength="9"
                required
            />
            <button type="submit" class="button connect-button">
                {texts.get(Key::AddVerify).to_owned()}
            </button>
        </form>
        <form method="post" action=form_action("code") class="stack">
            <input type="hidden" name="session" value=session.clone() />
            <MethodChoice name="again" />
            <button type="submit" class="button secondary">
                {texts.get(Key::AddResend).to_owned()}
            </button>
        </form>
        <form method="post" action=form_action("change")>
            <input type="hidden" name="session" value=session />
            <button type="submit" class="link-button">
                {texts.get(Key::AddOther).to_owned()}
            </button>
        </form>
    }
}
