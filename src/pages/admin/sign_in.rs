use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{components::admin::FormError, model::admin::AdminError, server_fns::admin::SignIn};

/// The sign-in form. Without JavaScript a failure comes back as a fixed code in the
/// address (never a text taken from it).
#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let from_address = use_query_map().with_untracked(|q| {
        AdminError::of_failed_sign_in(q.get("failed").as_deref(), AdminError::BadCredentials)
    });
    let error = Signal::derive(move || match sign_in.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(())) => None,
        None => from_address.clone(),
    });
    view! {
        <Title text="Sign in · WhatsPortal admin" />
        <main class="admin sign-in">
            <h1>"WhatsPortal admin"</h1>
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
                <FormError error />
                <button type="submit" class="button" disabled=move || sign_in.pending().get()>
                    "Sign in"
                </button>
            </ActionForm>
        </main>
    }
}
