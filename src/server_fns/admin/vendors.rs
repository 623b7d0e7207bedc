//! Vendors: the list, one vendor's page, create, edit, activate and deactivate.

use leptos::prelude::*;

use crate::model::admin::{AdminError, VendorDetailView, VendorListView};

/// One page of vendors, newest first, filtered by name or id.
#[server(prefix = "/api/admin", endpoint = "vendors/list")]
pub async fn list_vendors(search: Option<String>, page: u32) -> Result<VendorListView, AdminError> {
    use super::caller::{from_service, Caller, Need};
    use crate::services::reports;

    let caller = Caller::current()?;
    let result = async {
        caller.staff(Need::Read).await?;
        reports::vendors::vendor_list(&caller.state.db, search.as_deref(), page)
            .await
            .map_err(from_service)
    }
    .await;
    caller.read(result)
}

/// A vendor with its keys, origins, recent sessions and funnel over `days` days.
#[server(prefix = "/api/admin", endpoint = "vendors/get")]
pub async fn vendor_detail(vendor_id: String, days: u32) -> Result<VendorDetailView, AdminError> {
    use super::caller::{from_service, Caller, Need};
    use crate::services::reports;

    let caller = Caller::current()?;
    let result = async {
        caller.staff(Need::Read).await?;
        reports::vendors::vendor_detail(&caller.state.db, &vendor_id, days)
            .await
            .map_err(from_service)
    }
    .await;
    caller.read(result)
}

/// Creates a vendor (no key yet) and goes to its page.
#[server(prefix = "/api/admin", endpoint = "vendors/create")]
pub async fn create_vendor(name: String, logo_url: Option<String>) -> Result<String, AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::vendors::{self, accounts::NewVendorRequest};

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        let request = NewVendorRequest {
            name,
            logo_url: logo_url.filter(|l| !l.trim().is_empty()),
            origins: Vec::new(),
            issue_key: false,
        };
        vendors::accounts::create_vendor(&caller.state.db, caller.actor(&staff), &request)
            .await
            .map(|created| created.vendor_id)
            .map_err(from_service)
    }
    .await;
    let outcome = match &result {
        Ok(id) => Outcome::notice("Vendor created.").go_to(format!("/admin/vendors/{id}")),
        Err(_) => Outcome::default(),
    };
    caller.finish(result, outcome).await
}

/// Renames a vendor and sets or clears its logo.
#[server(prefix = "/api/admin", endpoint = "vendors/update")]
pub async fn update_vendor(
    vendor_id: String,
    name: String,
    logo_url: Option<String>,
) -> Result<(), AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::vendors;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        vendors::accounts::update_vendor(
            &caller.state.db,
            caller.actor(&staff),
            &vendor_id,
            &name,
            logo_url.as_deref(),
        )
        .await
        .map_err(from_service)
    }
    .await;
    caller
        .finish(result, Outcome::notice("Vendor saved."))
        .await
}

/// Activates or deactivates a vendor: a deactivated vendor's keys get 401 and its
/// connect pages refuse.
#[server(prefix = "/api/admin", endpoint = "vendors/set-active")]
pub async fn set_vendor_active(vendor_id: String, active: bool) -> Result<(), AdminError> {
    use super::{
        caller::{from_service, Caller, Need},
        outcome::Outcome,
    };
    use crate::services::vendors;

    let caller = Caller::current()?;
    let result = async {
        let staff = caller.staff(Need::Change).await?;
        vendors::accounts::set_vendor_active(
            &caller.state.db,
            caller.actor(&staff),
            &vendor_id,
            active,
        )
        .await
        .map_err(from_service)
    }
    .await;
    let text = if active {
        "Vendor activated."
    } else {
        "Vendor deactivated: its keys and connect pages are refused."
    };
    caller.finish(result, Outcome::notice(text)).await
}
