use leptos::prelude::*;

/// Any path the product does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::response_status::set(404);
    view! {
        <main class="page">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <a href="/">"Go to the home page"</a></p>
        </main>
    }
}
