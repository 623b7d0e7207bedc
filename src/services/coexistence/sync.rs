//! The one-time syncs after a WhatsApp Business app onboarding: contacts, then chat
//! history, each asked of Meta once (`smb_app_data`). Meta takes each request once and
//! only within about a day of the onboarding, so a request is never repeated: a sync is
//! claimed (`pending` to `requesting`) before Meta is asked, and a request whose answer
//! was lost ends as `unknown`, never asked again. Only a request that surely never left
//! (Meta unreachable) goes back to `pending`. Each outcome reaches the vendor as
//! `whatsapp.sync_updated`, in the transaction that records it.

use std::time::Duration;

use crate::{
    db::{
        self,
        coexistence_syncs::{self, Answer, Progress, Step, Sync},
        connection_state, connection_tokens, webhooks,
    },
    meta::{
        context::{MetaContext, MetaContexts},
        graph::GraphError,
    },
    model::{coexistence::SyncState, ConnectionStatus, Mode},
    services::{
        connect::token_rows,
        webhooks::coexistence_events::{self, Number},
    },
    shutdown::StopSignal,
};

/// How long after the onboarding Meta takes the requests.
pub const WINDOW_MS: i64 = 24 * 60 * 60 * 1000;
/// A request still `requesting` after this long was left by an instance that stopped.
const STALE_REQUEST_MS: i64 = 5 * 60 * 1000;
/// How often the worker looks, and how many syncs a round takes at most.
const ROUND_EVERY: Duration = Duration::from_secs(30);
const PER_ROUND: i64 = 50;

/// Asks for the workspace's syncs that are still to be asked for, with the business
/// token at hand: right after the onboarding. What fails here is left to the worker.
pub async fn request_pending(db: &db::Db, meta: &MetaContext, workspace_id: &str, token: &str) {
    let syncs = match coexistence_syncs::of_workspace(db, workspace_id).await {
        Ok(syncs) => syncs,
        Err(e) => {
            db::log_failure(&e, "reading a workspace's coexistence syncs");
            return;
        }
    };
    for sync in syncs.iter().filter(|s| s.state == SyncState::Pending) {
        if let Err(e) = request(db, meta, sync, token).await {
            db::log_failure(&e, "asking Meta for a coexistence sync");
        }
    }
}

/// Asks Meta for one sync, if it is still `pending` and within the window.
async fn request(
    db: &db::Db,
    meta: &MetaContext,
    sync: &Sync,
    token: &str,
) -> Result<(), sqlx::Error> {
    if db::now_ms() > sync.onboarded_at + WINDOW_MS {
        let expired = (SyncState::Pending, None, SyncState::Expired);
        return end(db, sync, expired, Answer::default()).await;
    }
    let claimed = {
        let mut conn = db.writer().acquire().await?;
        let claim = (SyncState::Pending, None, SyncState::Requesting);
        coexistence_syncs::moved(&mut conn, sync, claim, Answer::default()).await?
    };
    if !claimed {
        return Ok(());
    }
    let kind = sync.kind.meta_sync_type();
    let answer = meta
        .graph
        .request_app_data_sync(&sync.phone_number_id, token, kind)
        .await;
    let (to, request_id, error_code) = match &answer {
        Ok(request_id) => (SyncState::Requested, request_id.as_deref(), None),
        // It never left: Meta has not seen it, it may be asked again.
        Err(GraphError::Unreached(_)) => (SyncState::Pending, None, None),
        Err(GraphError::Api { code, .. }) => (SyncState::Refused, None, Some(*code)),
        Err(_) => (SyncState::Unknown, None, None),
    };
    if let Err(e) = &answer {
        tracing::warn!(error = %e, sync = %sync.kind.meta_sync_type(), workspace_id = %sync.workspace_id,
            "Meta did not take a coexistence sync request");
    }
    let answer = Answer {
        request_id,
        error_code,
    };
    end(db, sync, (SyncState::Requesting, None, to), answer).await
}

/// Makes `step` (`from`, when it was last seen, `to`) and, unless the sync goes back to
/// `pending`, tells the vendor, in one transaction. Nothing when another instance moved
/// it first.
async fn end(db: &db::Db, sync: &Sync, step: Step, answer: Answer<'_>) -> Result<(), sqlx::Error> {
    let to = step.2;
    let mut tx = db.writer().begin().await?;
    // Before anything of the workspace: an erasure under way finishes first.
    if !connection_state::hold_workspace(&mut tx, &sync.workspace_id).await?
        || !coexistence_syncs::moved(&mut tx, sync, step, answer).await?
    {
        return tx.rollback().await;
    }
    if to != SyncState::Pending {
        if let Some(connection) = connection_state::whatsapp_of(&mut tx, &sync.workspace_id).await?
        {
            let number = Number {
                waba_id: &connection.waba_id,
                phone_number_id: &sync.phone_number_id,
            };
            let progress = Progress {
                state: to,
                phase: None,
                progress: None,
                error_code: answer.error_code,
                items_added: 0,
            };
            let event =
                coexistence_events::sync_updated(&connection.owner, number, sync.kind, &progress);
            webhooks::enqueue(&mut tx, &event).await?;
        }
    }
    tx.commit().await
}

/// The business token of the sync's connection, while it is active and holds the
/// sync's number, and the connection's mode.
async fn token_for(
    db: &db::Db,
    metas: &MetaContexts,
    sync: &Sync,
) -> Result<Option<(String, Mode)>, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let Some(connection) = connection_state::whatsapp_of(&mut conn, &sync.workspace_id).await?
    else {
        return Ok(None);
    };
    drop(conn);
    if connection.status != ConnectionStatus::Active
        || connection.phone_number_id.as_deref() != Some(sync.phone_number_id.as_str())
    {
        return Ok(None);
    }
    let Some(stored) = connection_tokens::whatsapp(db, &sync.workspace_id).await? else {
        return Ok(None);
    };
    let row = token_rows::whatsapp(&sync.workspace_id);
    let token = token_rows::open_stored(metas, &stored, &row);
    Ok(token.map(|t| (t, stored.mode)))
}

/// One round of the worker: syncs not asked yet are asked for (or expire), requests
/// left `requesting` by a stopped instance end as `unknown`. Returns how many syncs it
/// looked at.
pub async fn run_due(db: &db::Db, metas: &MetaContexts) -> Result<usize, sqlx::Error> {
    let now = db::now_ms();
    let due = coexistence_syncs::due(db, now - STALE_REQUEST_MS, PER_ROUND).await?;
    for sync in &due {
        match sync.state {
            SyncState::Requesting => {
                let lost = (
                    SyncState::Requesting,
                    Some(sync.updated_at),
                    SyncState::Unknown,
                );
                end(db, sync, lost, Answer::default()).await?;
            }
            SyncState::Pending if now > sync.onboarded_at + WINDOW_MS => {
                let expired = (SyncState::Pending, None, SyncState::Expired);
                end(db, sync, expired, Answer::default()).await?;
            }
            SyncState::Pending => {
                if let Some((token, mode)) = token_for(db, metas, sync).await? {
                    request(db, metas.for_mode(mode), sync, &token).await?;
                }
            }
            _ => {}
        }
    }
    Ok(due.len())
}

/// Runs a round every 30 seconds until `stop` fires.
pub fn spawn(
    db: db::Db,
    metas: std::sync::Arc<MetaContexts>,
    stop: StopSignal,
) -> tokio::task::JoinHandle<()> {
    stop.every(ROUND_EVERY, move || {
        let (db, metas) = (db.clone(), metas.clone());
        async move {
            if let Err(e) = run_due(&db, &metas).await {
                db::log_failure(&e, "the coexistence sync worker");
            }
        }
    })
}

/// A delivery of the simulated Meta's after a sync request: stored for the workspace
/// that made the request (and that one only: other workspaces may hold the same
/// simulated number), as Meta's deliveries are. `false` while no workspace has recorded
/// that request yet.
pub async fn take_simulated_delivery(
    db: &db::Db,
    request_id: &str,
    body: &[u8],
) -> Result<bool, sqlx::Error> {
    let Some((workspace_id, mode)) = coexistence_syncs::asker(db, request_id).await? else {
        return Ok(false);
    };
    let Ok(changes) = crate::meta::webhooks::parse_delivery(body) else {
        tracing::warn!("the simulator sent an unreadable delivery");
        return Ok(true);
    };
    crate::services::lifecycle::meta_events::ingest(db, mode, &changes, Some(&workspace_id))
        .await?;
    Ok(true)
}
