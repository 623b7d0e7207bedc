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
    vec![
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
    ]
}
