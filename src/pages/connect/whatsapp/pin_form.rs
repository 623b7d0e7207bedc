use leptos::prelude::*;

/// The number already has two-step verification: the customer types its six-digit PIN
/// so that the number can be registered with it.
#[component]
pub fn PinForm(phone: String, mismatch: bool, on_pin: Callback<String>) -> impl IntoView {
    let pin = RwSignal::new(String::new());
    let number = if phone.is_empty() {
        "This phone number".to_owned()
    } else {
        format!("The number {phone}")
    };
    let complete = move || pin.with(|p| p.len() == 6 && p.bytes().all(|b| b.is_ascii_digit()));
    view! {
        <h1 id="connect-title">"Enter your two-step verification PIN"</h1>
        <p>{number}" already has a six-digit PIN for two-step verification. Enter it to finish."</p>
        {mismatch.then(|| view! {
            <p class="form-error" role="alert">"That PIN did not match the number's PIN. Check it and try again."</p>
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
            <label for="pin">"PIN (6 digits)"</label>
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
                "Finish with this PIN"
            </button>
        </form>
        <p class="hint">"Forgot it? You can reset it in WhatsApp Manager, under the number's two-step verification settings."</p>
    }
}
