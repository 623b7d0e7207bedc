use leptos::prelude::*;

use crate::i18n::{use_texts, Key};

/// Shown on every page served against the Meta simulator; a test key's session says
/// it is in test mode.
#[component]
pub fn SimulatedBanner(test_mode: bool) -> impl IntoView {
    let key = if test_mode {
        Key::TestMode
    } else {
        Key::Simulated
    };
    let text = use_texts().get(key).to_owned();
    view! {
        <p class="simulated" role="note" data-test-mode=test_mode.to_string()>
            {text}
        </p>
    }
}
