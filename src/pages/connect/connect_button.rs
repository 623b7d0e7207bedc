use leptos::prelude::*;

use crate::i18n::{use_texts, Key};

/// The flows' main button: it starts (or goes back to) Meta's dialog, so it is enabled
/// only while the page can do that now.
#[component]
pub fn ConnectButton(
    label: Key,
    enabled: Signal<bool>,
    on_click: Callback<()>,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    let class = if secondary {
        "button secondary"
    } else {
        "button connect-button"
    };
    let label = use_texts().get(label).to_owned();
    view! {
        <button
            type="button"
            class=class
            disabled=move || !enabled.get()
            on:click=move |_| on_click.run(())
        >
            {label}
        </button>
    }
}
