//! The add-number page (`model::add_number`): a server-rendered page of plain forms,
//! with no code for the browser. It adds a number to a WhatsApp Business account that
//! Meta's window shared without one, with the code Meta sends to it, then posts the
//! result to the vendor's window as the connect page would.

mod code_form;
mod done_panel;
mod method_choice;
mod number_form;
mod stalled_form;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::{
    frame::{page_look, page_title, ConnectFrame},
    SessionStatePage,
};
use crate::{
    i18n::{self, use_texts, Key},
    model::{
        add_number::{AddNumberPage, AddNumberView, NumberStep},
        connect::SessionView,
        IntegrationType,
    },
    server_fns::connect::number_page_data,
};
use code_form::CodeForm;
use done_panel::DonePanel;
use number_form::NumberForm;
use stalled_form::StalledForm;

/// The page of the session its address names (`?session=<id>`), with the failure of
/// the last form (`&error=<label>`).
#[component]
pub fn AddNumberRoute() -> impl IntoView {
    let (session, error) =
        use_query_map().with_untracked(|q| (q.get("session").unwrap_or_default(), q.get("error")));
    let page = Resource::new_blocking(
        move || (session.clone(), error.clone()),
        move |(session, error)| number_page_data(session, error),
    );
    view! {
        <Suspense fallback=|| {
            view! { <p class="loading">"…"</p> }
        }>
            {move || {
                Suspend::new(async move {
                    let AddNumberPage { view, texts } = page
                        .await
                        .unwrap_or_else(|_| AddNumberPage {
                            view: AddNumberView::Closed(SessionView::Unavailable),
                            texts: i18n::server_texts(),
                        });
                    i18n::provide_texts(texts.clone());
                    let look = page_look(&texts, view.theme());
                    (look, page_body(view))
                })
            }}
        </Suspense>
    }
}

/// The page's body for what it shows.
pub(super) fn page_body(view: AddNumberView) -> impl IntoView {
    let texts = use_texts();
    match view {
        AddNumberView::Closed(closed) => view! { <SessionStatePage view=closed /> }.into_any(),
        AddNumberView::Done {
            branding,
            post,
            missing,
        } => view! { <DonePanel branding post missing /> }.into_any(),
        AddNumberView::Open {
            session,
            step,
            error,
            test_code,
        } => {
            let title = page_title(
                texts.get(Key::AddTitle),
                Some(&session.branding.vendor_name),
            );
            let id = session.session_id.clone();
            let back = IntegrationType::WhatsApp.session_page(&id);
            let panel = match step {
                NumberStep::Number { waba_name } => {
                    view! { <NumberForm session=id waba_name error /> }.into_any()
                }
                NumberStep::Code { display, .. } => {
                    view! { <CodeForm session=id display error test_code /> }.into_any()
                }
                NumberStep::Stalled => view! { <StalledForm session=id error /> }.into_any(),
                NumberStep::NotHere => view! {
                    <h1 id="connect-title">{texts.get(Key::AddTitle).to_owned()}</h1>
                    <p role="status">{texts.get(Key::AddNotHere).to_owned()}</p>
                }
                .into_any(),
            };
            view! {
                <Title text=title />
                <ConnectFrame session=*session>
                    <section class="panel" aria-labelledby="connect-title">
                        {panel}
                        <p class="hint">
                            <a href=back>{texts.get(Key::AddBack).to_owned()}</a>
                        </p>
                    </section>
                </ConnectFrame>
            }
            .into_any()
        }
    }
}

/// The last form's failure, announced.
#[component]
fn FormFailure(error: Option<String>) -> impl IntoView {
    error.map(|message| {
        view! {
            <p class="form-error" role="alert">
                {message}
            </p>
        }
    })
}

/// The page's address for a form's post.
fn form_action(step: &str) -> String {
    format!("{}/{step}", crate::model::add_number::ADD_NUMBER_PATH)
}
