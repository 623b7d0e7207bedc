use leptos::prelude::*;

/// A secret shown once (a new API key or password), with a copy button once the page
/// runs JavaScript.
#[component]
pub fn SecretOnce(#[prop(into)] label: String, #[prop(into)] secret: String) -> impl IntoView {
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let (copied, set_copied) = signal(false);
    let to_copy = secret.clone();
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let clipboard = window().navigator().clipboard();
            let _promise = clipboard.write_text(&to_copy);
            set_copied.set(true);
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (&to_copy, set_copied);
        }
    };
    view! {
        <div class="secret-once" role="status">
            <p>{label}</p>
            <code class="secret" data-testid="secret">{secret}</code>
            <Show when=move || hydrated.get()>
                <button type="button" class="button small" on:click=copy.clone()>
                    {move || if copied.get() { "Copied" } else { "Copy" }}
                </button>
            </Show>
        </div>
    }
}
