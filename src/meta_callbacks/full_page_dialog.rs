//! Meta's login as a full page: the form on the Facebook Pages page that starts it, and
//! the registered return page Meta sends the customer back to. Both answer with a
//! redirect; neither is cached, and neither lets a referrer carry the URL on.

use axum::{
    extract::{rejection::QueryRejection, Query, State},
    http::HeaderMap,
    response::Response,
};
use serde::Deserialize;

use crate::{
    http::{connect_cookies::binding_cookies as cookies, redirect::see_other},
    services::connect::{
        binding::Access,
        full_page_dialog::{self, ReturnQuery},
    },
    state::AppState,
};

#[derive(Deserialize)]
pub struct StartQuery {
    #[serde(default)]
    session: String,
}

/// `POST /vendor/connect/meta-page/facebook?session=…` (the page's form, with the
/// browser's binding cookie): to Meta's dialog, or back to the session's page (which
/// says why) when this browser cannot start it.
pub async fn start(
    State(app): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<StartQuery>, QueryRejection>,
) -> Response {
    let session = query.map(|Query(q)| q.session).unwrap_or_default();
    let access = Access {
        session: &session,
        cookies: cookies(&app, &headers),
    };
    see_other(&full_page_dialog::start(&app.db, &app.meta, &access).await)
}

/// `GET /vendor/connect/return?code=…&state=…` (or `error=access_denied&…`): Meta's
/// answer, then the session's page.
pub async fn finish(
    State(app): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<ReturnQuery>, QueryRejection>,
) -> Response {
    let query = query.map(|Query(q)| q).unwrap_or_default();
    let cookies = cookies(&app, &headers);
    see_other(&full_page_dialog::finish(&app.db, &app.meta, &query, cookies).await)
}
