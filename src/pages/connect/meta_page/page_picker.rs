use leptos::prelude::*;

use crate::{
    i18n::text_case::lowercase,
    i18n::{use_texts, Key, Texts},
    model::connect::PageChoice,
};

/// The customer's pages: searchable, with checkboxes; pages without the messaging task
/// are shown but cannot be chosen.
#[component]
pub fn PagePicker(pages: Vec<PageChoice>, selected: RwSignal<Vec<String>>) -> impl IntoView {
    let texts = use_texts();
    let (query, set_query) = signal(String::new());
    let search_label = texts.fill(Key::PagesSearch, &[("n", &pages.len().to_string())]);
    // Every page is rendered once; the search hides those it does not match (no keyed
    // list to diff, and a page keeps its checkbox while the customer types).
    // The search in lower case, once per keystroke for all the pages.
    let needle = Memo::new(move |_| lowercase(&query.get()));
    let items = pages
        .into_iter()
        .map(|page| page_item(page, &texts, needle, selected))
        .collect::<Vec<_>>();
    view! {
        <label class="search-label" for="page-search">
            {search_label}
        </label>
        <input
            id="page-search"
            class="search"
            type="search"
            placeholder=texts.get(Key::PagesSearchPlaceholder).to_owned()
            prop:value=query
            on:input=move |ev| set_query.set(event_target_value(&ev))
        />
        <ul class="page-list" aria-label=texts.get(Key::PagesList).to_owned()>
            {items}
        </ul>
    }
}

/// One page of the list: shown while its name matches the search.
fn page_item(
    page: PageChoice,
    texts: &Texts,
    needle: Memo<String>,
    selected: RwSignal<Vec<String>>,
) -> impl IntoView {
    let id = page.id.clone();
    let checked_id = id.clone();
    let input_id = format!("page-{id}");
    let name = lowercase(&page.name);
    let connectable = page.connectable();
    let hidden =
        move || needle.with(|needle| !needle.is_empty() && !name.contains(needle.as_str()));
    let reason = page
        .not_connectable
        .map(|why| texts.get(why.explain()).to_owned());
    view! {
        <li class="page-item" class:disabled=!connectable hidden=hidden>
            <input
                type="checkbox"
                id=input_id.clone()
                disabled=!connectable
                prop:checked=move || selected.with(|s| s.contains(&checked_id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected
                        .update(|s| {
                            s.retain(|chosen| *chosen != id);
                            if on {
                                s.push(id.clone());
                            }
                        });
                }
            />
            <label for=input_id>
                <span class="page-name">{page.name}</span>
                <span class="page-category">{page.category}</span>
                {reason.map(|reason| view! { <span class="page-reason">{reason}</span> })}
            </label>
        </li>
    }
}
