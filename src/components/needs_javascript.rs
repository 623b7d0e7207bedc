use leptos::prelude::*;

use crate::i18n::{use_texts, Key};

/// A note in the server's HTML that connecting needs JavaScript; it goes away once the
/// page has hydrated (effects run only in the browser), so it stays with JavaScript off.
#[component]
pub fn NeedsJavaScript() -> impl IntoView {
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let text = use_texts().get(Key::NeedsJavascript).to_owned();
    move || {
        let text = text.clone();
        (!hydrated.get()).then(|| view! { <p class="hint">{text}</p> })
    }
}
