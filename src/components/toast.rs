use leptos::prelude::*;

use crate::{
    i18n::{use_texts, Key, Texts},
    model::connect::ConnectError,
};

/// What a toast says, free of any language: the page words it in its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Text(Key),
    /// A failed call.
    Error(ConnectError),
    /// Meta's dialog stopped with Meta's own reason (in Meta's words).
    MetaProblem(String),
    /// Meta's dialog failed, with Meta's reason when it gave one.
    MetaFailed(Option<String>),
    /// The WhatsApp Business app number could not keep the app (Meta's reason, when it
    /// gave one); the page offers the other way.
    AppNotKept(Option<String>),
}

impl Message {
    pub fn text(&self, texts: &Texts) -> String {
        match self {
            Self::Text(key) => texts.get(*key).to_owned(),
            Self::Error(error) => error.message(texts),
            Self::MetaProblem(reason) => texts.fill(Key::WaMetaProblem, &[("reason", reason)]),
            Self::MetaFailed(Some(reason)) => texts.fill(Key::WaMetaFailed, &[("reason", reason)]),
            Self::MetaFailed(None) => texts.get(Key::WaMetaFailedUnnamed).to_owned(),
            Self::AppNotKept(Some(reason)) => texts.fill(Key::WaAppNotKept, &[("reason", reason)]),
            Self::AppNotKept(None) => texts.get(Key::WaAppNotKeptUnnamed).to_owned(),
        }
    }
}

/// A message for the customer; `error` ones are announced at once to screen readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub error: bool,
    pub message: Message,
}

/// The flow's messages. The live region stays in the page, so that screen readers
/// announce each message that appears in it.
#[component]
pub fn ToastView(toast: Signal<Option<Toast>>) -> impl IntoView {
    let texts = use_texts();
    view! {
        <div class="toast-region" aria-live="polite">
            {move || {
                toast
                    .get()
                    .map(|t| {
                        let class = if t.error { "toast toast-error" } else { "toast" };
                        let role = if t.error { "alert" } else { "status" };
                        view! {
                            <div class=class role=role>
                                {t.message.text(&texts)}
                            </div>
                        }
                    })
            }}
        </div>
    }
}
