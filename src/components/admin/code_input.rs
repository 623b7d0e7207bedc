use leptos::prelude::*;

/// The field for an authenticator app's 6-digit code (a space in the middle allowed,
/// as some apps show it), offered by the browser's one-time-code autofill.
#[component]
pub fn AuthenticatorCode() -> impl IntoView {
    view! {
        <label for="code">"Code from your authenticator app"</label>
        <input
            id="code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9 ]{6,7}"
            required
        />
    }
}
