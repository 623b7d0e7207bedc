use leptos::prelude::*;

use crate::{
    i18n::{use_texts, Key},
    model::connect::ConnectError,
    pages::connect::connect_button::ConnectButton,
};

/// A step after Meta's dialog failed; what Meta shared is kept. Try again runs that step
/// again; Start again runs Meta's dialog again.
#[component]
pub fn Stalled(
    error: ConnectError,
    can_connect: Signal<bool>,
    on_retry: Callback<()>,
    on_connect: Callback<()>,
) -> impl IntoView {
    let texts = use_texts();
    view! {
        <h1 id="connect-title" tabindex="-1">
            {texts.get(Key::WaStalledTitle).to_owned()}
        </h1>
        <p role="alert">{error.message(&texts)}</p>
        <div class="actions">
            <button type="button" class="button connect-button" on:click=move |_| on_retry.run(())>
                {texts.get(Key::TryAgain).to_owned()}
            </button>
            <ConnectButton
                label=Key::StartAgain
                enabled=can_connect
                on_click=on_connect
                secondary=true
            />
        </div>
    }
}
