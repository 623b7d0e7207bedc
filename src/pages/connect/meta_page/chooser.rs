use std::collections::HashSet;

use leptos::prelude::*;

use super::page_picker::PagePicker;
use crate::model::connect::PageChoice;

/// The customer's pages to choose from, and the button that connects the choice.
#[component]
pub fn PageChooser(
    pages: Vec<PageChoice>,
    selected: RwSignal<HashSet<String>>,
    vendor_name: String,
    busy: bool,
    on_connect: Callback<()>,
    on_switch: Callback<()>,
) -> impl IntoView {
    view! {
        <h1 id="connect-title">"Choose the Pages to connect"</h1>
        <p>{format!("{vendor_name} will answer messages sent to the Pages you choose.")}</p>
        <PagePicker pages selected />
        <button
            type="button"
            class="button connect-button"
            disabled=move || busy || selected.with(HashSet::is_empty)
            on:click=move |_| on_connect.run(())
        >
            {move || if busy { "Connecting…".to_owned() } else { match selected.with(HashSet::len) {
                0 => "Choose at least one Page".to_owned(),
                1 => "Connect 1 Page".to_owned(),
                n => format!("Connect {n} Pages"),
            } }}
        </button>
        <button type="button" class="link-button" disabled=busy on:click=move |_| on_switch.run(())>
            "Use another Facebook account"
        </button>
    }
}
