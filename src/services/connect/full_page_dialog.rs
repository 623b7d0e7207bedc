//! Meta's login as a full page, where its popup cannot open (apps' built-in browsers,
//! strict popup settings). Meta sends the customer back only to a registered return
//! page, so the return page is one fixed URL and the session travels in `state`: a new
//! random value per start, kept hashed with the session's id, taken (and so spent) by
//! the return. Neither the session token nor anything of the vendor reaches Meta (a
//! fixed return page carrying the session in `state`).
//!
//! The Facebook Pages flow runs here completely: the code is exchanged with the same
//! `redirect_uri` and the pages are read. Embedded Signup does not: its result (the
//! WhatsApp Business account and number) arrives only as a message to the window that
//! opened Meta's popup, and since 2026 the business token no longer names the account,
//! so a full-page return could not learn what was shared. Its page offers the phone's
//! browser instead (`in_app_browser`).

use super::{
    binding::{Access, BrowserCookies},
    claim, facebook_pages,
};
use crate::{
    db::{self, dialog_returns},
    domain::{DialogState, SessionRef},
    meta::context::{FullPageDialog, MetaContext, MetaContexts},
    model::{connect::DialogReturn, IntegrationType},
};

pub use crate::model::connect::{
    FULL_PAGE_RETURN_PATH as RETURN_PATH, FULL_PAGE_START_PATH as START_PATH,
};

/// Checks a configured return page: empty (not offered), or an absolute URL of this
/// server's return path, over HTTPS (plain HTTP outside production), without a query.
pub fn check_return_url(raw: &str, production: bool) -> Result<(), String> {
    if raw.is_empty() {
        return Ok(());
    }
    let url = url::Url::parse(raw).map_err(|_| format!("`{raw}` is not an absolute URL"))?;
    let scheme_ok = url.scheme() == "https" || (!production && url.scheme() == "http");
    if !scheme_ok {
        return Err(format!("`{raw}` must use https"));
    }
    if url.path() != RETURN_PATH || url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "`{raw}` must be this server's return page, ending in {RETURN_PATH} without a query"
        ));
    }
    Ok(())
}

/// Where a start sends the customer: Meta's full-page login for a usable Facebook Pages
/// session of this browser (with a new state kept), else back to the session's page,
/// which says why. The start is a form the page posts: the browser's binding cookie
/// comes with it.
#[tracing::instrument(skip_all)]
pub async fn start(db: &db::Db, metas: &MetaContexts, access: &Access<'_>) -> String {
    match start_dialog(db, metas, access).await {
        Some(dialog) => dialog,
        None => match access.reference() {
            Some(SessionRef::Id(id)) => IntegrationType::MetaPage.session_page(&id),
            Some(SessionRef::Token(token)) => IntegrationType::MetaPage.page_url(token.expose()),
            None => IntegrationType::MetaPage.connect_path().to_owned(),
        },
    }
}

/// Keeps a new state for the session and answers Meta's dialog URL; `None` when the
/// session cannot start it.
async fn start_dialog(db: &db::Db, metas: &MetaContexts, access: &Access<'_>) -> Option<String> {
    let session = claim::find_usable(db, access, IntegrationType::MetaPage)
        .await
        .ok()?;
    let meta = metas.for_mode(session.mode);
    let dialog = meta.dialog.as_ref()?;
    let state = DialogState::generate();
    if let Err(e) = dialog_returns::keep(db, &state.hash(), &session.id).await {
        db::log_failure(&e, "keeping a full-page login's state");
        return None;
    }
    Some(dialog_url(meta, dialog, state.expose()))
}

/// Meta's OAuth dialog for the Pages login, with the configuration of Facebook Login
/// for Business when there is one, else the Pages permissions.
fn dialog_url(meta: &MetaContext, dialog: &FullPageDialog, state: &str) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("client_id", &meta.client.app_id)
        .append_pair("redirect_uri", &dialog.return_url)
        .append_pair("state", state)
        .append_pair("response_type", "code");
    match meta.client.pages_config_id.as_deref() {
        Some(config_id) => query.append_pair("config_id", config_id),
        None => query.append_pair("scope", crate::model::connect::PAGES_SCOPES),
    };
    format!("{}?{}", dialog.endpoint, query.finish())
}

/// What Meta's dialog sent back to the return page.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ReturnQuery {
    pub state: Option<String>,
    pub code: Option<String>,
    /// `access_denied` when the customer refused or closed the dialog.
    pub error: Option<String>,
    pub error_reason: Option<String>,
}

/// Where the customer goes from the return page: the session's page (by its id: no
/// token in the address) saying how the dialog went, or (for a state that is unknown,
/// spent or malformed) the page of an unknown link. A state works once, whatever the
/// outcome. The return is a top-level navigation from Meta, so the binding cookie
/// (`SameSite=Lax`) comes with it: a browser that does not hold the session finds its
/// page saying so, and nothing of its login is kept.
#[tracing::instrument(skip_all)]
pub async fn finish(
    db: &db::Db,
    metas: &MetaContexts,
    query: &ReturnQuery,
    cookies: BrowserCookies<'_>,
) -> String {
    let unknown = IntegrationType::MetaPage.connect_path().to_owned();
    let Some(state) = query
        .state
        .as_deref()
        .and_then(|s| DialogState::parse(s).ok())
    else {
        return unknown;
    };
    let session_id = match dialog_returns::take(db, &state.hash()).await {
        Ok(Some(session_id)) => session_id,
        Ok(None) => return unknown,
        Err(e) => {
            db::log_failure(&e, "taking a full-page login's state");
            return unknown;
        }
    };
    let page = IntegrationType::MetaPage.session_page(&session_id);
    let access = Access {
        session: &session_id,
        cookies,
    };
    match returned(db, metas, &access, query).await {
        Some(outcome) => format!("{page}&dialog={}", outcome.name()),
        None => page,
    }
}

/// What the dialog's answer comes to; `None` when the session itself is no longer
/// usable here (its page says so).
async fn returned(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    query: &ReturnQuery,
) -> Option<DialogReturn> {
    if query.error.is_some() {
        // Meta's reason (`user_denied`), reduced to what such a name holds.
        let reason: String = query
            .error_reason
            .as_deref()
            .unwrap_or("")
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        tracing::info!(%reason, "the customer left Meta's full-page dialog without logging in");
        return Some(DialogReturn::Cancelled);
    }
    let code = query.code.as_deref().unwrap_or("");
    match facebook_pages::list_pages_from_code(db, metas, access, code).await {
        Ok(pages) => Some(DialogReturn::Listed(pages)),
        Err(error) if error.is_retryable() => Some(DialogReturn::Failed(error)),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_return_page_is_this_servers_over_https() {
        assert_eq!(check_return_url("", true), Ok(()));
        assert_eq!(
            check_return_url("https://connect.example.com/vendor/connect/return", true),
            Ok(())
        );
        assert_eq!(
            check_return_url("http://127.0.0.1:3000/vendor/connect/return", false),
            Ok(())
        );
        for bad in [
            "http://connect.example.com/vendor/connect/return",
            "https://connect.example.com/vendor/connect/whatsapp",
            "https://connect.example.com/vendor/connect/return?session_token=1",
            "https://connect.example.com/vendor/connect/return#x",
            "/vendor/connect/return",
            "not a url",
        ] {
            assert!(check_return_url(bad, true).is_err(), "{bad}");
        }
    }
}
