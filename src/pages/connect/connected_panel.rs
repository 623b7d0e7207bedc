use leptos::prelude::*;

/// The end of a successful flow: whether the vendor's window got the result decides
/// where the customer goes next.
#[component]
pub fn ConnectedPanel(title: String, vendor_name: String, delivered: bool) -> impl IntoView {
    let next = if delivered {
        format!("You can close this tab and return to {vendor_name}.")
    } else {
        format!("Return to {vendor_name} to continue.")
    };
    view! {
        <h1 id="connect-title">{title}</h1>
        <p class="done" role="status">{next}</p>
    }
}
