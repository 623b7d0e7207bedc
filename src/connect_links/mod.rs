//! The connect pages' plain links (no page of their own, each answers with a redirect):
//! the way back to the vendor's return URL, and the opening of a setup link.

mod back;
mod setup;

use axum::{routing::get, Router};

use crate::{
    services::connect::{return_to_vendor::BACK_ROUTE, setup_links::OPEN_ROUTE},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(BACK_ROUTE, get(back::to_vendor))
        .route(OPEN_ROUTE, get(setup::open))
}
