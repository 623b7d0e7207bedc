//! Facebook Pages: list the pages the customer manages (tokens stay on the server,
//! sealed), then subscribe and store the chosen ones and consume the session. If any
//! chosen page fails, nothing is stored or consumed and the customer can retry.

use std::collections::HashSet;

use super::{
    binding::Access,
    claim::{self, code_failure, graph_failure, internal},
    complete::{complete, Completion, Connected},
};
use crate::{
    db::{
        self,
        page_connections::{NewPageConnection, PendingPage},
        session_claims::ConnectSession,
    },
    domain::{MetaCredential, MetaId},
    meta::context::{MetaContext, MetaContexts},
    meta::graph::ManagedPage,
    model::{
        connect::{ConnectError, ConnectedPage, NotConnectable, PageChoice, PagesConnected},
        IntegrationType,
    },
    services::webhooks,
};

/// Most pages one completion may choose: the listing's own bound.
const MAX_CHOSEN: usize = 5_000;

/// Listings one session may make (each costs three Graph calls or more, and seals every
/// page token again): a customer logging in again or as someone else is well within it.
pub const LISTINGS_PER_SESSION: i64 = 20;

/// Why a listed page cannot be connected: Meta gave no page token, or the customer
/// lacks the MESSAGING task. The other pages are unaffected.
fn not_connectable(page: &ManagedPage) -> Option<NotConnectable> {
    if page.access_token.as_deref().is_none_or(str::is_empty) {
        Some(NotConnectable::NoPageToken)
    } else if !page.can_message() {
        Some(NotConnectable::NoMessagingTask)
    } else {
        None
    }
}

/// Lists every page the customer manages, from the short-lived token `FB.login` gave.
#[tracing::instrument(skip_all)]
pub async fn list_pages(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    user_access_token: &str,
) -> Result<Vec<PageChoice>, ConnectError> {
    let user_access_token = MetaCredential::parse("user_access_token", user_access_token)
        .map_err(|_| ConnectError::BadRequest)?;
    let session = claim::find_usable(db, access, IntegrationType::MetaPage).await?;
    let meta = metas.for_mode(session.mode);
    list_for(db, meta, &session, user_access_token.expose()).await
}

/// Lists the pages of the customer who logged in through Meta's full-page dialog: its
/// code is exchanged with the dialog's own `redirect_uri` (the session's mode's return
/// page).
#[tracing::instrument(skip_all)]
pub async fn list_pages_from_code(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    code: &str,
) -> Result<Vec<PageChoice>, ConnectError> {
    let session = claim::find_usable(db, access, IntegrationType::MetaPage).await?;
    let code = MetaCredential::parse("code", code).map_err(|_| ConnectError::BadRequest)?;
    let meta = metas.for_mode(session.mode);
    let dialog = meta
        .dialog
        .as_ref()
        .ok_or_else(|| internal("a full-page login returned where none is offered"))?;
    let short_lived = meta
        .graph
        .exchange_login_code(code.expose(), &dialog.return_url)
        .await
        .map_err(|e| code_failure(&e))?;
    list_for(db, meta, &session, &short_lived).await
}

/// Reads the pages of a short-lived user token and keeps their tokens, sealed, for the
/// customer's choice.
async fn list_for(
    db: &db::Db,
    meta: &MetaContext,
    session: &ConnectSession,
    short_lived: &str,
) -> Result<Vec<PageChoice>, ConnectError> {
    // The customer asked Meta to delete their data while this session was open: their
    // login is gone, and nothing of theirs is stored again here.
    if session.pages_forgotten_at.is_some() {
        return Err(ConnectError::TokenInvalid);
    }
    let bucket = format!("pages-list:{}", session.id);
    let listings = db::rate_windows::hit(db, &bucket, claim::COMPLETION_GRACE_MS).await?;
    if listings.count > LISTINGS_PER_SESSION {
        return Err(ConnectError::TooManyAttempts);
    }
    let long_lived = meta
        .graph
        .exchange_user_token(short_lived)
        .await
        .map_err(|e| graph_failure(&e))?;
    // Whose login this is: Meta's Deauthorize and Data Deletion callbacks name the user.
    let user_id = meta
        .graph
        .user_id(&long_lived)
        .await
        .map_err(|e| graph_failure(&e))?;
    let pages = meta
        .graph
        .list_managed_pages(&long_lived)
        .await
        .map_err(|e| graph_failure(&e))?;
    let pending: Vec<PendingPage> = pages
        .iter()
        .filter(|page| not_connectable(page).is_none())
        .filter_map(|page| Some((page, page.access_token.as_deref()?)))
        .map(|(page, token)| {
            let sealed = meta.keyring.seal(
                token.as_bytes(),
                &super::token_rows::pending_page(&session.id, &page.id),
            );
            PendingPage {
                page_id: page.id.clone(),
                name: page.name.clone(),
                category: page.category.clone(),
                token_ciphertext: sealed.ciphertext,
                key_id: sealed.key_id,
                user_id: Some(user_id.clone()),
            }
        })
        .collect();
    db::page_connections::replace_pending(db, &session.id, &pending).await?;
    Ok(pages
        .into_iter()
        .map(|page| PageChoice {
            not_connectable: not_connectable(&page),
            id: page.id,
            name: page.name,
            category: page.category,
        })
        .collect())
}

/// Connects the chosen pages of a listed session.
#[tracing::instrument(skip_all, fields(pages = page_ids.len()))]
pub async fn connect_pages(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    page_ids: &[String],
) -> Result<PagesConnected, ConnectError> {
    if page_ids.len() > MAX_CHOSEN
        || page_ids
            .iter()
            .any(|id| MetaId::parse("page_ids", id).is_err())
    {
        return Err(ConnectError::BadRequest);
    }
    let chosen: HashSet<&str> = page_ids.iter().map(String::as_str).collect();
    if chosen.is_empty() {
        return Err(ConnectError::NoPagesSelected);
    }
    let outcome = claim::with_claim(
        db,
        access,
        IntegrationType::MetaPage,
        async |session, claim_id| {
            let meta = metas.for_mode(session.mode);
            let listed = db::page_connections::pending(db, &session.id).await?;
            if let Some(missing) = chosen
                .iter()
                .find(|id| !listed.iter().any(|p| p.page_id == **id))
            {
                return Err(ConnectError::PageNotAvailable((*missing).to_owned()));
            }
            let selected: Vec<&PendingPage> = listed
                .iter()
                .filter(|p| chosen.contains(p.page_id.as_str()))
                .collect();
            let mut sealed = Vec::with_capacity(selected.len());
            for page in &selected {
                let token = meta
                    .keyring
                    .open(
                        &page.key_id,
                        &page.token_ciphertext,
                        &super::token_rows::pending_page(&session.id, &page.page_id),
                    )
                    .map_err(internal)?;
                let token = String::from_utf8(token).map_err(internal)?;
                meta.graph
                    .subscribe_app_to_page(&page.page_id, &token)
                    .await
                    .map_err(|e| ConnectError::PageFailed {
                        page: page.name.clone(),
                        reason: Box::new(graph_failure(&e)),
                    })?;
                sealed.push(meta.keyring.seal(
                    token.as_bytes(),
                    &super::token_rows::page(&session.workspace_id, &page.page_id),
                ));
            }
            let rows: Vec<NewPageConnection> = selected
                .iter()
                .zip(&sealed)
                .map(|(page, seal)| NewPageConnection {
                    page_id: &page.page_id,
                    name: &page.name,
                    category: &page.category,
                    token_ciphertext: &seal.ciphertext,
                    key_id: &seal.key_id,
                    user_id: page.user_id.as_deref(),
                })
                .collect();
            let connected: Vec<ConnectedPage> = selected
                .iter()
                .map(|p| ConnectedPage {
                    id: p.page_id.clone(),
                    name: p.name.clone(),
                    category: p.category.clone(),
                })
                .collect();
            let event = webhooks::events::pages_connected(session, &connected);
            let result = PagesConnected {
                pages: connected,
                state: session.state.clone(),
                livemode: session.mode.is_live(),
                target_origin: session.origin.clone(),
            };
            let answered = serde_json::to_string(&result).map_err(internal)?;
            let connected = Connected::Pages {
                workspace_id: &session.workspace_id,
                pages: &rows,
            };
            let completion = Completion {
                session_id: &session.id,
                claim_id,
                result: &answered,
                event: &event,
            };
            let stored = complete(db, connected, completion).await?;
            if !stored {
                return Err(ConnectError::AlreadyUsed);
            }
            Ok(result)
        },
    )
    .await?;
    // A repeat after success answers the first result, for the same choice only.
    let same_choice = outcome.pages.len() == chosen.len()
        && outcome.pages.iter().all(|p| chosen.contains(p.id.as_str()));
    if !same_choice {
        return Err(ConnectError::AlreadyUsed);
    }
    Ok(outcome)
}
