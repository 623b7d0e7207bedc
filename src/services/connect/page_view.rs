//! What a connect page shows for its session. Viewing records when the session was
//! first opened, binds it to the browser that opened it (`binding`), and never consumes
//! it. A page opened by its token moves on to the session's address by id, so the
//! token does not stay in the address bar or the browser's history.

use super::{
    binding::{self, Access},
    claim,
    full_page_dialog::START_PATH,
    in_app_browser,
};
use crate::{
    db::{self, session_claims::ConnectSession},
    domain::{BrowserKey, HandOffCode, Prefill, SessionRef},
    i18n::{catalogue, Locale},
    meta::context::{localized_sdk_url, MetaContexts},
    model::{
        connect::{
            Branding, ConnectPage, DialogReturn, InAppBrowser, PageChoice, PostAgain, ReadySession,
            SessionView,
        },
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
    /// A hand-off code from the page's URL (`handoff=`): the session moves to this
    /// browser if it is the one offered.
    pub hand_off: Option<&'a str>,
}

/// A page's answer: what it shows, the binding cookie to set, and where to send the
/// browser instead (the session's address by id).
#[derive(Debug)]
pub struct PageAnswer {
    pub page: ConnectPage,
    /// A `Set-Cookie` value giving this browser the session.
    pub set_cookie: Option<String>,
    pub go_to: Option<String>,
}

/// The page for a session, in the session's language (the vendor's choice), else in
/// the browser's.
pub async fn connect_page(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    flow: IntegrationType,
    browser: &Browser<'_>,
) -> Result<PageAnswer, sqlx::Error> {
    let Some(reference) = access.reference() else {
        return Ok(answer(SessionView::Unknown, browser.locale));
    };
    let Some(session) = claim::lookup(db, &reference)
        .await?
        .filter(|s| s.integration_type == flow)
    else {
        return Ok(answer(SessionView::Unknown, browser.locale));
    };
    let locale = session
        .locale
        .as_deref()
        .and_then(Locale::parse)
        .unwrap_or(browser.locale);
    let view = closed_view(&session, binding::holds(&session, &access.cookies));
    if let Some(view) = view {
        return Ok(answer(view, locale));
    }
    let Some(set_cookie) = claim_for_browser(db, &session, access, browser).await? else {
        return Ok(answer(
            SessionView::OtherBrowser(branding(&session)),
            locale,
        ));
    };
    // Only the first view writes: later views of an opened page are reads.
    if session.opened_at.is_none() {
        db::session_claims::mark_opened(db, &session.id).await?;
        crate::observe::record::page_opened(flow.as_str());
    }
    let in_app = in_app_browser::is_in_app(browser.user_agent);
    let opened_by_token = matches!(reference, SessionRef::Token(_));
    if opened_by_token && in_app {
        // Opened by its token in an app's built-in browser: on to its address by id,
        // with a hand-off code for the phone's own browser.
        let code = offer_hand_off(db, &session).await?;
        let go_to = format!(
            "{}&handoff={}",
            flow.session_page(&session.id),
            code.expose()
        );
        return Ok(PageAnswer {
            page: ConnectPage {
                view: SessionView::Moved(go_to.clone()),
                texts: catalogue::texts(locale),
            },
            set_cookie: set_cookie.cookie,
            go_to: Some(go_to),
        });
    }
    let mut ready = ready_session(db, metas, &session, browser.dialog).await?;
    ready.meta.sdk_url = localized_sdk_url(&ready.meta.sdk_url, locale);
    ready.in_app = in_app.then(|| hand_off_link(&session, flow, browser));
    // Opened by its token: the page takes the session's address by id at once.
    ready.address_by_id = opened_by_token.then(|| flow.session_page(&session.id));
    Ok(PageAnswer {
        page: ConnectPage {
            view: SessionView::Ready(Box::new(ready)),
            texts: catalogue::texts(locale),
        },
        set_cookie: set_cookie.cookie,
        go_to: None,
    })
}

fn answer(view: SessionView, locale: Locale) -> PageAnswer {
    PageAnswer {
        page: ConnectPage {
            view,
            texts: catalogue::texts(locale),
        },
        set_cookie: None,
        go_to: None,
    }
}

fn branding(session: &ConnectSession) -> Branding {
    Branding {
        vendor_name: session.vendor_name.clone(),
        logo_url: session.vendor_logo_url.clone(),
        theme: Theme {
            primary: session
                .vendor_theme_primary
                .as_deref()
                .and_then(Rgb::parse_hex),
            appearance: Appearance::parse(&session.vendor_theme_appearance).unwrap_or_default(),
        },
        back_url: session
            .return_url
            .as_ref()
            .map(|_| super::return_to_vendor::back_path(&session.id)),
    }
}

/// The view of a session that can no longer be used, if it cannot. `holder`: this
/// browser holds the session (only it is given the result to post again).
fn closed_view(session: &ConnectSession, holder: bool) -> Option<SessionView> {
    if session.vendor_deactivated_at.is_some() {
        return Some(SessionView::VendorInactive);
    }
    if session.consumed_at.is_some() {
        let post_again = holder.then(|| post_again(session)).flatten();
        return Some(SessionView::Used(branding(session), post_again));
    }
    if session.expires_at <= db::now_ms() {
        return Some(SessionView::Expired(branding(session)));
    }
    None
}

/// The completed session's result, to post again to the vendor's window.
fn post_again(session: &ConnectSession) -> Option<PostAgain> {
    let stored = session.completed_result.as_deref()?;
    let message = super::session_outcome::message(session.integration_type, stored)?;
    Some(PostAgain {
        message: message.to_string(),
        target_origin: session.origin.clone(),
    })
}

/// This browser's hold on the session: `None` when another browser holds it.
struct Held {
    /// The cookie to set when the browser has just taken the session.
    cookie: Option<String>,
}

/// Whether this browser holds the session, taking it when nobody does yet or when it
/// brings the hand-off code offered for it.
async fn claim_for_browser(
    db: &db::Db,
    session: &ConnectSession,
    access: &Access<'_>,
    browser: &Browser<'_>,
) -> Result<Option<Held>, sqlx::Error> {
    if binding::holds(session, &access.cookies) {
        return Ok(Some(Held { cookie: None }));
    }
    let key = BrowserKey::generate();
    let taken = match (&session.browser_hash, browser.hand_off) {
        (None, _) => db::session_claims::bind_browser(db, &session.id, &key.hash()).await?,
        (Some(_), Some(code)) => match HandOffCode::parse(code) {
            Ok(code) => {
                db::session_claims::take_hand_off(db, &session.id, &code.hash(), &key.hash())
                    .await?
            }
            Err(_) => false,
        },
        (Some(_), None) => false,
    };
    Ok(taken.then(|| Held {
        cookie: Some(access.cookies.set_cookie(&session.id, &key)),
    }))
}

/// A new single-use code handing the session to another browser, valid while the
/// session can be completed.
async fn offer_hand_off(db: &db::Db, session: &ConnectSession) -> Result<HandOffCode, sqlx::Error> {
    let code = HandOffCode::generate();
    let until = session
        .opened_at
        .unwrap_or_else(db::now_ms)
        .saturating_add(claim::COMPLETION_GRACE_MS);
    db::session_claims::offer_hand_off(db, &session.id, &code.hash(), until).await?;
    Ok(code)
}

/// What an app's built-in browser is offered: on Android a link to this page, with the
/// hand-off code of its address, in the phone's browser; elsewhere the app's menu.
fn hand_off_link(
    session: &ConnectSession,
    flow: IntegrationType,
    browser: &Browser<'_>,
) -> InAppBrowser {
    let Some(code) = browser.hand_off.and_then(|c| HandOffCode::parse(c).ok()) else {
        return InAppBrowser::Other;
    };
    let page = format!(
        "{}&handoff={}",
        flow.session_page(&session.id),
        code.expose()
    );
    in_app_browser::link(browser.user_agent, browser.host, &page)
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

/// Meta's `extras.setup` for a WhatsApp session: what the vendor pre-filled, and the
/// workspace's WABA when it has one (a reconnection, or another signup, offers it
/// again); `None` when there is neither.
async fn setup(db: &db::Db, session: &ConnectSession) -> Result<Option<String>, sqlx::Error> {
    let waba = db::whatsapp_connections::find(db, &session.workspace_id)
        .await?
        .map(|connection| connection.waba_id);
    if session.prefill.is_none() && waba.is_none() {
        return Ok(None);
    }
    let prefill = Prefill::from_stored(session.prefill.as_deref().unwrap_or("{}"));
    Ok(Some(prefill.setup(waba.as_deref())))
}

/// What the page of a usable session shows.
#[tracing::instrument(skip_all)]
async fn ready_session(
    db: &db::Db,
    metas: &MetaContexts,
    session: &ConnectSession,
    dialog: Option<&str>,
) -> Result<ReadySession, sqlx::Error> {
    let flow = session.integration_type;
    let reconnecting =
        db::connection_state::has_broken(db, &session.workspace_id, flow.connection_kind()).await?;
    let pages_flow = flow == IntegrationType::MetaPage;
    let full_page_url = (pages_flow && metas.for_mode(session.mode).dialog.is_some())
        .then(|| format!("{START_PATH}?session={}", session.id));
    let returned = match pages_flow {
        true => returned(db, &session.id, dialog).await?,
        false => None,
    };
    let setup = match pages_flow {
        true => None,
        false => setup(db, session).await?,
    };
    Ok(ReadySession {
        session_id: session.id.clone(),
        reconnecting,
        branding: branding(session),
        meta: metas.for_mode(session.mode).client.clone(),
        test_mode: session.mode == Mode::Test,
        target_origin: session.origin.clone(),
        in_app: None,
        full_page_url,
        returned,
        coexistence: flow == IntegrationType::WhatsApp && session.offers_coexistence(),
        setup,
        number_on_page: flow == IntegrationType::WhatsApp && session.number_on_page != 0,
        address_by_id: None,
    })
}
