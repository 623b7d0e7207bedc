use leptos::{either::EitherOf3, prelude::*};
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
                        Ok(SessionView::Ready(ready)) => EitherOf3::A(view! { <WhatsAppFlow session=ready token /> }),
                        Ok(other) => EitherOf3::B(view! { <SessionStatePage view=other /> }),
                        Err(error) => EitherOf3::C(view! {
                            <main class="connect">
                                <section class="panel" role="alert">
                                    <h1>"Something went wrong"</h1>
                                    <p>{error.to_string()}</p>
                                </section>
                            </main>
                        }),
                    }
                })
            }}
        </Suspense>
    }
}
