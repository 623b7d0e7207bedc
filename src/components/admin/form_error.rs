use leptos::prelude::*;

use crate::model::admin::AdminError;

/// The failure of the last run of an action, announced to screen readers.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AdminError>>) -> impl IntoView {
    move || {
        error.get().map(|e| {
            view! {
                <p class="form-error" role="alert">
                    {e.to_string()}
                </p>
            }
        })
    }
}
