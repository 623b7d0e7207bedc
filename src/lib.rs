//! WhatsPortal Vendor Connect: embedded WhatsApp Business and Facebook Pages onboarding
//! for SaaS vendors. One crate: the server (feature `ssr`) and the wasm client
//! (feature `hydrate`) share the pages in `app` and `pages`.

pub mod app;
pub mod browser;
pub mod components;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod response_status;
pub mod server_fns;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod assets;
#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod config;
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
pub mod sdk;
#[cfg(feature = "ssr")]
pub mod security_headers;
#[cfg(feature = "ssr")]
pub mod services;
#[cfg(feature = "ssr")]
pub mod startup;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod telemetry;
#[cfg(feature = "ssr")]
pub mod webhook_client;

/// The wasm client's entry point. A connect page hydrates only its flow (an island) and
/// loads nothing else; every other page loads the whole app from its own chunk and
/// hydrates it, and lazily loaded routes (the admin area) load their code before their
/// part of the page hydrates.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    let path = leptos::prelude::window()
        .location()
        .pathname()
        .unwrap_or_default();
    if app::hydrates_islands_only(&path) {
        leptos::mount::hydrate_islands();
    } else {
        wasm_bindgen_futures::spawn_local(hydrate_app());
    }
}

/// Hydrates the whole app; in a chunk of its own, so that connect pages never load it.
#[cfg(feature = "hydrate")]
#[leptos::prelude::lazy]
fn hydrate_app() {
    leptos::mount::hydrate_lazy(app::App);
}
