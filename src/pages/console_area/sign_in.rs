use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    components::admin::{AuthenticatorCode, FormError},
    model::admin::AdminError,
    server_fns::admin::ConsoleSignIn,
};

/// The console's sign-in form: email, password and the code of an authenticator app.
/// Without JavaScript a failure comes back as a fixed code in the address.
#[component]
pub fn ConsoleSignInPage() -> impl IntoView {
    let sign_in = ServerAction::<ConsoleSignIn>::new();
    let from_address = use_query_map().with_untracked(|q| {
        AdminError::of_failed_sign_in(
            q.get("failed").as_deref(),
            AdminError::BadConsoleCredentials,
        )
    });
    let error = Signal::derive(move || match sign_in.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(())) => None,
        None => from_address.clone(),
    });
    view! {
        <Title text="Sign in · WhatsPortal console" />
        <main class="admin sign-in">
            <h1>"WhatsPortal console"</h1>
            <p>"Run your WhatsPortal integration: API keys, origins, webhooks and connections."</p>
            <ActionForm action=sign_in attr:class="stack">
                <label for="email">"Email"</label>
                <input id="email" name="email" type="email" autocomplete="username" required />
                <label for="password">"Password"</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    required
                />
                <AuthenticatorCode />
                <FormError error />
                <button type="submit" class="button" disabled=move || sign_in.pending().get()>
                    "Sign in"
                </button>
            </ActionForm>
            <p class="muted">
                "No account yet, or lost your authenticator app? An owner of your team (or WhatsPortal) sends you a link."
            </p>
        </main>
    }
}
