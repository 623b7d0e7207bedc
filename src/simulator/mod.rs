//! The Meta simulator: a stand-in for the parts of Meta the connect flows use. The JS
//! SDK (`FB.init` / `FB.login` opening a consent popup), the consent dialog, and the
//! Graph API endpoints, with Meta's request and response shapes and error bodies, and
//! the webhooks Meta sends after a WhatsApp Business app sync (through a sink start-up
//! hands it). The
//! real Graph client reaches it over HTTP, so every line of the integration runs in
//! development and tests. Faults can be injected through `POST /meta-sim/faults`.
//!
//! Its codes and tokens live in the database, expire as Meta's do and are swept, so every
//! instance honours the same ones; in production its dialog serves open test-mode
//! sessions only (`gate`). Fault injection, the recorded logins and the numbers'
//! registration state are kept in the process (development and tests use them).

mod accounts;
mod added_numbers;
mod app_data;
mod dialog;
mod facebook_users;
mod faults;
mod full_page_dialog;
mod gate;
mod grants;
mod graph_answers;
mod graph_lifecycle;
mod graph_number_addition;
mod graph_pages;
mod graph_routes;
mod graph_whatsapp;
mod health;
mod login_options;
mod numbers;
mod proof;

use std::sync::Arc;

use axum::{
    http::{header, HeaderValue},
    response::IntoResponse,
    routing::{get, post},
    Router,
};

pub use app_data::{DeliverySink, SimulatedDelivery};
pub use faults::{Fault, FaultKind};

/// The app the simulator plays Meta for: what the product is configured with.
pub use crate::config::simulated::{
    APP_ID, APP_SECRET, CONFIG_ID, MOUNT, PAGES_CONFIG_ID, WEBHOOK_VERIFY_TOKEN,
};

pub use gate::AUTHORIZATIONS_PER_SESSION;

/// The simulator's state: codes and tokens it issued, and pending faults.
pub struct Simulator {
    grants: grants::Grants,
    gate: gate::Gate,
    faults: faults::Faults,
    numbers: numbers::Numbers,
    /// Numbers added to WABAs shared without one.
    added: added_numbers::AddedNumbers,
    logins: login_options::Logins,
    /// The product's database: test mode's display name decisions are read from it.
    db: crate::db::Db,
    /// Where its own webhook deliveries go (after a sync request).
    deliveries: Option<DeliverySink>,
}

impl Simulator {
    /// A simulator keeping its codes and tokens in `db`; `test_sessions_only` gates its
    /// dialog (production); `deliveries` takes the webhooks it sends (none: it sends
    /// none).
    pub fn new(
        db: crate::db::Db,
        test_sessions_only: bool,
        deliveries: Option<DeliverySink>,
    ) -> Arc<Self> {
        let gate = if test_sessions_only {
            gate::Gate::for_test_sessions(db.clone())
        } else {
            gate::Gate::open()
        };
        Arc::new(Self {
            grants: grants::Grants::new(db.clone()),
            db,
            gate,
            faults: faults::Faults::default(),
            numbers: numbers::Numbers::default(),
            added: added_numbers::AddedNumbers::default(),
            logins: login_options::Logins::default(),
            deliveries,
        })
    }
}

async fn sdk_js() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        include_str!("sdk.js"),
    )
}

async fn dialog_js() -> impl IntoResponse {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        include_str!("dialog.js"),
    )
}

/// Every route of the simulator, under `/meta-sim`.
/// The simulator's routes; fault injection only when `with_faults` (development and
/// tests: a production server's test mode must not be disturbed from outside).
pub fn router<S: Clone + Send + Sync + 'static>(
    simulator: Arc<Simulator>,
    with_faults: bool,
) -> Router<S> {
    let mut routes = Router::new()
        .route("/sdk.js", get(sdk_js))
        .route("/dialog.js", get(dialog_js))
        .route("/dialog", get(dialog::page))
        .route("/dialog/authorize", post(dialog::authorize))
        .route("/{version}/dialog/oauth", get(full_page_dialog::page))
        .route("/dialog/oauth/confirm", get(full_page_dialog::confirm))
        .merge(graph_routes::router());
    if with_faults {
        routes = routes
            .route("/faults", post(faults::add).delete(faults::clear))
            .route("/logins", get(dialog::logins))
            .route("/calls/{number}", get(app_data::calls))
            .route("/tokens/revoke", post(graph_lifecycle::revoke));
    }
    let routes = routes.with_state(simulator);
    Router::new().nest(MOUNT, routes)
}
