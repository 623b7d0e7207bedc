use leptos::prelude::*;

use crate::{
    i18n::{use_texts, Key},
    model::connect::ConnectError,
};

/// A session that can no longer be used, found out during the flow (used, expired, the
/// vendor deactivated): the customer starts again from the vendor's product.
#[component]
pub fn ClosedPanel(error: ConnectError, vendor_name: String) -> impl IntoView {
    let texts = use_texts();
    let hint = texts.fill(
        Key::ClosedHint,
        &[("error", &error.message(&texts)), ("vendor", &vendor_name)],
    );
    view! {
        <h1 id="connect-title" tabindex="-1">
            {texts.get(Key::ClosedTitle).to_owned()}
        </h1>
        <p role="alert">{hint}</p>
    }
}
