use leptos::prelude::*;

use crate::model::admin::AdminError;

/// An admin page whose data could not be loaded: the failure in words, and its HTTP
/// status on the page itself (an unknown vendor is a `404` page, not a `200`).
#[component]
pub fn LoadError(error: AdminError) -> impl IntoView {
    crate::response_status::set(error.status());
    view! {
        <p class="form-error" role="alert">
            {error.to_string()}
        </p>
    }
}
