//! Deletes what is kept only for a while, so every table stays bounded however long the
//! service runs: sessions long after they expired (kept first for staff to see what
//! happened), the audit log and failed sign-ins, ended webhook deliveries with their
//! attempts, Meta's processed webhook changes (as long as webhook deliveries), the
//! connections' history (as long as the audit log), page tokens never chosen, ended
//! staff sign-in sessions, rate windows and the Meta simulator's expired codes and tokens. Each period is in `Retention`; nothing
//! a live connection needs is ever deleted.

use std::time::Duration;

use crate::{config::Retention, db, shutdown::StopSignal};

/// How often the sweeper runs and how many rows one statement deletes at most.
const SWEEP_EVERY: Duration = Duration::from_secs(600);
const BATCH: i64 = 1_000;

fn before(retention: Duration) -> i64 {
    db::now_ms() - i64::try_from(retention.as_millis()).unwrap_or(i64::MAX)
}

/// Runs `delete` (one batch at a time) until a batch deletes fewer than `BATCH` rows;
/// returns how many it deleted.
async fn in_batches<F, Fut>(mut delete: F) -> Result<u64, sqlx::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<u64, sqlx::Error>>,
{
    let mut total = 0;
    loop {
        let deleted = delete().await?;
        total += deleted;
        if deleted < BATCH as u64 {
            return Ok(total);
        }
    }
}

/// Deletes every session that expired more than `retention` ago; returns how many.
pub async fn sweep_once(db: &db::Db, retention: Duration) -> Result<u64, sqlx::Error> {
    let cutoff = before(retention);
    in_batches(|| db::sessions::sweep_expired(db, cutoff, BATCH)).await
}

/// What one sweep deleted, by kind.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub sessions: u64,
    pub audit_entries: u64,
    pub webhook_deliveries: u64,
    pub pending_page_tokens: u64,
    pub simulator_grants: u64,
    pub meta_events: u64,
}

impl Swept {
    /// Rows deleted in all.
    pub fn total(&self) -> u64 {
        self.sessions
            + self.audit_entries
            + self.webhook_deliveries
            + self.pending_page_tokens
            + self.simulator_grants
            + self.meta_events
    }
}

/// One sweep of everything kept for a while.
pub async fn sweep_all(db: &db::Db, retention: &Retention) -> Result<Swept, sqlx::Error> {
    let sessions = sweep_once(db, retention.sessions).await?;
    let (failed_before, audit_before) = (
        before(retention.failed_sign_ins),
        before(retention.audit_log),
    );
    let audit_entries =
        in_batches(|| db::audit::sweep(db, failed_before, audit_before, BATCH)).await?;
    let deliveries_before = before(retention.webhook_deliveries);
    let webhook_deliveries =
        in_batches(|| db::webhooks::sweep_ended(db, deliveries_before, BATCH)).await?;
    let meta_events = in_batches(|| db::meta_events::sweep(db, deliveries_before, BATCH)).await?;
    db::connection_state::sweep_history(db, audit_before).await?;
    let pending_before = before(retention.pending_page_tokens);
    let pending_page_tokens = db::page_connections::sweep_pending(db, pending_before).await?;
    let staff_idle = db::now_ms() - super::staff::auth::IDLE_MS;
    db::browser_sessions::sweep(db, db::browser_sessions::SessionTable::Staff, staff_idle).await?;
    let console_idle = db::now_ms() - super::console::auth::IDLE_MS;
    db::browser_sessions::sweep(
        db,
        db::browser_sessions::SessionTable::Console,
        console_idle,
    )
    .await?;
    // Every rate window is shorter than an hour: one that started earlier has ended.
    db::rate_windows::sweep(db, db::now_ms() - 3_600_000).await?;
    let simulator_grants = db::simulator_grants::sweep(db, db::now_ms()).await?;
    Ok(Swept {
        sessions,
        audit_entries,
        webhook_deliveries,
        pending_page_tokens,
        simulator_grants,
        meta_events,
    })
}

/// Runs the sweeper for as long as the server runs.
pub fn spawn(db: db::Db, retention: Retention, stop: StopSignal) -> tokio::task::JoinHandle<()> {
    stop.every(SWEEP_EVERY, move || {
        let (db, retention) = (db.clone(), retention.clone());
        async move {
            match sweep_all(&db, &retention).await {
                Ok(swept) if swept == Swept::default() => crate::observe::record::sweep(true, 0),
                Ok(swept) => {
                    tracing::info!(?swept, "swept what is no longer kept");
                    crate::observe::record::sweep(true, swept.total());
                }
                Err(e) => {
                    tracing::warn!(error = %e, "sweeping failed");
                    crate::observe::record::sweep(false, 0);
                }
            }
        }
    })
}
