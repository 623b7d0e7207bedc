use leptos::prelude::*;

/// A data table that scrolls sideways on its own on a narrow screen (or at 400% zoom),
/// so that the page around it never does. Focusable, so that keyboard users can scroll it.
#[component]
pub fn TableScroll(children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0">
            {children()}
        </div>
    }
}
