use leptos::prelude::*;

use crate::model::connect::ConnectError;

/// A session that can no longer be used, found out during the flow (used, expired, the
/// vendor deactivated): the customer starts again from the vendor's product.
#[component]
pub fn ClosedPanel(error: ConnectError, vendor_name: String) -> impl IntoView {
    view! {
        <h1 id="connect-title">"This link can no longer be used"</h1>
        <p role="alert">{error.to_string()}" Go back to "{vendor_name}" and start again."</p>
    }
}
