use leptos::prelude::*;

/// Shown on every page served against the Meta simulator.
#[component]
pub fn SimulatedBanner() -> impl IntoView {
    view! {
        <p class="simulated" role="note">"Simulated Meta: nothing here reaches Facebook or WhatsApp."</p>
    }
}
