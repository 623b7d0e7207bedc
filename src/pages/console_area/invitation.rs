use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    components::admin::{AuthenticatorCode, FormError, LoadError},
    model::admin::{AdminError, InvitationView},
    server_fns::admin::{open_invitation, AcceptInvitation},
};

/// An invitation or reset link: the user adds the key to an authenticator app, then
/// chooses a password and types a code to prove the app has the key.
#[component]
pub fn InvitationPage() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let failed = query.with_untracked(|q| q.get("failed"));
    let link = Resource::new_blocking(move || token.clone(), open_invitation);
    view! {
        <Title text="Your invitation · WhatsPortal console" />
        <main class="admin sign-in">
            <h1>"WhatsPortal console"</h1>
            <Transition fallback=|| {
                view! { <p class="loading">"Loading…"</p> }
            }>
                {move || {
                    let failed = failed.clone();
                    Suspend::new(async move {
                        match link.await {
                            Ok(view) => {
                                let token = query
                                    .with_untracked(|q| q.get("token"))
                                    .unwrap_or_default();
                                view! { <AcceptForm view token failed /> }.into_any()
                            }
                            Err(error) => view! { <LoadError error /> }.into_any(),
                        }
                    })
                }}
            </Transition>
        </main>
    }
}

/// What a failure named in the address means (a fixed list; never text from it).
fn failure(label: Option<&str>) -> Option<AdminError> {
    let text = match label? {
        "code" => "The code does not match: add the key to your app again and type the 6 digits it shows now.",
        "password" => "Choose a password of at least 12 characters.",
        _ => "This link can no longer be used: ask an owner of your team for a new one.",
    };
    Some(AdminError::Invalid(text.to_owned()))
}

#[component]
fn AcceptForm(view: InvitationView, token: String, failed: Option<String>) -> impl IntoView {
    let accept = ServerAction::<AcceptInvitation>::new();
    let from_address = failure(failed.as_deref());
    let error = Signal::derive(move || match accept.value().get() {
        Some(Err(e)) => Some(e),
        Some(Ok(())) => None,
        None => from_address.clone(),
    });
    let heading = if view.is_reset {
        "Set a new password and authenticator app"
    } else {
        "Welcome: set up your sign-in"
    };
    view! {
        <h2>{heading}</h2>
        <p>
            "For "<strong data-testid="invited-email">{view.email}</strong>" at "
            <strong>{view.vendor_name}</strong>"."
        </p>
        <ol class="steps">
            <li>
                "Add this key to an authenticator app (Google Authenticator, 1Password, Authy…): "
                <a href=view.otpauth_url>"open it in your app"</a> ", or type it in:" <br />
                <code data-testid="totp-key">{view.typed_key}</code>
            </li>
            <li>"Choose a password and type the 6-digit code your app shows."</li>
        </ol>
        <ActionForm action=accept attr:class="stack">
            <input type="hidden" name="token" value=token />
            <label for="new-password">"Password (at least 12 characters)"</label>
            <input
                id="new-password"
                name="password"
                type="password"
                autocomplete="new-password"
                minlength="12"
                required
            />
            <AuthenticatorCode />
            <FormError error />
            <button type="submit" class="button" disabled=move || accept.pending().get()>
                "Save and sign in"
            </button>
        </ActionForm>
    }
}
