//! Meta's Deauthorize and Data Deletion callbacks for Facebook Login: the person named
//! by a verified `signed_request` removed the app, or asked for their data to be
//! deleted. Their pages' tokens are forgotten, the pages are disconnected and each
//! workspace's vendor hears of it once.

use std::collections::BTreeMap;

use crate::{
    db::{
        self,
        connection_state::{self, Move, PageConnection},
        webhooks,
    },
    model::{ConnectionStatus, Mode},
    services::webhooks::events,
};

/// Which callback Meta called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageCallback {
    Deauthorize,
    DataDeletion,
}

impl PageCallback {
    fn reason(self) -> &'static str {
        match self {
            Self::Deauthorize => "deauthorized",
            Self::DataDeletion => "deleted",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Self::Deauthorize => "deauthorize",
            Self::DataDeletion => "data_deletion",
        }
    }
}

/// What a callback did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackOutcome {
    pub pages: usize,
    /// The Data Deletion request's confirmation code.
    pub confirmation_code: Option<String>,
}

/// What a repeated Data Deletion request answers: the first one's outcome.
async fn answered_before(db: &db::Db, request_hash: &str) -> Result<CallbackOutcome, sqlx::Error> {
    let first = db::data_deletions::find_by_request(db, request_hash)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    Ok(CallbackOutcome {
        pages: usize::try_from(first.pages_removed).unwrap_or(0),
        confirmation_code: Some(first.confirmation_code),
    })
}

/// Disconnects the pages `user_id`'s login connected (in the workspaces of `mode`). A
/// Data Deletion also forgets the page tokens listed for that person in sessions still
/// open (which then list no more), and is answered once per signed request
/// (`request_hash`): Meta sending it again gets the first answer.
pub async fn handle(
    db: &db::Db,
    mode: Mode,
    callback: PageCallback,
    user_id: &str,
    request_hash: &str,
) -> Result<CallbackOutcome, sqlx::Error> {
    let deletion = (callback == PageCallback::DataDeletion).then_some(request_hash);
    if let Some(request_hash) = deletion {
        if db::data_deletions::find_by_request(db, request_hash)
            .await?
            .is_some()
        {
            return answered_before(db, request_hash).await;
        }
    }
    let mut tx = db.writer().begin().await?;
    let pages = connection_state::pages_of_user(&mut tx, mode, user_id).await?;
    let to = Move {
        status: ConnectionStatus::Disconnected,
        reason: callback.reason(),
        detail: None,
        drop_token: true,
        source: callback.source(),
    };
    let forget_user = callback == PageCallback::DataDeletion;
    let mut by_workspace: BTreeMap<&str, Vec<&PageConnection>> = BTreeMap::new();
    for page in &pages {
        if !page.is_ended() || forget_user {
            connection_state::move_page(&mut tx, page, &to, forget_user).await?;
        }
        if !page.is_ended() {
            by_workspace
                .entry(&page.owner.workspace_id)
                .or_default()
                .push(page);
        }
    }
    for pages in by_workspace.values() {
        let named: Vec<(&str, &str)> = pages
            .iter()
            .map(|p| (p.page_id.as_str(), p.name.as_str()))
            .collect();
        let event = events::pages_disconnected(&pages[0].owner, &named, callback.reason());
        webhooks::enqueue(&mut tx, &event).await?;
    }
    let confirmation_code = match deletion {
        Some(request_hash) => {
            // Not a secret: it names the request on its status page.
            let code = db::new_id("del");
            let removed = pages.len() as i64;
            db::data_deletions::forget_pending_pages(&mut tx, mode, user_id).await?;
            if !db::data_deletions::record(&mut tx, &code, request_hash, removed).await? {
                // Meta sent this request before: its first answer stands.
                tx.rollback().await?;
                return answered_before(db, request_hash).await;
            }
            Some(code)
        }
        None => None,
    };
    tx.commit().await?;
    Ok(CallbackOutcome {
        pages: pages.len(),
        confirmation_code,
    })
}
