use leptos::prelude::*;

/// A note in the server's HTML that connecting needs JavaScript; it goes away once the
/// page has hydrated (effects run only in the browser), so it stays with JavaScript off.
#[component]
pub fn NeedsJavaScript() -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    move || {
        (!hydrated.get()).then(|| {
            view! { <p class="hint">"Getting ready… Connecting needs JavaScript turned on."</p> }
        })
    }
}
