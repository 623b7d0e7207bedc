use leptos::prelude::*;

/// A secret shown once (a new API key or password), selected whole on a click so that
/// it copies in one go; the admin area runs no script.
#[component]
pub fn SecretOnce(#[prop(into)] label: String, #[prop(into)] secret: String) -> impl IntoView {
    view! {
        <div class="secret-once" role="status">
            <p>{label}</p>
            <code class="secret" data-testid="secret">
                {secret}
            </code>
        </div>
    }
}
