//! What every handler, server function and page render can reach: one `AppState`,
//! passed to the router and provided as context to server functions. The router clones
//! it for every request, so it is one `Arc` around its parts; a handler takes the part
//! it needs (`State<Db>`, `State<Arc<Settings>>`…) through `FromRef`.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use crate::{config::Settings, db::Db, meta::context::MetaContexts, shutdown::StopSignal};

#[derive(Clone)]
pub struct AppState(Arc<AppStateParts>);

impl AppState {
    pub fn new(parts: AppStateParts) -> Self {
        Self(Arc::new(parts))
    }
}

impl std::ops::Deref for AppState {
    type Target = AppStateParts;

    fn deref(&self) -> &AppStateParts {
        &self.0
    }
}

/// What the state holds.
pub struct AppStateParts {
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

/// `State<T>` for each part the handlers take.
macro_rules! parts_from_state {
    ($($field:ident: $part:ty),* $(,)?) => {$(
        impl FromRef<AppState> for $part {
            fn from_ref(state: &AppState) -> Self {
                state.$field.clone()
            }
        }
    )*};
}

parts_from_state! {
    db: Db,
    leptos_options: LeptosOptions,
    settings: Arc<Settings>,
    meta: Arc<MetaContexts>,
    meta_events: Arc<tokio::sync::Notify>,
    stopping: StopSignal,
}
