//! The token health check Meta asks apps to run (at least daily): every stored business
//! and page token is asked about with `debug_token`, a token Meta no longer honours
//! moves its connection to `token_invalid` and the vendor hears of it. Each token's next
//! check is planned 21 to 24 hours ahead (spreading the checks over the day) in the same
//! statement that takes it, so several instances never check one token twice. A round
//! looks at a bounded number of tokens.

use std::time::Duration;

use rand::Rng;

use crate::{
    db::{
        self,
        connection_state::{self, Move},
        connection_tokens::StoredToken,
        webhooks,
    },
    meta::context::MetaContexts,
    meta::graph::{GraphError, GraphErrorKind},
    model::ConnectionStatus,
    services::{connect::token_rows, webhooks::events},
    shutdown::StopSignal,
};

/// How often a round runs, and how many tokens of each kind it checks at most.
const ROUND_EVERY: Duration = Duration::from_secs(60);
const PER_ROUND: i64 = 50;
const HOUR_MS: i64 = 3_600_000;
/// A check Meta could not answer is tried again after an hour.
const RETRY_MS: i64 = HOUR_MS;

/// What a round found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    pub tokens: usize,
    pub invalid: usize,
}

fn next_check(now: i64) -> i64 {
    now + 21 * HOUR_MS + rand::rng().random_range(0..3 * HOUR_MS)
}

/// What Meta says of a token: `Some(false)` when it is dead, `None` when it could not
/// say.
async fn is_valid(metas: &MetaContexts, token: &StoredToken, row: &str) -> Option<bool> {
    let meta = metas.for_mode(token.mode);
    let plain = token_rows::open_stored(metas, token, row)?;
    match meta.graph.debug_token(&plain).await {
        Ok(debug) => Some(debug.is_valid && debug.app_id == meta.graph.app_id()),
        Err(GraphError::Api {
            kind: GraphErrorKind::InvalidToken,
            ..
        }) => Some(false),
        Err(e) => {
            tracing::warn!(error = %e, workspace_id = %token.workspace_id, "a token check got no answer");
            None
        }
    }
}

/// What a dead token does to its connection.
const TOKEN_DEAD: Move<'static> = Move {
    status: ConnectionStatus::TokenInvalid,
    reason: "token_invalid",
    detail: None,
    drop_token: true,
    source: "token_check",
};

async fn invalidate_whatsapp(db: &db::Db, token: &StoredToken) -> Result<(), sqlx::Error> {
    let mut tx = db.writer().begin().await?;
    let Some(connection) = connection_state::whatsapp_of(&mut tx, &token.workspace_id).await?
    else {
        return tx.rollback().await;
    };
    if connection.status == ConnectionStatus::Disconnected {
        // Already ended (offboarded, its token kept for a return): forget the token
        // without telling the vendor a second time.
        let forget = Move {
            status: ConnectionStatus::Disconnected,
            ..TOKEN_DEAD
        };
        connection_state::move_whatsapp(&mut tx, &connection, &forget).await?;
        return tx.commit().await;
    }
    connection_state::move_whatsapp(&mut tx, &connection, &TOKEN_DEAD).await?;
    let event = events::whatsapp_disconnected(&connection, TOKEN_DEAD.reason);
    webhooks::enqueue(&mut tx, &event).await?;
    tx.commit().await
}

async fn invalidate_page(db: &db::Db, token: &StoredToken) -> Result<(), sqlx::Error> {
    let mut tx = db.writer().begin().await?;
    let Some(page) =
        connection_state::page_of(&mut tx, &token.workspace_id, &token.subject_id).await?
    else {
        return tx.rollback().await;
    };
    connection_state::move_page(&mut tx, &page, &TOKEN_DEAD, false).await?;
    let event = events::page_disconnected(&page, TOKEN_DEAD.reason);
    webhooks::enqueue(&mut tx, &event).await?;
    tx.commit().await
}

async fn check(
    db: &db::Db,
    metas: &MetaContexts,
    token: &StoredToken,
    is_page: bool,
    found: &mut Checked,
) -> Result<(), sqlx::Error> {
    let now = db::now_ms();
    if !db::connection_tokens::claim_check(db, token, is_page, next_check(now)).await? {
        return Ok(());
    }
    found.tokens += 1;
    let row = if is_page {
        token_rows::page(&token.workspace_id, &token.subject_id)
    } else {
        token_rows::whatsapp(&token.workspace_id)
    };
    match is_valid(metas, token, &row).await {
        Some(true) => Ok(()),
        Some(false) => {
            found.invalid += 1;
            tracing::info!(workspace_id = %token.workspace_id, is_page, "a stored token is no longer valid");
            if is_page {
                invalidate_page(db, token).await
            } else {
                invalidate_whatsapp(db, token).await
            }
        }
        None => db::connection_tokens::plan_check(db, token, is_page, now + RETRY_MS).await,
    }
}

/// One round: the due tokens of each kind, at most `PER_ROUND` each.
pub async fn check_due(db: &db::Db, metas: &MetaContexts) -> Result<Checked, sqlx::Error> {
    let now = db::now_ms();
    let mut found = Checked::default();
    for token in db::connection_tokens::due_whatsapp(db, now, PER_ROUND).await? {
        check(db, metas, &token, false, &mut found).await?;
    }
    for token in db::connection_tokens::due_pages(db, now, PER_ROUND).await? {
        check(db, metas, &token, true, &mut found).await?;
    }
    Ok(found)
}

/// Runs the rounds until `stop` fires (a round under way is finished).
pub fn spawn(
    db: db::Db,
    metas: std::sync::Arc<MetaContexts>,
    stop: StopSignal,
) -> tokio::task::JoinHandle<()> {
    stop.every(ROUND_EVERY, move || {
        let (db, metas) = (db.clone(), metas.clone());
        async move {
            if let Err(e) = check_due(&db, &metas).await {
                tracing::warn!(error = %e, "the token health check failed");
            }
        }
    })
}
