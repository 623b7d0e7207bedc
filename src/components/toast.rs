use leptos::prelude::*;

/// A message for the customer; errors are announced at once to screen readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toast {
    pub error: bool,
    pub text: String,
}

#[component]
pub fn ToastView(toast: Signal<Option<Toast>>) -> impl IntoView {
    move || {
        toast.get().map(|t| {
            let class = if t.error {
                "toast toast-error"
            } else {
                "toast"
            };
            let role = if t.error { "alert" } else { "status" };
            view! { <div class=class role=role>{t.text}</div> }
        })
    }
}
