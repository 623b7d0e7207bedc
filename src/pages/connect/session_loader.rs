use leptos::{either::EitherOf3, prelude::*};
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    flow_data,
    frame::{page_look, page_title, ConnectFrame},
    meta_page::MetaPageFlow,
    whatsapp::WhatsAppFlow,
    SessionStatePage,
};
use crate::{
    i18n::{self, Key},
    model::{
        connect::{ConnectPage, FlowInit, SessionView},
        IntegrationType,
    },
    server_fns::connect::connect_session,
};

/// A connect page: loads the token's session on the server (its state decides the
/// status and its language the page's), then runs the flow, branded as the vendor.
/// Rendered on the server only: in the browser just the flow (an island) runs.
#[component]
pub fn ConnectSessionPage(flow: IntegrationType) -> impl IntoView {
    // The contract's link names the session by its token; the page moves on to its id.
    let (session_ref, dialog, hand_off) = use_query_map().with_untracked(|q| {
        let session_ref = q.get("session_token").or_else(|| q.get("session"));
        (
            session_ref.unwrap_or_default(),
            q.get("dialog"),
            q.get("handoff"),
        )
    });
    let session = Resource::new_blocking(
        move || (session_ref.clone(), dialog.clone(), hand_off.clone()),
        move |(session_ref, dialog, hand_off)| connect_session(session_ref, flow, dialog, hand_off),
    );
    view! {
        <Suspense fallback=|| {
            view! { <p class="loading">"…"</p> }
        }>
            {move || {
                Suspend::new(async move {
                    let ConnectPage { view, texts } = session
                        .await
                        .unwrap_or_else(|_| ConnectPage {
                            view: SessionView::Unavailable,
                            texts: i18n::server_texts(),
                        });
                    i18n::provide_texts(texts.clone());
                    let look = page_look(&texts, view.theme());
                    let page = match view {
                        SessionView::Ready(ready) if flow == IntegrationType::WhatsApp => {
                            let title = page_title(
                                texts.get(Key::WaTitle),
                                Some(&ready.branding.vendor_name),
                            );
                            let data = flow_data::render(FlowInit {
                                session: ready.flow(),
                                session_id: ready.session_id.clone(),
                                texts: texts.for_flow(true),
                            });
                            EitherOf3::A(
                                view! {
                                    <Title text=title />
                                    <ConnectFrame session=*ready>
                                        {data} <WhatsAppFlow />
                                    </ConnectFrame>
                                },
                            )
                        }
                        SessionView::Ready(ready) => {
                            let title = page_title(
                                texts.get(Key::PagesTitle),
                                Some(&ready.branding.vendor_name),
                            );
                            let data = flow_data::render(FlowInit {
                                session: ready.flow(),
                                session_id: ready.session_id.clone(),
                                texts: texts.for_flow(false),
                            });
                            EitherOf3::B(
                                view! {
                                    <Title text=title />
                                    <ConnectFrame session=*ready>
                                        {data} <MetaPageFlow />
                                    </ConnectFrame>
                                },
                            )
                        }
                        other => EitherOf3::C(view! { <SessionStatePage view=other /> }),
                    };
                    (look, page)
                })
            }}
        </Suspense>
    }
}
