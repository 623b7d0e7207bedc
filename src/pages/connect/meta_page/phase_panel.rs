use std::collections::HashSet;

use leptos::prelude::*;

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
    pub selected: RwSignal<HashSet<String>>,
    pub on_log_in: Callback<()>,
    pub on_connect: Callback<()>,
    pub on_switch: Callback<()>,
    /// Our link to Meta's full-page login, when offered.
    pub full_page_url: StoredValue<Option<String>>,
}

/// The panel of each phase of the Facebook Pages flow.
pub fn phase_panel(phase: Phase, vendor_name: String, controls: Controls) -> AnyView {
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
            view! { <ConnectedPanel title vendor_name delivered /> }.into_any()
        }
        Phase::Closed(error) => view! { <ClosedPanel error vendor_name /> }.into_any(),
        Phase::Choosing(pages) | Phase::Connecting(pages) if pages.is_empty() => {
            view! { <NoPages on_switch /> }.into_any()
        }
        Phase::Choosing(pages) => view! {
            <PageChooser pages selected vendor_name busy=false on_connect on_switch />
        }
        .into_any(),
        Phase::Connecting(pages) => view! {
            <PageChooser pages selected vendor_name busy=true on_connect on_switch />
        }
        .into_any(),
        busy => {
            let full_page_url = full_page_url.get_value();
            view! { <PagesStart phase=busy vendor_name can_log_in on_log_in full_page_url /> }
                .into_any()
        }
    }
}
