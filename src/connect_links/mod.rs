//! The connect pages' plain links and forms (no page of their own, each answers with a
//! redirect): the way back to the vendor's return URL, the opening of a setup link, and
//! the add-number page's steps.

mod add_number;
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
        .merge(add_number::router())
}
