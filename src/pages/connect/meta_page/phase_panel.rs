use leptos::{either::EitherOf5, prelude::*};

use super::{chooser::PageChooser, machine::Phase, no_pages::NoPages, start::PagesStart};
use crate::{
    i18n::{use_texts, Key},
    pages::connect::{closed_panel::ClosedPanel, connected_panel::ConnectedPanel},
};

/// What the customer can do on the Facebook Pages page.
#[derive(Clone, Copy)]
pub struct Controls {
    /// Meta's SDK is ready and nothing is under way.
    pub can_log_in: Signal<bool>,
    /// The pages the customer ticked.
    pub selected: RwSignal<Vec<String>>,
    pub on_log_in: Callback<()>,
    pub on_connect: Callback<()>,
    pub on_switch: Callback<()>,
    /// Our link to Meta's full-page login, when offered.
    pub full_page_url: StoredValue<Option<String>>,
}

/// The panel of each phase of the Facebook Pages flow (an `EitherOf5`, not an
/// `AnyView`, as in the WhatsApp flow's).
pub fn phase_panel(phase: Phase, vendor_name: String, controls: Controls) -> impl IntoView {
    let Controls {
        can_log_in,
        selected,
        on_log_in,
        on_connect,
        on_switch,
        full_page_url,
    } = controls;
    match phase {
        Phase::Connected { delivered, count } => {
            let texts = use_texts();
            let title = if count == 1 {
                texts.get(Key::PagesConnectedOne).to_owned()
            } else {
                texts.fill(Key::PagesConnectedMany, &[("n", &count.to_string())])
            };
            EitherOf5::A(view! { <ConnectedPanel title vendor_name delivered /> })
        }
        Phase::Closed(error) => EitherOf5::B(view! { <ClosedPanel error vendor_name /> }),
        Phase::Choosing(pages) | Phase::Connecting(pages) if pages.is_empty() => {
            EitherOf5::C(view! { <NoPages on_switch /> })
        }
        Phase::Choosing(pages) => EitherOf5::D(
            view! { <PageChooser pages selected vendor_name busy=false on_connect on_switch /> },
        ),
        Phase::Connecting(pages) => EitherOf5::D(
            view! { <PageChooser pages selected vendor_name busy=true on_connect on_switch /> },
        ),
        busy => {
            let full_page_url = full_page_url.get_value();
            EitherOf5::E(
                view! { <PagesStart phase=busy vendor_name can_log_in on_log_in full_page_url /> },
            )
        }
    }
}
