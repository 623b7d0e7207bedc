use leptos::prelude::*;

use super::SecretOnce;
use crate::model::admin::{Flash, FlashKind};

/// The one-time message left by a form posted without JavaScript.
#[component]
pub fn FlashView(flash: Flash) -> impl IntoView {
    match (flash.kind, flash.secret) {
        (_, Some(secret)) => view! { <SecretOnce label=flash.text secret /> }.into_any(),
        (FlashKind::Error, None) => view! {
            <p class="form-error" role="alert">
                {flash.text}
            </p>
        }
        .into_any(),
        (FlashKind::Notice, None) => view! {
            <p class="notice" role="status">
                {flash.text}
            </p>
        }
        .into_any(),
    }
}
