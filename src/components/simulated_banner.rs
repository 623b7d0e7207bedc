use leptos::prelude::*;

/// Shown on every page served against the Meta simulator; a test key's session says
/// it is in test mode.
#[component]
pub fn SimulatedBanner(test_mode: bool) -> impl IntoView {
    let text = if test_mode {
        "Test mode: this connection runs against the Meta simulator; nothing reaches Facebook or WhatsApp."
    } else {
        "Simulated Meta: nothing here reaches Facebook or WhatsApp."
    };
    view! { <p class="simulated" role="note" data-test-mode=test_mode.to_string()>{text}</p> }
}
