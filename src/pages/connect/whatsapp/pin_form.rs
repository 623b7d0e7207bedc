use leptos::prelude::*;

use crate::i18n::{use_texts, Key};

/// The number already has two-step verification: the customer types its six-digit PIN
/// so that the number can be registered with it.
#[component]
pub fn PinForm(phone: String, mismatch: bool, on_pin: Callback<String>) -> impl IntoView {
    let texts = use_texts();
    let pin = RwSignal::new(String::new());
    let number = if phone.is_empty() {
        texts.get(Key::WaThisNumber).to_owned()
    } else {
        texts.fill(Key::WaTheNumber, &[("phone", &phone)])
    };
    let complete = move || pin.with(|p| p.len() == 6 && p.bytes().all(|b| b.is_ascii_digit()));
    view! {
        <h1 id="connect-title" tabindex="-1">
            {texts.get(Key::WaPinTitle).to_owned()}
        </h1>
        <p>{texts.fill(Key::WaPinLead, &[("number", &number)])}</p>
        {mismatch
            .then(|| {
                view! {
                    <p class="form-error" role="alert">
                        {texts.get(Key::WaPinMismatch).to_owned()}
                    </p>
                }
            })}
        <form
            class="pin-form"
            on:submit=move |ev| {
                ev.prevent_default();
                if complete() {
                    on_pin.run(pin.get_untracked());
                }
            }
        >
            <label for="pin">{texts.get(Key::WaPinLabel).to_owned()}</label>
            <input
                id="pin"
                name="pin"
                type="password"
                inputmode="numeric"
                autocomplete="off"
                maxlength="6"
                pattern="[0-9]{6}"
                required
                prop:value=pin
                on:input=move |ev| pin.set(event_target_value(&ev))
            />
            <button type="submit" class="button connect-button" disabled=move || !complete()>
                {texts.get(Key::WaPinSubmit).to_owned()}
            </button>
        </form>
        <p class="hint">{texts.get(Key::WaPinForgot).to_owned()}</p>
    }
}
