use std::collections::HashSet;

use leptos::prelude::*;

use crate::{
    browser::text_case::lowercase,
    i18n::{use_texts, Key},
    model::connect::PageChoice,
};

/// The customer's pages: searchable, with checkboxes; pages without the messaging task
/// are shown but cannot be chosen.
#[component]
pub fn PagePicker(pages: Vec<PageChoice>, selected: RwSignal<HashSet<String>>) -> impl IntoView {
    let texts = use_texts();
    let (query, set_query) = signal(String::new());
    let search_label = texts.fill(Key::PagesSearch, &[("n", &pages.len().to_string())]);
    let reasons = StoredValue::new(texts.clone());
    let pages = StoredValue::new(pages);
    let visible = move || {
        let needle = lowercase(&query.get());
        pages.with_value(|all| {
            all.iter()
                .filter(|p| needle.is_empty() || lowercase(&p.name).contains(&needle))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <label class="search-label" for="page-search">{search_label}</label>
        <input
            id="page-search"
            class="search"
            type="search"
            placeholder=texts.get(Key::PagesSearchPlaceholder).to_owned()
            prop:value=query
            on:input=move |ev| set_query.set(event_target_value(&ev))
        />
        <ul class="page-list" aria-label=texts.get(Key::PagesList).to_owned()>
            <For each=visible key=|page| page.id.clone() let:page>
                {
                    let id = page.id.clone();
                    let checked_id = id.clone();
                    let input_id = format!("page-{id}");
                    view! {
                        <li class="page-item" class:disabled=!page.connectable()>
                            <input
                                type="checkbox"
                                id=input_id.clone()
                                disabled=!page.connectable()
                                prop:checked=move || selected.with(|s| s.contains(&checked_id))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    selected.update(|s| {
                                        if on { s.insert(id.clone()); } else { s.remove(&id); }
                                    });
                                }
                            />
                            <label for=input_id>
                                <span class="page-name">{page.name.clone()}</span>
                                <span class="page-category">{page.category.clone()}</span>
                                {page.not_connectable.map(|why| view! {
                                    <span class="page-reason">{reasons.with_value(|t| t.get(why.explain()).to_owned())}</span>
                                })}
                            </label>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}
