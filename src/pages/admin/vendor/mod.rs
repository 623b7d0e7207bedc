//! One vendor's page, in the admin area and in the vendor console: its settings, API
//! keys, allowed origins, webhook endpoints, team and sessions, one section per file,
//! sharing the page's actions.

mod actions;
mod allowed_origins;
mod api_keys;
mod coexistence;
mod page;
mod rate_limit;
mod return_urls;
mod sessions;
mod settings;
mod team;
mod theme;
mod webhook_settings;

pub use page::VendorPage;
