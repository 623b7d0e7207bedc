use leptos::{either::EitherOf4, prelude::*};
use leptos_router::hooks::use_query_map;

use super::{meta_page::MetaPageFlow, whatsapp::WhatsAppFlow, SessionStatePage};
use crate::{
    model::{connect::SessionView, IntegrationType},
    server_fns::connect::connect_session,
};

/// A connect page: loads the token's session on the server (its state decides the
/// status), then runs the flow, branded as the vendor.
#[component]
pub fn ConnectSessionPage(flow: IntegrationType) -> impl IntoView {
    let token = use_query_map().with_untracked(|q| q.get("session_token").unwrap_or_default());
    let session = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        move |token| connect_session(token, flow),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match session.await {
                        Ok(SessionView::Ready(ready)) if flow == IntegrationType::WhatsApp => {
                            EitherOf4::A(view! { <WhatsAppFlow session=ready token /> })
                        }
                        Ok(SessionView::Ready(ready)) => EitherOf4::B(view! { <MetaPageFlow session=ready token /> }),
                        Ok(other) => EitherOf4::C(view! { <SessionStatePage view=other /> }),
                        Err(error) => EitherOf4::D(view! {
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
