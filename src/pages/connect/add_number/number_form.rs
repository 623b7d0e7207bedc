use leptos::prelude::*;

use super::{form_action, method_choice::MethodChoice, FormFailure};
use crate::i18n::{use_texts, Key};

/// The number to add, its display name, and how its code is sent.
#[component]
pub fn NumberForm(session: String, waba_name: String, error: Option<String>) -> impl IntoView {
    let texts = use_texts();
    let account = if waba_name.is_empty() {
        texts.get(Key::WaYourAccount).to_owned()
    } else {
        texts.fill(Key::WaNamedAccount, &[("name", &waba_name)])
    };
    view! {
        <h1 id="connect-title">{texts.get(Key::AddTitle).to_owned()}</h1>
        <p>{texts.fill(Key::AddLead, &[("account", &account)])}</p>
        <FormFailure error />
        <form method="post" action=form_action("add") class="stack add-number">
            <input type="hidden" name="session" value=session />
            <label for="country-code">{texts.get(Key::AddCountry).to_owned()}</label>
            <input
                id="country-code"
                name="country_code"
                inputmode="numeric"
                autocomplete="tel-country-code"
                maxlength="4"
                required
            />
            <label for="phone-number">{texts.get(Key::AddNumber).to_owned()}</label>
            <input
                id="phone-number"
                name="phone_number"
                type="tel"
                autocomplete="tel-national"
                maxlength="24"
                required
            />
            <label for="display-name">{texts.get(Key::AddName).to_owned()}</label>
            <input
                id="display-name"
                name="display_name"
                autocomplete="organization"
                minlength="3"
                maxlength="100"
                aria-describedby="display-name-hint"
                required
            />
            <p id="display-name-hint" class="field-hint">
                {texts.get(Key::AddNameHint).to_owned()}
            </p>
            <MethodChoice name="add" />
            <button type="submit" class="button connect-button">
                {texts.get(Key::AddSend).to_owned()}
            </button>
        </form>
    }
}
