use leptos::prelude::*;

use super::page_picker::PagePicker;
use crate::{
    i18n::{use_texts, Key},
    model::connect::PageChoice,
};

/// The customer's pages to choose from, and the button that connects the choice.
#[component]
pub fn PageChooser(
    pages: Vec<PageChoice>,
    selected: RwSignal<Vec<String>>,
    vendor_name: String,
    busy: bool,
    on_connect: Callback<()>,
    on_switch: Callback<()>,
) -> impl IntoView {
    let texts = use_texts();
    let lead = texts.fill(Key::PagesChooseLead, &[("vendor", &vendor_name)]);
    let label = {
        let texts = texts.clone();
        move || {
            if busy {
                return texts.get(Key::Connecting).to_owned();
            }
            match selected.with(Vec::len) {
                0 => texts.get(Key::PagesChooseOne).to_owned(),
                1 => texts.get(Key::PagesConnectOne).to_owned(),
                n => texts.fill(Key::PagesConnectMany, &[("n", &n.to_string())]),
            }
        }
    };
    view! {
        <h1 id="connect-title" tabindex="-1">
            {texts.get(Key::PagesChooseTitle).to_owned()}
        </h1>
        <p>{lead}</p>
        <PagePicker pages selected />
        <button
            type="button"
            class="button connect-button"
            disabled=move || busy || selected.with(Vec::is_empty)
            on:click=move |_| on_connect.run(())
        >
            {label}
        </button>
        <button type="button" class="link-button" disabled=busy on:click=move |_| on_switch.run(())>
            {texts.get(Key::PagesOtherAccount).to_owned()}
        </button>
    }
}
