//! The ready Facebook Pages connect page: Facebook Login with the Pages scopes, the
//! customer's pages (tokens stay on the server), the choice, and the result posted to
//! the vendor's window.

use std::collections::HashSet;

use leptos::{either::EitherOf5, prelude::*, task::spawn_local};

use super::page_picker::PagePicker;
use crate::{
    browser,
    components::{
        needs_javascript::NeedsJavaScript,
        simulated_banner::SimulatedBanner,
        toast::{Toast, ToastView},
        vendor_brand::VendorBrand,
    },
    model::connect::{ConnectError, PageChoice, PagesMessage, ReadySession, SUCCESS_MESSAGE_TYPE},
    server_fns::connect::{connect_pages, list_pages},
};

/// The permissions the flow needs.
const SCOPES: &str = "pages_show_list,pages_manage_metadata,pages_messaging,business_management";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Ready,
    InMeta,
    Loading,
    Choosing(Vec<PageChoice>),
    Connecting(Vec<PageChoice>),
    Connected { delivered: bool, count: usize },
    Closed(ConnectError),
}

#[component]
pub fn MetaPageFlow(session: ReadySession, token: String) -> impl IntoView {
    let sdk_ready = RwSignal::new(false);
    let phase = RwSignal::new(Phase::Ready);
    let selected = RwSignal::new(HashSet::<String>::new());
    let (toast, set_toast) = signal(None::<Toast>);
    let meta = session.meta.clone();
    Effect::new({
        let meta = meta.clone();
        move |_| browser::load_meta_sdk(&meta, move || sdk_ready.set(true))
    });

    let fail = move |error: ConnectError, back_to: Phase| {
        if error.is_retryable() {
            phase.set(back_to);
            set_toast.set(Some(Toast {
                error: true,
                text: error.to_string(),
            }));
        } else {
            phase.set(Phase::Closed(error));
        }
    };

    let log_in = {
        let token = token.clone();
        move |_| {
            set_toast.set(None);
            selected.set(HashSet::new());
            phase.set(Phase::InMeta);
            let token = token.clone();
            // Synchronously inside the click handler, or the browser blocks Meta's popup.
            browser::login_for_pages(SCOPES, move |user_token| match user_token {
                None => {
                    phase.set(Phase::Ready);
                    set_toast.set(Some(Toast {
                        error: false,
                        text: "Nothing was connected: the permissions were not granted.".into(),
                    }));
                }
                Some(user_token) => {
                    phase.set(Phase::Loading);
                    spawn_local(async move {
                        match list_pages(token, user_token).await {
                            Ok(pages) => phase.set(Phase::Choosing(pages)),
                            Err(error) => fail(error, Phase::Ready),
                        }
                    });
                }
            });
        }
    };

    let connect = {
        let token = token.clone();
        let target_origin = session.target_origin.clone();
        move |pages: Vec<PageChoice>| {
            let ids: Vec<String> = selected.get_untracked().into_iter().collect();
            phase.set(Phase::Connecting(pages.clone()));
            set_toast.set(None);
            let (token, target_origin) = (token.clone(), target_origin.clone());
            spawn_local(async move {
                match connect_pages(token, ids).await {
                    Ok(result) => {
                        let message = PagesMessage {
                            kind: SUCCESS_MESSAGE_TYPE,
                            pages: &result.pages,
                            livemode: result.livemode,
                            state: result.state.as_deref(),
                        };
                        let delivered = browser::post_to_opener(&message, &target_origin);
                        phase.set(Phase::Connected {
                            delivered,
                            count: result.pages.len(),
                        });
                    }
                    Err(error) => fail(error, Phase::Choosing(pages)),
                }
            });
        }
    };

    let vendor_name = session.branding.vendor_name.clone();
    let login_button = move |label: &'static str| {
        let log_in = log_in.clone();
        view! {
            <button
                type="button"
                class="button connect-button"
                disabled=move || !sdk_ready.get() || !matches!(phase.get(), Phase::Ready | Phase::Choosing(_))
                on:click=log_in
            >
                {label}
            </button>
        }
    };
    view! {
        <main class="connect">
            {meta.simulated.then(|| view! { <SimulatedBanner test_mode=session.test_mode /> })}
            <VendorBrand branding=session.branding.clone() />
            <section class="panel" aria-labelledby="connect-title">
                {move || match phase.get() {
                    Phase::Connected { delivered, count } => EitherOf5::A(view! {
                        <h1 id="connect-title">{if count == 1 { "Your Page is connected".to_owned() } else { format!("{count} Pages are connected") }}</h1>
                        <p class="done" role="status">
                            {if delivered { format!("You can close this tab and return to {vendor_name}.") } else { format!("Return to {vendor_name} to continue.") }}
                        </p>
                    }),
                    Phase::Closed(error) => EitherOf5::B(view! {
                        <h1 id="connect-title">"This link can no longer be used"</h1>
                        <p role="alert">{error.to_string()}" Go back to "{vendor_name.clone()}" and start again."</p>
                    }),
                    Phase::Choosing(pages) | Phase::Connecting(pages) if pages.is_empty() => EitherOf5::C(view! {
                        <h1 id="connect-title">"No Facebook Pages found"</h1>
                        <p>"This Facebook account does not manage any Page. Ask a Page admin to give you access with the messages task, or log in with another account."</p>
                        {login_button("Use another Facebook account")}
                    }),
                    Phase::Choosing(pages) | Phase::Connecting(pages) => {
                        let busy = matches!(phase.get_untracked(), Phase::Connecting(_));
                        let connect = connect.clone();
                        let chosen = pages.clone();
                        EitherOf5::D(view! {
                            <h1 id="connect-title">"Choose the Pages to connect"</h1>
                            <p>{format!("{vendor_name} will answer messages sent to the Pages you choose.")}</p>
                            <PagePicker pages selected />
                            <button
                                type="button"
                                class="button connect-button"
                                disabled=move || busy || selected.with(HashSet::is_empty)
                                on:click=move |_| connect(chosen.clone())
                            >
                                {move || if busy { "Connecting…".to_owned() } else { match selected.with(HashSet::len) {
                                    0 => "Choose at least one Page".to_owned(),
                                    1 => "Connect 1 Page".to_owned(),
                                    n => format!("Connect {n} Pages"),
                                } }}
                            </button>
                        })
                    }
                    busy => EitherOf5::E(view! {
                        <h1 id="connect-title">"Connect your Facebook Pages"</h1>
                        <p>
                            {format!("{vendor_name} will be able to answer messages sent to the Pages you choose. ")}
                            "You log in with Facebook, then pick the Pages."
                        </p>
                        {login_button(match busy {
                            Phase::InMeta => "Waiting for Facebook…",
                            Phase::Loading => "Loading your Pages…",
                            _ => "Connect Facebook Pages",
                        })}
                        <NeedsJavaScript />
                    }),
                }}
                <ToastView toast />
            </section>
        </main>
    }
}
