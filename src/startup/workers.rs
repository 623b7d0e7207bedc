//! The background workers every instance runs beside the server.

use crate::{
    services::{coexistence, lifecycle, readiness, sweeper},
    shutdown::StopSignal,
    state::AppState,
};

/// The background workers every instance runs; each ends after its current round once
/// `stop` fires.
pub(super) fn spawn_workers(
    state: &AppState,
    stop: &StopSignal,
) -> Vec<(&'static str, tokio::task::JoinHandle<()>)> {
    let db = &state.db;
    let mut workers = vec![
        (
            "webhook delivery",
            crate::services::webhooks::delivery::spawn(
                db.clone(),
                state.meta.keyring().clone(),
                state.settings.webhooks.clone(),
                stop.clone(),
            ),
        ),
        (
            "sweeper",
            sweeper::spawn(db.clone(), state.settings.retention.clone(), stop.clone()),
        ),
        (
            "Meta changes",
            lifecycle::meta_events::spawn(db.clone(), state.meta_events.clone(), stop.clone()),
        ),
        (
            "token health",
            lifecycle::token_health::spawn(db.clone(), state.meta.clone(), stop.clone()),
        ),
        (
            "send readiness",
            readiness::check::spawn(db.clone(), state.meta.clone(), stop.clone()),
        ),
        (
            "coexistence syncs",
            coexistence::sync::spawn(db.clone(), state.meta.clone(), stop.clone()),
        ),
    ];
    if db.engine() == crate::db::Engine::Sqlite {
        workers.push((
            "WAL checkpoints",
            spawn_checkpoints(db.clone(), stop.clone()),
        ));
    }
    workers
}

/// How often SQLite's WAL is checkpointed in the background.
const CHECKPOINT_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

fn spawn_checkpoints(db: crate::db::Db, stop: StopSignal) -> tokio::task::JoinHandle<()> {
    let page_size = std::sync::Arc::new(tokio::sync::OnceCell::new());
    stop.every(CHECKPOINT_EVERY, move || {
        let (db, page_size) = (db.clone(), page_size.clone());
        async move {
            let round = async {
                let page_size = *page_size
                    .get_or_try_init(|| crate::db::checkpoint::page_size(&db))
                    .await?;
                crate::db::checkpoint::run(&db, page_size).await
            };
            match round.await {
                Ok(Some(done)) if done.truncated => {
                    tracing::info!(?done, "the WAL outgrew its cap and was truncated");
                }
                Ok(_) => {}
                Err(e) => {
                    crate::db::log_failure(&e, "WAL checkpoint");
                }
            }
        }
    })
}
