use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{whatsapp_flow::WhatsAppFlow, SessionStatePage};
use crate::{
    model::connect::{Flow, SessionView},
    server_fns::connect::connect_session,
};

/// `/vendor/connect/whatsapp?session_token=...`: WhatsApp Embedded Signup, branded as
/// the vendor.
#[component]
pub fn WhatsAppConnectPage() -> impl IntoView {
    let token = use_query_map().with_untracked(|q| q.get("session_token").unwrap_or_default());
    let session = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        |token| connect_session(token, Flow::WhatsApp),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match session.await {
                        Ok(SessionView::Ready(ready)) => view! { <WhatsAppFlow session=ready token /> }.into_any(),
                        Ok(other) => view! { <SessionStatePage view=other /> }.into_any(),
                        Err(error) => view! {
                            <main class="connect">
                                <section class="panel" role="alert">
                                    <h1>"Something went wrong"</h1>
                                    <p>{error.to_string()}</p>
                                </section>
                            </main>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
