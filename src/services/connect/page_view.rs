//! What a connect page shows for its token. Viewing records when the session was first
//! opened, and never consumes it.

use super::{
    full_page_dialog::START_PATH,
    in_app_browser,
    meta_context::{localized_sdk_url, MetaContexts},
};
use crate::{
    db,
    domain::SessionToken,
    i18n::{catalogue, Locale},
    model::{
        connect::{Branding, ConnectPage, DialogReturn, PageChoice, ReadySession, SessionView},
        theme::{Appearance, Rgb, Theme},
        IntegrationType, Mode, Named,
    },
};

/// What the page request says of the browser asking.
#[derive(Debug, Default)]
pub struct Browser<'a> {
    /// From its `Accept-Language`.
    pub locale: Locale,
    pub user_agent: &'a str,
    /// The `Host` it asked.
    pub host: Option<&'a str>,
    /// How Meta's full-page dialog went (`dialog=` in the page's URL).
    pub dialog: Option<&'a str>,
}

/// The page for a token, in the session's language (the vendor's choice), else in the
/// browser's.
pub async fn connect_page(
    db: &db::Db,
    metas: &MetaContexts,
    raw_token: &str,
    flow: IntegrationType,
    browser: &Browser<'_>,
) -> Result<ConnectPage, sqlx::Error> {
    let (view, chosen) = session_view(db, metas, raw_token, flow, browser.dialog).await?;
    let locale = chosen.unwrap_or(browser.locale);
    let view = match view {
        SessionView::Ready(mut ready) => {
            ready.meta.sdk_url = localized_sdk_url(&ready.meta.sdk_url, locale);
            let page = flow.page_url(raw_token);
            ready.in_app = in_app_browser::detect(browser.user_agent, browser.host, &page);
            SessionView::Ready(ready)
        }
        other => other,
    };
    Ok(ConnectPage {
        view,
        texts: catalogue::texts(locale),
    })
}

/// How Meta's full-page dialog went, for a session back from it: a listing shows the
/// pages kept for the customer's choice (only connectable pages have a kept token).
async fn returned(
    db: &db::Db,
    session_id: &str,
    dialog: Option<&str>,
) -> Result<Option<DialogReturn>, sqlx::Error> {
    Ok(match dialog.and_then(DialogReturn::from_name) {
        Some(DialogReturn::Listed(_)) => {
            let pending = db::page_connections::pending(db, session_id).await?;
            let pages = pending.into_iter().map(|page| PageChoice {
                id: page.page_id,
                name: page.name,
                category: page.category,
                not_connectable: None,
            });
            Some(DialogReturn::Listed(pages.collect()))
        }
        other => other,
    })
}

/// What the token's page shows, and the language the vendor chose for it.
#[tracing::instrument(skip_all, fields(?flow))]
async fn session_view(
    db: &db::Db,
    metas: &MetaContexts,
    raw_token: &str,
    flow: IntegrationType,
    dialog: Option<&str>,
) -> Result<(SessionView, Option<Locale>), sqlx::Error> {
    let Ok(token) = SessionToken::parse(raw_token) else {
        return Ok((SessionView::Unknown, None));
    };
    let Some(session) = db::session_claims::find_for_page(db, &token.hash()).await? else {
        return Ok((SessionView::Unknown, None));
    };
    if session.integration_type != flow {
        return Ok((SessionView::Unknown, None));
    }
    let locale = session.locale.as_deref().and_then(Locale::parse);
    if session.vendor_deactivated_at.is_some() {
        return Ok((SessionView::VendorInactive, locale));
    }
    let branding = Branding {
        vendor_name: session.vendor_name,
        logo_url: session.vendor_logo_url,
        theme: Theme {
            primary: session
                .vendor_theme_primary
                .as_deref()
                .and_then(Rgb::parse_hex),
            appearance: Appearance::parse(&session.vendor_theme_appearance).unwrap_or_default(),
        },
    };
    if session.consumed_at.is_some() {
        return Ok((SessionView::Used(branding), locale));
    }
    if session.expires_at <= db::now_ms() {
        return Ok((SessionView::Expired(branding), locale));
    }
    // Only the first view writes: later views of an opened page are reads.
    if session.opened_at.is_none() {
        db::session_claims::mark_opened(db, &session.id).await?;
        crate::observe::record::page_opened(flow.as_str());
    }
    let reconnecting =
        db::connection_state::has_broken(db, &session.workspace_id, flow.connection_kind()).await?;
    let pages_flow = flow == IntegrationType::MetaPage;
    let full_page_url = (pages_flow && metas.for_mode(session.mode).dialog.is_some())
        .then(|| format!("{START_PATH}?session_token={raw_token}"));
    let returned = match pages_flow {
        true => returned(db, &session.id, dialog).await?,
        false => None,
    };
    let ready = ReadySession {
        reconnecting,
        branding,
        meta: metas.for_mode(session.mode).client.clone(),
        test_mode: session.mode == Mode::Test,
        target_origin: session.origin,
        in_app: None,
        full_page_url,
        returned,
    };
    Ok((SessionView::Ready(Box::new(ready)), locale))
}
