use std::collections::HashSet;

use leptos::prelude::*;

use crate::model::connect::PageChoice;

/// The customer's pages: searchable, with checkboxes; pages without the messaging task
/// are shown but cannot be chosen.
#[component]
pub fn PagePicker(pages: Vec<PageChoice>, selected: RwSignal<HashSet<String>>) -> impl IntoView {
    let (query, set_query) = signal(String::new());
    let total = pages.len();
    let pages = StoredValue::new(pages);
    let visible = move || {
        let needle = query.get().to_lowercase();
        pages.with_value(|all| {
            all.iter()
                .filter(|p| needle.is_empty() || p.name.to_lowercase().contains(&needle))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <label class="search-label" for="page-search">{format!("Search your {total} Pages")}</label>
        <input
            id="page-search"
            class="search"
            type="search"
            placeholder="Page name"
            prop:value=query
            on:input=move |ev| set_query.set(event_target_value(&ev))
        />
        <ul class="page-list" aria-label="Your Facebook Pages">
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
                                    <span class="page-reason">{why.explain()}</span>
                                })}
                            </label>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}
