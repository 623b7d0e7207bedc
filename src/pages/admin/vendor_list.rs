use crate::components::admin::TableScroll;
use leptos::prelude::*;

use crate::components::admin::LoadError;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{layout::use_staff, new_vendor_form::NewVendorForm};
use crate::{
    components::admin::Pager, model::admin::VendorListView, server_fns::admin::list_vendors,
};

/// Every vendor, newest first, 50 a page, searchable by name or vendor id.
#[component]
pub fn VendorListPage() -> impl IntoView {
    let query = use_query_map();
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1));
    let vendors = Resource::new_blocking(
        move || (search(), page()),
        |(search, page)| list_vendors(Some(search), page),
    );
    let staff = use_staff();
    view! {
        <Title text="Vendors · WhatsPortal admin" />
        <h1>"Vendors"</h1>
        <form method="get" action="/admin/vendors" class="search-form" role="search">
            <label for="vendor-search">"Search by name or vendor ID"</label>
            <input id="vendor-search" name="q" type="search" prop:value=search />
            <button type="submit" class="button">
                "Search"
            </button>
        </form>
        <Transition fallback=|| {
            view! { <p class="loading">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match vendors.await {
                    Ok(list) => view! { <VendorTable list /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
        {staff.can_change.then(|| view! { <NewVendorForm /> })}
    }
}

#[component]
fn VendorTable(list: VendorListView) -> impl IntoView {
    let search = list.search.clone();
    let href = move |page: u32| {
        let mut url = url_for_page(page);
        if !search.is_empty() {
            url.push_str("&q=");
            url.push_str(&encode_query(&search));
        }
        url
    };
    view! {
        <p class="count" data-testid="vendor-count">
            {count_of(list.total, "vendor")}
        </p>
        <TableScroll>
            <table class="table">
                <thead>
                    <tr>
                        <th>"Name"</th>
                        <th>"Vendor ID"</th>
                        <th>"Status"</th>
                        <th>"Created"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .vendors
                        .into_iter()
                        .map(|v| {
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!("/admin/vendors/{}", v.id)>{v.name}</a>
                                    </td>
                                    <td>
                                        <code>{v.id}</code>
                                    </td>
                                    <td>{if v.active { "active" } else { "deactivated" }}</td>
                                    <td>{v.created}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </TableScroll>
        <Pager page=list.page pages=list.pages href />
    }
}

fn url_for_page(page: u32) -> String {
    format!("/admin/vendors?page={page}")
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn encode_query(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// "1 vendor", "2 vendors".
pub fn count_of(count: i64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
