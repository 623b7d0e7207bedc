use leptos::prelude::*;

use crate::components::admin::LoadError;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{
    actions::VendorActions, allowed_origins::AllowedOrigins, api_keys::ApiKeys,
    coexistence::CoexistenceSetting, rate_limit::RateLimitSettings, return_urls::ReturnUrls,
    sessions::VendorSessions, settings::VendorSettings, team::VendorTeam, theme::ThemeSettings,
    webhook_settings::WebhookSettings,
};
use crate::{
    model::admin::VendorDetailView,
    pages::admin::area::{title, use_area, VendorsCrumb},
    server_fns::admin::vendor_detail,
};

/// One vendor: its settings, API keys, allowed origins and sessions.
#[component]
pub fn VendorPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let vendor_id = move || params.with(|p| p.get("id").unwrap_or_default());
    let days = move || query.with(|q| q.get("days").and_then(|d| d.parse().ok()).unwrap_or(7));
    VendorActions::provide();
    let detail = Resource::new_blocking(
        move || (vendor_id(), days()),
        |(id, days)| vendor_detail(id, days),
    );
    view! {
        <Transition fallback=|| {
            view! { <p class="loading">"Loading…"</p> }
        }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(vendor) => view! { <VendorSections vendor /> }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn VendorSections(vendor: VendorDetailView) -> impl IntoView {
    let VendorDetailView {
        id,
        name,
        logo_url,
        active,
        created,
        keys,
        origins,
        return_urls,
        sessions,
        funnel,
        webhook,
        rate_limit,
        theme,
        coexistence_default,
        team,
    } = vendor;
    let area = use_area();
    view! {
        <Title text=title(&area, &name) />
        <p class="breadcrumbs">
            <VendorsCrumb />
        </p>
        <h1>{name.clone()}</h1>
        <dl class="facts">
            <dt>"Vendor ID"</dt>
            <dd>
                <code data-testid="vendor-id">{id.clone()}</code>
            </dd>
            <dt>"Status"</dt>
            <dd data-testid="vendor-status">{if active { "active" } else { "deactivated" }}</dd>
            <dt>"Created"</dt>
            <dd>{created}</dd>
        </dl>
        <p>
            <a href=format!("{}/workspaces", area.vendor_path(&id))>"Workspaces and connections"</a>
        </p>
        <VendorSettings vendor_id=id.clone() name logo_url active />
        <ThemeSettings vendor_id=id.clone() theme />
        <ApiKeys vendor_id=id.clone() keys />
        <AllowedOrigins vendor_id=id.clone() origins />
        <ReturnUrls vendor_id=id.clone() urls=return_urls />
        <WebhookSettings vendor_id=id.clone() webhook />
        <VendorTeam vendor_id=id.clone() team />
        <RateLimitSettings vendor_id=id.clone() rate_limit />
        <CoexistenceSetting vendor_id=id.clone() offered=coexistence_default />
        <VendorSessions vendor_id=id sessions funnel />
    }
}
