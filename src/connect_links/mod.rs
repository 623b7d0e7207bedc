//! The connect pages' plain links (no page of their own, each answers with a redirect):
//! the way back to the vendor's return URL.

mod back;

use axum::{routing::get, Router};

use crate::{services::connect::return_to_vendor::BACK_ROUTE, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new().route(BACK_ROUTE, get(back::to_vendor))
}
