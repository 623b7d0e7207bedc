//! Where the vendor pages are shown: the admin area (staff) or the vendor console (one
//! vendor's users). The layouts provide it; the pages read it for their links and for
//! the actions the viewer may take.

use leptos::prelude::*;

use crate::model::admin::AreaView;

/// The area of the page being rendered.
pub fn use_area() -> AreaView {
    expect_context()
}

/// The end of a page title in this area.
pub fn title(area: &AreaView, page: &str) -> String {
    let product = if area.is_staff {
        "WhatsPortal admin"
    } else {
        "WhatsPortal console"
    };
    format!("{page} · {product}")
}

/// The first crumb of a vendor's pages: the vendor list, for staff only (a vendor's user
/// has one vendor).
#[component]
pub fn VendorsCrumb() -> impl IntoView {
    use_area().is_staff.then(|| {
        view! {
            <a href="/admin/vendors">"Vendors"</a>
            " › "
        }
    })
}
