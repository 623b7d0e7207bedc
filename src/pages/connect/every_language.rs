//! Every state of the connect pages rendered in every language: both flows' phases
//! (through the same panels the islands show), every message of the toast, the frame's
//! notices and the pages of unusable links. Each text of the language must appear in
//! its rendering, and no English sentence the language words differently may.

use leptos::prelude::*;

use super::{
    add_number::page_body as add_number_page,
    frame::{ConnectFrame, ConnectPanel},
    meta_page::{machine::Phase as PagesPhase, phase_panel as pages},
    whatsapp::{machine::Phase as WhatsAppPhase, phase_panel as whatsapp},
    SessionStatePage,
};
use crate::{
    components::toast::{Message, Toast, ToastView},
    i18n::{catalogue, provide_texts, Key, Locale, Texts},
    model::{
        add_number::{AddNumberView, NumberStep},
        connect::{
            Branding, ConnectError, InAppBrowser, MetaClientConfig, NotConnectable, PageChoice,
            ReadySession, SessionView,
        },
        readiness::BlockerCode,
        theme::Theme,
        EventOrigins, Named,
    },
};

const VENDOR: &str = "Acme CRM";

fn branding() -> Branding {
    Branding {
        vendor_name: VENDOR.to_owned(),
        logo_url: None,
        theme: Theme::default(),
        back_url: Some("/vendor/connect/back/ses_000000000000000000000001".to_owned()),
    }
}

fn ready(test_mode: bool, reconnecting: bool) -> ReadySession {
    ReadySession {
        session_id: "ses_000000000000000000000001".to_owned(),
        branding: branding(),
        target_origin: "https://app.example.com".to_owned(),
        meta: MetaClientConfig {
            app_id: "1".to_owned(),
            config_id: "2".to_owned(),
            api_version: "v23.0".to_owned(),
            sdk_url: "/simulator/sdk.js".to_owned(),
            event_origins: EventOrigins::Simulator,
            pages_config_id: None,
            simulated: true,
        },
        test_mode,
        reconnecting,
        in_app: None,
        full_page_url: None,
        returned: None,
        coexistence: false,
        setup: None,
        number_on_page: false,
        address_by_id: None,
    }
}

/// Every message of the toast: the flows' own texts, Meta's reasons, every error.
fn every_message() -> Vec<Message> {
    let texts = [
        Key::WaNotGranted,
        Key::WaWindowBlocked,
        Key::PagesWindowBlocked,
        Key::WaEventMissing,
        Key::WaCodeMissing,
        Key::WaNoAccount,
        Key::WaCancelled,
        Key::PagesLoggedOut,
    ]
    .map(Message::Text);
    let meta = [
        Message::MetaProblem("Your verified name violates WhatsApp guidelines".into()),
        Message::MetaFailed(Some("error 524126".into())),
        Message::MetaFailed(None),
        Message::AppNotKept(Some("This number is not eligible".into())),
        Message::AppNotKept(None),
    ];
    let errors = ConnectError::examples().into_iter().map(Message::Error);
    texts.into_iter().chain(meta).chain(errors).collect()
}

fn whatsapp_phases() -> Vec<WhatsAppPhase> {
    let mut phases = vec![
        WhatsAppPhase::Ready,
        WhatsAppPhase::InMeta,
        WhatsAppPhase::Working,
        WhatsAppPhase::NeedsNumber {
            waba_name: String::new(),
        },
        WhatsAppPhase::NeedsNumber {
            waba_name: "Acme Retail".into(),
        },
        WhatsAppPhase::NeedsPin {
            phone: String::new(),
            mismatch: false,
        },
        WhatsAppPhase::NeedsPin {
            phone: "+1 555 0100".into(),
            mismatch: true,
        },
        WhatsAppPhase::Connected {
            delivered: true,
            kept_app: false,
            missing: Vec::new(),
        },
        WhatsAppPhase::Connected {
            delivered: false,
            kept_app: false,
            // Everything that can stand in the way of sending, each in its words.
            missing: BlockerCode::ALL
                .iter()
                .map(|code| code.as_str().to_owned())
                .collect(),
        },
        WhatsAppPhase::Connected {
            delivered: true,
            kept_app: true,
            missing: Vec::new(),
        },
    ];
    for error in ConnectError::examples() {
        phases.push(WhatsAppPhase::Stalled(error.clone().after_signup()));
        phases.push(WhatsAppPhase::Closed(error));
    }
    phases
}

fn customer_pages() -> Vec<PageChoice> {
    let page = |id: &str, not_connectable| PageChoice {
        id: id.to_owned(),
        name: format!("Page {id}"),
        category: "Bakery".to_owned(),
        not_connectable,
    };
    vec![
        page("1", None),
        page("2", None),
        page("3", Some(NotConnectable::NoMessagingTask)),
        page("4", Some(NotConnectable::NoPageToken)),
    ]
}

fn pages_phases() -> Vec<PagesPhase> {
    vec![
        PagesPhase::Ready,
        PagesPhase::InMeta,
        PagesPhase::Loading,
        PagesPhase::Choosing(Vec::new()),
        PagesPhase::Choosing(customer_pages()),
        PagesPhase::Connecting(customer_pages()),
        PagesPhase::Connected {
            delivered: true,
            count: 1,
        },
        PagesPhase::Connected {
            delivered: false,
            count: 3,
        },
        PagesPhase::Closed(ConnectError::AlreadyUsed),
    ]
}

/// Every step of the add-number page.
fn add_number_views() -> Vec<AddNumberView> {
    let open = |step, test_code: Option<&str>| AddNumberView::Open {
        session: Box::new(ready(test_code.is_some(), false)),
        step,
        error: None,
        test_code: test_code.map(str::to_owned),
    };
    vec![
        open(
            NumberStep::Number {
                waba_name: String::new(),
            },
            None,
        ),
        open(
            NumberStep::Number {
                waba_name: "Acme Retail".into(),
            },
            None,
        ),
        open(
            NumberStep::Code {
                waba_name: "Acme Retail".into(),
                display: "+1 5550100123".into(),
            },
            Some("123456"),
        ),
        open(NumberStep::NotHere, None),
        open(NumberStep::Stalled, None),
        AddNumberView::Done {
            branding: branding(),
            post: None,
            missing: vec!["no_payment_method".into()],
        },
    ]
}

fn whatsapp_controls(offers_app: bool) -> whatsapp::Controls {
    whatsapp::Controls {
        can_connect: Signal::stored(true),
        offers_app,
        on_connect: Callback::new(|_| {}),
        on_retry: Callback::new(|()| {}),
        on_pin: Callback::new(|_: String| {}),
        session_id: StoredValue::new("ses_0123456789abcdef01234567".into()),
        number_on_page: false,
    }
}

fn pages_controls(ticked: &[&str]) -> pages::Controls {
    pages::Controls {
        can_log_in: Signal::stored(true),
        selected: RwSignal::new(ticked.iter().map(|id| (*id).to_owned()).collect()),
        on_log_in: Callback::new(|()| {}),
        on_connect: Callback::new(|()| {}),
        on_switch: Callback::new(|()| {}),
        full_page_url: StoredValue::new(Some("/vendor/connect/meta-page/facebook".into())),
    }
}

/// Renders one screen in `texts`' language, as the server renders the page.
fn render(texts: &Texts, screen: impl FnOnce() -> AnyView) -> String {
    let owner = Owner::new();
    owner.with(|| {
        provide_texts(texts.clone());
        screen().to_html()
    })
}

/// Every screen of the connect pages in one language.
fn every_screen(locale: Locale) -> Vec<String> {
    let texts = catalogue::texts(locale);
    let mut screens = Vec::new();
    // Every phase, and the start of a page that offers to keep the WhatsApp Business app.
    let offers = whatsapp_phases()
        .into_iter()
        .map(|phase| (phase, false))
        .chain([(WhatsAppPhase::Ready, true), (WhatsAppPhase::InMeta, true)]);
    for (phase, offers_app) in offers {
        screens.push(render(&texts, move || {
            let controls = whatsapp_controls(offers_app);
            view! {
                <ConnectFrame session=ready(false, true)>
                    <ConnectPanel toast=Signal::stored(
                        None,
                    )>{whatsapp::phase_panel(phase, VENDOR.to_owned(), controls)}</ConnectPanel>
                </ConnectFrame>
            }
            .into_any()
        }));
    }
    // A session whose vendor asked for the number on the add-number page.
    screens.push(render(&texts, || {
        let controls = whatsapp::Controls {
            number_on_page: true,
            ..whatsapp_controls(false)
        };
        let phase = WhatsAppPhase::NeedsNumber {
            waba_name: "Acme Retail".into(),
        };
        whatsapp::phase_panel(phase, VENDOR.to_owned(), controls).into_any()
    }));
    let in_app_browsers = [
        InAppBrowser::Android {
            open_url: "intent://example.com/x#Intent;scheme=https;end".to_owned(),
        },
        InAppBrowser::Other,
    ];
    for in_app in in_app_browsers {
        screens.push(render(&texts, move || {
            let session = ReadySession {
                in_app: Some(in_app),
                ..ready(false, false)
            };
            view! {
                <ConnectFrame session>
                    <ConnectPanel toast=Signal::stored(
                        None,
                    )>
                        {whatsapp::phase_panel(
                            WhatsAppPhase::Ready,
                            VENDOR.to_owned(),
                            whatsapp_controls(false),
                        )}
                    </ConnectPanel>
                </ConnectFrame>
            }
            .into_any()
        }));
    }
    for ticked in [&[][..], &["1"], &["1", "2"]] {
        for phase in pages_phases() {
            screens.push(render(&texts, move || {
                view! {
                    <ConnectFrame session=ready(true, false)>
                        <ConnectPanel toast=Signal::stored(
                            None,
                        )>
                            {pages::phase_panel(phase, VENDOR.to_owned(), pages_controls(ticked))}
                        </ConnectPanel>
                    </ConnectFrame>
                }
                .into_any()
            }));
        }
    }
    for (error, message) in [true, false]
        .into_iter()
        .flat_map(|error| every_message().into_iter().map(move |m| (error, m)))
    {
        screens.push(render(&texts, move || {
            let toast = Signal::stored(Some(Toast { error, message }));
            view! { <ToastView toast /> }.into_any()
        }));
    }
    for view in add_number_views() {
        screens.push(render(&texts, move || add_number_page(view).into_any()));
    }
    for view in [
        SessionView::Unknown,
        SessionView::Expired(branding()),
        SessionView::Used(branding(), None),
        SessionView::OtherBrowser(branding()),
        SessionView::VendorInactive,
        SessionView::Unavailable,
    ] {
        screens.push(render(&texts, move || {
            view! { <SessionStatePage view /> }.into_any()
        }));
    }
    screens
}

/// A text as it appears in the HTML of a page.
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#x27;")
}

/// The parts of a text around its `{placeholders}`.
fn fixed_parts(text: &str) -> Vec<&str> {
    text.split(['{', '}'])
        .enumerate()
        .filter(|(i, part)| i % 2 == 0 && !part.trim().is_empty())
        .map(|(_, part)| part.trim())
        .collect()
}

fn shows(html: &str, part: &str) -> bool {
    html.contains(part) || html.contains(&escaped(part))
}

#[test]
fn every_state_and_message_is_rendered_in_every_language() {
    let english = catalogue::texts(Locale::En);
    for locale in Locale::ALL {
        let screens = every_screen(locale);
        let html = screens.concat();
        let texts = catalogue::texts(locale);
        let tag = locale.tag();
        for key in Key::ALL {
            for part in fixed_parts(texts.get(*key)) {
                assert!(
                    shows(&html, part),
                    "{tag}: no screen shows `{}` ({part:?})",
                    key.name()
                );
            }
        }
        if locale == Locale::En {
            continue;
        }
        // Nothing in English where the language says it otherwise (a text left
        // hard-coded in a component, or another language's texts).
        for key in Key::ALL {
            let own = texts.get(*key);
            for part in fixed_parts(english.get(*key)) {
                if part.chars().count() >= 12 && !own.contains(part) {
                    assert!(
                        !shows(&html, part),
                        "{tag}: English `{}` ({part:?}) is shown",
                        key.name()
                    );
                }
            }
        }
        assert!(screens.len() > 150, "{tag}: {} screens", screens.len());
    }
}

#[test]
fn the_walk_fails_when_a_text_is_missing() {
    // The check above is only as good as its matching: an empty rendering shows nothing.
    let texts = catalogue::texts(Locale::Fr);
    let part = fixed_parts(texts.get(Key::WaPinForgot))[0];
    assert!(!shows("<p>nothing</p>", part));
    assert!(shows(&format!("<p>{}</p>", escaped(part)), part));
    let page = render(&texts, || {
        whatsapp::phase_panel(
            WhatsAppPhase::NeedsPin {
                phone: String::new(),
                mismatch: false,
            },
            VENDOR.to_owned(),
            whatsapp_controls(false),
        )
        .into_any()
    });
    assert!(shows(&page, part), "{page}");
    assert!(!shows(&page, fixed_parts(texts.get(Key::PagesNoneHint))[0]));
}
