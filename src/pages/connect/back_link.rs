use leptos::prelude::*;

use crate::i18n::{use_texts, Key};

/// "Back to {vendor}": our link to the session's return URL, which carries the outcome
/// the session has when it is followed. Rendered on the server, outside the flow.
#[component]
pub fn BackToVendor(href: String, vendor: String) -> impl IntoView {
    let text = use_texts().fill(Key::BackToVendor, &[("vendor", &vendor)]);
    view! {
        <p class="back-to-vendor">
            <a href=href data-testid="back-to-vendor">
                {text}
            </a>
        </p>
    }
}
