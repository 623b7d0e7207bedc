use leptos::prelude::*;

/// The button that opens Facebook's login (first, or with another account).
#[component]
pub fn LoginButton(
    label: &'static str,
    enabled: Signal<bool>,
    on_log_in: Callback<()>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="button connect-button"
            disabled=move || !enabled.get()
            on:click=move |_| on_log_in.run(())
        >
            {label}
        </button>
    }
}
