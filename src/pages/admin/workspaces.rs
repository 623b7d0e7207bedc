use crate::components::admin::TableScroll;
use leptos::prelude::*;

use crate::components::admin::LoadError;
use leptos_meta::Title;

use super::area::{title, use_area, VendorsCrumb};
use leptos_router::hooks::{use_params_map, use_query_map};

use super::vendor_list::{count_of, encode_query};
use crate::{
    components::admin::Pager,
    model::{
        admin::{PageRow, WhatsAppRow, WorkspaceListView, WorkspaceRow},
        ConnectionStatus, Mode,
    },
    server_fns::admin::list_workspaces,
};

/// A vendor's workspaces with their connections (ids and names only, never tokens),
/// searched by externalId or account_id.
#[component]
pub fn WorkspacesPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let vendor_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let search = move || query.with(|q| q.get("q").unwrap_or_default());
    let page = move || query.with(|q| q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1));
    let list = Resource::new_blocking(
        move || (vendor_id(), search(), page()),
        |(id, search, page)| list_workspaces(id, Some(search), page),
    );
    view! {
        <Transition fallback=|| {
            view! { <p class="loading">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <WorkspaceList list /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn WorkspaceList(list: WorkspaceListView) -> impl IntoView {
    let area = use_area();
    let vendor_path = area.vendor_path(&list.vendor_id);
    let base = format!("{vendor_path}/workspaces");
    let rows_base = base.clone();
    let search = list.search.clone();
    let href = {
        let base = base.clone();
        move |page: u32| format!("{base}?page={page}&q={}", encode_query(&search))
    };
    view! {
        <Title text=title(&area, &format!("Workspaces of {}", list.vendor_name)) />
        <p class="breadcrumbs">
            <VendorsCrumb />
            <a href=vendor_path>{list.vendor_name.clone()}</a>
        </p>
        <h1>"Workspaces"</h1>
        <form method="get" action=base class="search-form" role="search">
            <label for="workspace-search">"externalId or account_id"</label>
            <input id="workspace-search" name="q" type="search" value=list.search.clone() />
            <button type="submit" class="button">
                "Search"
            </button>
        </form>
        <p class="count">{count_of(list.total, "workspace")}</p>
        <TableScroll>
            <table class="table" data-testid="workspaces">
                <thead>
                    <tr>
                        <th>"externalId"</th>
                        <th>"account_id"</th>
                        <th>"Name"</th>
                        <th>"Created"</th>
                        <th>"WhatsApp"</th>
                        <th>"Pages"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .workspaces
                        .into_iter()
                        .map(|w| workspace_row(w, &rows_base))
                        .collect_view()}
                </tbody>
            </table>
        </TableScroll>
        <Pager page=list.page pages=list.pages href />
    }
}

/// Where a connection stands, in words: its state, and why when it moved.
pub fn state_text(status: ConnectionStatus, reason: Option<&str>) -> String {
    let state = match status {
        ConnectionStatus::Active => "active",
        ConnectionStatus::NeedsPhoneNumber => "waiting for a phone number",
        ConnectionStatus::NeedsRegistration => "number not registered yet",
        ConnectionStatus::Disconnected => "disconnected",
        ConnectionStatus::Restricted => "restricted by Meta",
        ConnectionStatus::TokenInvalid => "token no longer valid",
    };
    match reason {
        Some(reason) => format!("{state} ({reason})"),
        None => state.to_owned(),
    }
}

/// A WhatsApp connection on one line.
pub fn whatsapp_text(c: WhatsAppRow) -> String {
    let mut text = format!(
        "WABA {} · phone {} · {} · {}",
        c.waba_id,
        c.phone_number_id.unwrap_or_else(|| "none".into()),
        c.connected,
        state_text(c.status, c.status_reason.as_deref())
    );
    if let Some(quality) = c.quality_rating {
        text.push_str(&format!(" · quality {quality}"));
    }
    if let Some(name) = c.display_name {
        text.push_str(&format!(" · display name {name}"));
    }
    if c.coexistence {
        text.push_str(" · stays on the WhatsApp Business app");
    }
    text
}

/// A connected page on one line.
pub fn page_text(p: PageRow) -> String {
    format!(
        "{} ({}) · {} · {} · {}",
        p.name,
        p.category,
        p.id,
        p.connected,
        state_text(p.status, p.status_reason.as_deref())
    )
}

/// A workspace's row; `workspaces` is the list's address in this area.
fn workspace_row(w: WorkspaceRow, workspaces: &str) -> impl IntoView {
    let whatsapp = w.whatsapp.map(whatsapp_text);
    let detail = format!("{workspaces}/{}", w.account_id);
    view! {
        <tr>
            <td>
                <code>{w.external_id}</code>
                {(w.mode == Mode::Test).then_some(" (test)")}
            </td>
            <td>
                <a href=detail>
                    <code>{w.account_id}</code>
                </a>
            </td>
            <td>{w.name}</td>
            <td>{w.created}</td>
            <td>{whatsapp.unwrap_or_else(|| "—".into())}</td>
            <td>
                <ul class="plain">
                    {w.pages.into_iter().map(|p| view! { <li>{page_text(p)}</li> }).collect_view()}
                </ul>
            </td>
        </tr>
    }
}
