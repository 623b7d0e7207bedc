//! What Meta's servers call on this product (configured in the Meta app's settings):
//! the webhook callback (`/meta/webhooks`), Facebook Login's Deauthorize and Data
//! Deletion callbacks, and the status page a Data Deletion answer points the person to.
//! Each request is checked against the app secret before anything is read from it.
//! Also the return page registered for Meta's full-page login dialog, with the link that
//! starts that dialog.

mod facebook_login;
mod full_page_dialog;
mod webhooks;

use axum::{
    extract::DefaultBodyLimit,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};

use crate::state::AppState;

/// The largest delivery read: Meta batches changes of a few hundred bytes each, but a
/// chunk of a WhatsApp Business app number's chat history carries many messages.
const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

pub const WEBHOOKS_PATH: &str = "/meta/webhooks";
pub const DEAUTHORIZE_PATH: &str = "/meta/deauthorize";
pub const DATA_DELETION_PATH: &str = "/meta/data-deletion";

fn refused(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "error": message }))).into_response()
}

/// Meta stands in as the simulator, whose app secret is public: on a server others can
/// reach, anyone could sign a "Meta" callback with it, so none is taken.
fn simulated_meta_refused() -> Response {
    tracing::warn!("refused a Meta callback: the simulator's public secret signs nothing here");
    refused(
        StatusCode::FORBIDDEN,
        "Meta callbacks are not taken here: this server runs against the simulated Meta",
    )
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route(WEBHOOKS_PATH, get(webhooks::verify).post(webhooks::receive))
        .route(DEAUTHORIZE_PATH, post(facebook_login::deauthorize))
        .route(DATA_DELETION_PATH, post(facebook_login::delete_data))
        .route(
            "/meta/data-deletion/{confirmation_code}",
            get(facebook_login::deletion_status),
        )
        .route(
            crate::services::connect::full_page_dialog::START_PATH,
            post(full_page_dialog::start),
        )
        .route(
            crate::services::connect::full_page_dialog::RETURN_PATH,
            get(full_page_dialog::finish),
        )
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}
