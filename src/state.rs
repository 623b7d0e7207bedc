//! What every handler, server function and page render can reach: one `AppState`,
//! passed to the router and provided as context to server functions.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use crate::{config::Settings, db::Db, meta::context::MetaContexts, shutdown::StopSignal};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub meta: Arc<MetaContexts>,
    /// Wakes the worker processing Meta's webhook changes (one was just stored).
    pub meta_events: Arc<tokio::sync::Notify>,
    /// Fires once the instance is stopping: `/readyz` answers 503, workers end their round.
    pub stopping: StopSignal,
    /// This server's origin as browsers and Meta reach it, for absolute URLs; `None` when
    /// nothing configures it (a production server without `WHATSPORTAL_PUBLIC_URL`).
    pub site_url: Option<Arc<str>>,
    /// Sends the vendor console's links by e-mail; `None` when no SMTP server is set.
    pub mailer: Option<Arc<crate::services::console::mail::Mailer>>,
}
