//! Deletes sessions long after they expired, so the table stays bounded however many
//! sessions are created. They are kept for a while first, for staff to see what happened.
//! Ended staff sign-in sessions go at the same time.

use std::time::Duration;

use crate::db;

/// How often the sweeper runs and how many rows one statement deletes at most.
const SWEEP_EVERY: Duration = Duration::from_secs(600);
const BATCH: i64 = 1_000;

/// Deletes every session that expired more than `retention` ago; returns how many.
pub async fn sweep_once(db: &db::Db, retention: Duration) -> Result<u64, sqlx::Error> {
    let cutoff = db::now_ms() - i64::try_from(retention.as_millis()).unwrap_or(i64::MAX);
    let mut total = 0;
    loop {
        let deleted = db::sessions::sweep_expired(db, cutoff, BATCH).await?;
        total += deleted;
        if deleted < BATCH as u64 {
            return Ok(total);
        }
    }
}

/// Runs the sweeper for as long as the server runs.
pub fn spawn(db: db::Db, retention: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(SWEEP_EVERY);
        loop {
            ticks.tick().await;
            match sweep_once(&db, retention).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "swept expired sessions"),
                Err(e) => tracing::warn!(error = %e, "sweeping expired sessions failed"),
            }
            let idle_before = db::now_ms() - super::staff::auth::IDLE_MS;
            if let Err(e) = db::staff_sessions::sweep(&db, idle_before).await {
                tracing::warn!(error = %e, "sweeping ended staff sessions failed");
            }
            // Every window is shorter than an hour: one that started earlier has ended.
            let windows_before = db::now_ms() - 3_600_000;
            if let Err(e) = db::rate_windows::sweep(&db, windows_before).await {
                tracing::warn!(error = %e, "sweeping ended rate windows failed");
            }
            if let Err(e) = db::simulator_grants::sweep(&db, db::now_ms()).await {
                tracing::warn!(error = %e, "sweeping the simulator's expired grants failed");
            }
        }
    })
}
