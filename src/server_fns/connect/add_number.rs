//! The add-number page's data. Its forms are plain posts (`connect_links`), so the page
//! works without the flow's code.

use leptos::{prelude::*, server_fn::codec::Json};

#[cfg(feature = "ssr")]
use super::{access, browser_of, header_of, page_failure, set_header};
use crate::model::{add_number::AddNumberPage, connect::ConnectError};

/// The add-number page of the session `session` (its id), with the last form's
/// failure (`error`, its label) in the session's language.
#[server(prefix = "/api/connect", endpoint = "whatsapp/number-page", input = Json)]
pub async fn number_page_data(
    session: String,
    #[server(default)] error: Option<String>,
) -> Result<AddNumberPage, ConnectError> {
    use crate::services::connect::number_page::number_page;
    use axum::http::header;
    let state = expect_context::<crate::state::AppState>();
    let parts = use_context::<axum::http::request::Parts>();
    let browser = browser_of(parts.as_ref());
    let access = access(&state, &session, header_of(parts.as_ref(), header::COOKIE));
    let (page, set_cookie) =
        number_page(&state.db, &state.meta, &access, &browser, error.as_deref())
            .await
            .map_err(page_failure)?;
    if let Some(cookie) = &set_cookie {
        set_header(header::SET_COOKIE, cookie);
    }
    Ok(page)
}
