//! Facebook Pages: list the customer's pages, then connect the chosen ones.

use leptos::{prelude::*, server_fn::codec::Json};

#[cfg(feature = "ssr")]
use super::{access, cookie_header, counted, detached};
use crate::model::connect::{ConnectError, PageChoice, PagesConnected};
#[cfg(feature = "ssr")]
use crate::{services::connect::facebook_pages, state::AppState};

/// Lists the pages the customer manages, from `FB.login`'s user access token. The page
/// tokens stay on the server.
#[server(prefix = "/api/connect", endpoint = "pages/list", input = Json)]
pub async fn list_pages(
    session_token: String,
    user_access_token: String,
) -> Result<Vec<PageChoice>, ConnectError> {
    let state = expect_context::<AppState>();
    let cookies = cookie_header();
    let access = access(&state, &session_token, cookies.as_deref());
    let (db, meta) = (&state.db, &state.meta);
    let result = facebook_pages::list_pages(db, meta, &access, &user_access_token).await;
    counted("pages", "list", result, |_| "listed")
}

/// Connects the chosen pages and completes the session.
#[server(prefix = "/api/connect", endpoint = "pages/complete", input = Json)]
pub async fn connect_pages(
    session_token: String,
    page_ids: Vec<String>,
) -> Result<PagesConnected, ConnectError> {
    let state = expect_context::<AppState>();
    let cookies = cookie_header();
    let result = detached(async move {
        let access = access(&state, &session_token, cookies.as_deref());
        let (db, meta) = (&state.db, &state.meta);
        facebook_pages::connect_pages(db, meta, &access, &page_ids).await
    })
    .await;
    counted("pages", "complete", result, |_| "connected")
}
