use crate::components::admin::TableScroll;
use leptos::prelude::*;

use crate::components::admin::LoadError;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    area::{title, use_area},
    vendor_list::encode_query,
};
use crate::{model::admin::AuditListView, server_fns::admin::list_audit};

const FILTERS: [&str; 4] = ["actor", "action", "vendor", "days"];

/// Every staff action and sign-in, newest first, filterable by actor, action, vendor
/// and period. In the vendor console: the vendor's own entries (the server keeps to
/// them), without the vendor filter.
#[component]
pub fn AuditPage() -> impl IntoView {
    let area = use_area();
    let page = format!("{}/audit", area.base);
    let query = use_query_map();
    let field = move |name: &'static str| query.with(|q| q.get(name).filter(|v| !v.is_empty()));
    let entries = Resource::new_blocking(
        move || {
            (
                field("actor"),
                field("action"),
                field("vendor"),
                field("days"),
                field("before"),
            )
        },
        |(actor, action, vendor_id, days, before)| {
            list_audit(
                actor,
                action,
                vendor_id,
                days.and_then(|d| d.parse().ok()),
                before,
            )
        },
    );
    let base = area.base;
    let next_href = move |cursor: String| {
        let mut href = format!("{base}/audit?before={}", encode_query(&cursor));
        for name in FILTERS {
            if let Some(value) = field(name) {
                href.push_str(&format!("&{name}={}", encode_query(&value)));
            }
        }
        href
    };
    view! {
        <Title text=title(&area, "Audit log") />
        <h1>"Audit log"</h1>
        <form method="get" action=page class="filters" role="search">
            <label>
                "Actor (email or id)"
                <input name="actor" prop:value=move || field("actor").unwrap_or_default() />
            </label>
            <label>
                "Action (e.g. key.revoke, or key. for all)"
                <input name="action" prop:value=move || field("action").unwrap_or_default() />
            </label>
            {area
                .is_staff
                .then(|| {
                    view! {
                        <label>
                            "Vendor ID"
                            <input
                                name="vendor"
                                prop:value=move || field("vendor").unwrap_or_default()
                            />
                        </label>
                    }
                })}
            <label>
                "Last days"
                <input
                    name="days"
                    type="number"
                    min="1"
                    prop:value=move || field("days").unwrap_or_default()
                />
            </label>
            <button type="submit" class="button">
                "Filter"
            </button>
        </form>
        <Transition fallback=|| {
            view! { <p class="loading">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match entries.await {
                    Ok(list) => view! { <AuditTable list next_href /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn AuditTable(
    list: AuditListView,
    next_href: impl Fn(String) -> String + 'static,
) -> impl IntoView {
    let empty = list.entries.is_empty();
    view! {
        {empty.then(|| view! { <p class="muted">"No entries match."</p> })}
        <TableScroll>
            <table class="table" data-testid="audit">
                <thead>
                    <tr>
                        <th>"When"</th>
                        <th>"Who"</th>
                        <th>"Action"</th>
                        <th>"Target"</th>
                        <th>"Vendor"</th>
                        <th>"From"</th>
                        <th>"Detail"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .entries
                        .into_iter()
                        .map(|e| {
                            view! {
                                <tr>
                                    <td>{e.at}</td>
                                    <td>{e.actor}</td>
                                    <td>
                                        <code>{e.action}</code>
                                    </td>
                                    <td>{e.target.unwrap_or_default()}</td>
                                    <td>{e.vendor_id.unwrap_or_default()}</td>
                                    <td>{e.source_ip.unwrap_or_default()}</td>
                                    <td>{e.detail.unwrap_or_default()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </TableScroll>
        {list
            .next
            .map(|cursor| {
                view! {
                    <p>
                        <a href=next_href(cursor) rel="next">
                            "Older entries →"
                        </a>
                    </p>
                }
            })}
    }
}
