use crate::components::admin::TableScroll;
use leptos::prelude::*;

use crate::components::admin::LoadError;
use leptos_meta::Title;

use crate::{
    model::admin::{MetaEventRow, MetaEventsView},
    server_fns::admin::list_meta_events,
};

/// What Meta sent the app's webhook lately, and the WhatsApp Business accounts shared
/// with the app for which no connection exists (a signup whose browser step was lost).
#[component]
pub fn MetaEventsPage() -> impl IntoView {
    let events = Resource::new_blocking(|| (), |()| list_meta_events());
    view! {
        <Transition fallback=|| {
            view! { <p class="loading">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(events) => view! { <MetaEvents events /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn MetaEvents(events: MetaEventsView) -> impl IntoView {
    view! {
        <Title text="Meta events · WhatsPortal admin" />
        <h1>"Meta events"</h1>
        <h2>"Shared WhatsApp accounts without a connection"</h2>
        <p class="hint">
            "Meta says these WABAs were shared with the app, but no workspace holds them: the customer's "
            "browser step was lost, or the account was shared outside a connect page. A new session for the "
            "customer's workspace connects them."
        </p>
        <MetaEventTable events=events.unclaimed testid="unclaimed-wabas" />
        <h2>"Latest"</h2>
        <MetaEventTable events=events.recent testid="meta-events" />
    }
}

/// Meta's changes, newest first, with what processing did.
#[component]
pub fn MetaEventTable(events: Vec<MetaEventRow>, testid: &'static str) -> impl IntoView {
    if events.is_empty() {
        return view! {
            <p class="empty" data-testid=testid>
                "None."
            </p>
        }
        .into_any();
    }
    view! {
        <TableScroll>
            <table class="table" data-testid=testid>
                <thead>
                    <tr>
                        <th>"Received"</th>
                        <th>"Field"</th>
                        <th>"Event"</th>
                        <th>"WABA"</th>
                        <th>"Outcome"</th>
                    </tr>
                </thead>
                <tbody>
                    {events
                        .into_iter()
                        .map(|e| {
                            view! {
                                <tr>
                                    <td>{e.received}</td>
                                    <td>{e.field}</td>
                                    <td>{e.event.unwrap_or_default()}</td>
                                    <td>
                                        <code>{e.waba_id.unwrap_or_default()}</code>
                                    </td>
                                    <td>{e.outcome.unwrap_or_else(|| "waiting".into())}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
    .into_any()
}
