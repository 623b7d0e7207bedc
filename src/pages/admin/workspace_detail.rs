use crate::components::admin::TableScroll;
use leptos::prelude::*;

use crate::components::admin::LoadError;
use leptos_meta::Title;

use super::area::{title, use_area, VendorsCrumb};
use leptos_router::hooks::use_params_map;

use super::{
    meta_events::MetaEventTable,
    workspaces::{page_text, state_text, whatsapp_text},
};
use crate::{
    model::{
        admin::{HistoryRow, NumberRow, SyncRow, WorkspaceDetailView},
        Named,
    },
    server_fns::admin::show_workspace,
};

/// One workspace: its connections and where each stands, every move of each (with what
/// moved it), and the Meta events that applied to it.
#[component]
pub fn WorkspaceDetailPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        params.with(|p| {
            (
                p.get("id").unwrap_or_default(),
                p.get("account_id").unwrap_or_default(),
            )
        })
    };
    let detail = Resource::new_blocking(ids, |(vendor_id, account_id)| {
        show_workspace(vendor_id, account_id)
    });
    view! {
        <Transition fallback=|| {
            view! { <p class="loading">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => view! { <WorkspaceDetail detail /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn WorkspaceDetail(detail: WorkspaceDetailView) -> impl IntoView {
    let w = detail.workspace;
    let area = use_area();
    let vendor = area.vendor_path(&detail.vendor_id);
    view! {
        <Title text=title(&area, &w.account_id) />
        <p class="breadcrumbs">
            <VendorsCrumb />
            <a href=vendor.clone()>{detail.vendor_name}</a>
            " › "
            <a href=format!("{vendor}/workspaces")>"Workspaces"</a>
        </p>
        <h1>{w.name}</h1>
        <p>
            <code>{w.account_id}</code>
            " · externalId "
            <code>{w.external_id}</code>
            " · created "
            {w.created}
        </p>
        <h2>"Connections"</h2>
        <ul class="plain" data-testid="connections">
            <li>"WhatsApp: "{w.whatsapp.map(whatsapp_text).unwrap_or_else(|| "none".into())}</li>
            {w.pages.into_iter().map(|p| view! { <li>"Page: "{page_text(p)}</li> }).collect_view()}
        </ul>
        {(!detail.numbers.is_empty())
            .then(|| {
                view! {
                    <h2>"WhatsApp numbers"</h2>
                    <ul class="plain" data-testid="numbers">
                        {detail.numbers.into_iter().map(number_line).collect_view()}
                    </ul>
                }
            })}
        {(!detail.syncs.is_empty())
            .then(|| {
                view! {
                    <h2>"WhatsApp Business app syncs"</h2>
                    <ul class="plain" data-testid="syncs">
                        {detail.syncs.into_iter().map(sync_line).collect_view()}
                    </ul>
                }
            })}
        <h2>"History"</h2>
        <TableScroll>
            <table class="table" data-testid="history">
                <thead>
                    <tr>
                        <th>"When"</th>
                        <th>"Connection"</th>
                        <th>"State"</th>
                        <th>"Moved by"</th>
                    </tr>
                </thead>
                <tbody>{detail.history.into_iter().map(history_row).collect_view()}</tbody>
            </table>
        </TableScroll>
        <h2>"Meta events"</h2>
        <MetaEventTable events=detail.meta_events testid="workspace-meta-events" />
    }
}

fn number_line(n: NumberRow) -> impl IntoView {
    let mut text = n.phone_number_id.clone();
    if let Some(display) = &n.display {
        text.push_str(&format!(" ({display})"));
    }
    text.push_str(&format!(" · WABA {} · {}", n.waba_id, n.status.as_str()));
    if let Some(can_send) = &n.can_send {
        text.push_str(&format!(" · can send: {can_send}"));
    }
    if !n.blockers.is_empty() {
        text.push_str(&format!(" · missing: {}", n.blockers.join(", ")));
    }
    if let Some(registration) = &n.registration {
        text.push_str(&format!(" · registration: {registration}"));
    }
    view! { <li>{text}</li> }
}

fn sync_line(s: SyncRow) -> impl IntoView {
    let mut text = format!("{}: {}", s.sync.as_str(), s.status.as_str());
    if let Some(progress) = s.progress {
        text.push_str(&format!(" · {progress}"));
    }
    text.push_str(&format!(" · {} passed on", s.items));
    if let Some(code) = s.error_code {
        text.push_str(&format!(" · Meta code {code}"));
    }
    text.push_str(&format!(" · {}", s.updated));
    view! { <li>{text}</li> }
}

fn history_row(h: HistoryRow) -> impl IntoView {
    view! {
        <tr>
            <td>{h.at}</td>
            <td>{format!("{} {}", h.kind, h.subject_id)}</td>
            <td>{state_text(h.status, h.reason.as_deref())}</td>
            <td>{h.source}</td>
        </tr>
    }
}
