//! Vendors: the list, one vendor's page, create, edit, activate and deactivate.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{caller::Need, outcome::Outcome, run};
use crate::model::admin::{AdminError, VendorDetailView, VendorListView};
#[cfg(feature = "ssr")]
use crate::services::{
    reports,
    vendors::{self, accounts::NewVendorRequest},
};

/// One page of vendors, newest first, filtered by name or id.
#[server(prefix = "/api/admin", endpoint = "vendors/list")]
pub async fn list_vendors(search: Option<String>, page: u32) -> Result<VendorListView, AdminError> {
    run::read(async |state| reports::vendors::vendor_list(&state.db, search.as_deref(), page).await)
        .await
}

/// A vendor with its keys, origins, recent sessions and funnel over `days` days.
#[server(prefix = "/api/admin", endpoint = "vendors/get")]
pub async fn vendor_detail(vendor_id: String, days: u32) -> Result<VendorDetailView, AdminError> {
    run::vendor_read(&vendor_id, async |state| {
        reports::vendors::vendor_detail(&state.db, &vendor_id, days, &state.settings).await
    })
    .await
}

/// Sets the vendor's API rate limit (requests per minute per key); empty for the default.
#[server(prefix = "/api/admin", endpoint = "vendors/set-rate-limit")]
pub async fn set_rate_limit(
    vendor_id: String,
    per_minute: Option<String>,
) -> Result<(), AdminError> {
    run::change(
        async |state, actor| {
            let per_minute = per_minute.as_deref();
            vendors::rate_limit::set_vendor_limit(&state.db, actor, &vendor_id, per_minute).await
        },
        |_| Outcome::notice("Rate limit saved."),
    )
    .await
}

/// Whether the vendor's WhatsApp pages offer to keep the WhatsApp Business app unless a
/// session says (`offer`: the checkbox, present when ticked).
#[server(prefix = "/api/admin", endpoint = "vendors/set-coexistence-default")]
pub async fn set_coexistence_default(
    vendor_id: String,
    offer: Option<String>,
) -> Result<(), AdminError> {
    run::change(
        async |state, actor| {
            let offer = offer.is_some();
            vendors::coexistence_default::set(&state.db, actor, &vendor_id, offer).await
        },
        |_| Outcome::notice("WhatsApp Business app setting saved."),
    )
    .await
}

/// Sets the vendor's theme for its connect pages: `primary` is `#rrggbb` (empty for the
/// page's own colour), `appearance` is `light` or `dark`.
#[server(prefix = "/api/admin", endpoint = "vendors/set-theme")]
pub async fn set_theme(
    vendor_id: String,
    primary: Option<String>,
    appearance: String,
) -> Result<(), AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            let primary = primary.as_deref();
            vendors::theme::set_vendor_theme(&state.db, actor, &vendor_id, primary, &appearance)
                .await
        },
        |_| Outcome::notice("Theme saved."),
    )
    .await
}

/// Creates a vendor (no key yet) and goes to its page.
#[server(prefix = "/api/admin", endpoint = "vendors/create")]
pub async fn create_vendor(name: String, logo_url: Option<String>) -> Result<String, AdminError> {
    let request = NewVendorRequest {
        name,
        logo_url: logo_url.filter(|l| !l.trim().is_empty()),
        origins: Vec::new(),
        issue_key: false,
    };
    run::change(
        async |state, actor| {
            let environment = state.settings.environment;
            let created =
                vendors::accounts::create_vendor(&state.db, environment, actor, &request).await?;
            Ok(created.vendor_id)
        },
        |id| Outcome::notice("Vendor created.").go_to(format!("/admin/vendors/{id}")),
    )
    .await
}

/// Renames a vendor and sets or clears its logo.
#[server(prefix = "/api/admin", endpoint = "vendors/update")]
pub async fn update_vendor(
    vendor_id: String,
    name: String,
    logo_url: Option<String>,
) -> Result<(), AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Change,
        async |state, actor| {
            let logo_url = logo_url.as_deref();
            vendors::accounts::update_vendor(&state.db, actor, &vendor_id, &name, logo_url).await
        },
        |_| Outcome::notice("Vendor saved."),
    )
    .await
}

/// Activates or deactivates a vendor: a deactivated vendor's keys get 401 and its
/// connect pages refuse.
#[server(prefix = "/api/admin", endpoint = "vendors/set-active")]
pub async fn set_vendor_active(vendor_id: String, active: bool) -> Result<(), AdminError> {
    run::change(
        async |state, actor| {
            vendors::accounts::set_vendor_active(&state.db, actor, &vendor_id, active).await
        },
        |_| {
            Outcome::notice(if active {
                "Vendor activated."
            } else {
                "Vendor deactivated: its keys and connect pages are refused."
            })
        },
    )
    .await
}
