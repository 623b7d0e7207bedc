use leptos::prelude::*;

use crate::{
    components::vendor_brand::VendorBrand,
    model::connect::{Branding, SessionView},
};

/// A token that cannot be used: unknown, expired, used, or of an inactive vendor. Each
/// with its HTTP status and words that say what to do.
#[component]
pub fn SessionStatePage(view: SessionView) -> impl IntoView {
    let (status, branding, title, hint): (u16, Option<Branding>, &str, &str) = match view {
        SessionView::Expired(b) => (
            410,
            Some(b),
            "Session has expired",
            "This link was valid for 10 minutes. Go back to the app you came from and start connecting again.",
        ),
        SessionView::Used(b) => (
            409,
            Some(b),
            "This link has already been used",
            "The connection was completed with this link. Go back to the app you came from; to connect again, start from there.",
        ),
        SessionView::VendorInactive => (
            403,
            None,
            "This connection link is no longer available",
            "Contact the app you came from for help.",
        ),
        SessionView::Unknown | SessionView::Ready(_) => (
            404,
            None,
            "This connection link is not valid",
            "Check that you opened the whole link, or go back to the app you came from and start again.",
        ),
    };
    crate::response_status::set(status);
    view! {
        <main class="connect">
            {branding.map(|b| view! { <VendorBrand branding=b /> })}
            <section class="panel" aria-labelledby="state-title">
                <h1 id="state-title">{title}</h1>
                <p>{hint}</p>
            </section>
        </main>
    }
}
