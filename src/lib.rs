//! WhatsPortal Vendor Connect: embedded WhatsApp Business and Facebook Pages onboarding
//! for SaaS vendors. One crate: the server (feature `ssr`) renders every page in `pages`;
//! the wasm client (feature `hydrate`) hydrates the connect pages' flows, their islands.

pub mod browser;
pub mod components;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod response_status;
pub mod server_fns;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod api;
/// The document and the route table: rendered on the server only (the browser hydrates
/// the connect pages' islands, see `hydrate`).
#[cfg(feature = "ssr")]
pub mod app;
#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod connect_links;
#[cfg(feature = "ssr")]
pub mod crypto;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod docs;
#[cfg(feature = "ssr")]
pub mod domain;
#[cfg(feature = "ssr")]
pub mod health;
#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod meta;
#[cfg(feature = "ssr")]
pub mod meta_callbacks;
#[cfg(feature = "ssr")]
pub mod observe;
#[cfg(feature = "ssr")]
pub mod sdk;
#[cfg(feature = "ssr")]
pub mod security_headers;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod shutdown;
#[cfg(feature = "ssr")]
pub mod simulator;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod telemetry;
#[cfg(feature = "ssr")]
pub mod webhook_client;

/// The wasm client's entry point, loaded by the connect pages only: they are rendered on
/// the server and hydrate their flow, an island (`#[island]`). Every other page (home,
/// docs, the admin area) is plain HTML with links and forms and loads no script, so
/// the module holds the flows' code and nothing of the admin area.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
