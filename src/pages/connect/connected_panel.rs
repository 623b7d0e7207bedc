use leptos::prelude::*;

use crate::i18n::{use_texts, Key};

/// The end of a successful flow: whether the vendor's window got the result decides
/// where the customer goes next; `missing` lists what still stands between a WhatsApp
/// number and sending (already in the customer's language).
#[component]
pub fn ConnectedPanel(
    title: String,
    vendor_name: String,
    delivered: bool,
    #[prop(optional)] missing: Vec<String>,
) -> impl IntoView {
    let next = if delivered {
        Key::DoneCloseTab
    } else {
        Key::DoneReturn
    };
    let texts = use_texts();
    let next = texts.fill(next, &[("vendor", &vendor_name)]);
    let missing = (!missing.is_empty()).then(|| {
        let lead = texts.get(Key::ReadyMissing).to_owned();
        let items = missing
            .into_iter()
            .map(|text| view! { <li>{text}</li> })
            .collect::<Vec<_>>();
        view! {
            <section class="missing" aria-labelledby="missing-lead">
                <p id="missing-lead">{lead}</p>
                <ul>{items}</ul>
            </section>
        }
    });
    view! {
        <h1 id="connect-title" tabindex="-1">
            {title}
        </h1>
        <p class="done" role="status">
            {next}
        </p>
        {missing}
    }
}
