use leptos::prelude::*;

use crate::i18n::{use_texts, Key};

/// The end of a successful flow: whether the vendor's window got the result decides
/// where the customer goes next.
#[component]
pub fn ConnectedPanel(title: String, vendor_name: String, delivered: bool) -> impl IntoView {
    let next = if delivered {
        Key::DoneCloseTab
    } else {
        Key::DoneReturn
    };
    let next = use_texts().fill(next, &[("vendor", &vendor_name)]);
    view! {
        <h1 id="connect-title" tabindex="-1">
            {title}
        </h1>
        <p class="done" role="status">
            {next}
        </p>
    }
}
