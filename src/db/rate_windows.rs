//! Counters over time windows, for rate limits and sign-in throttling. On
//! PostgreSQL (several instances) every instance counts in the same window row, with
//! atomic upserts that add the hits of a moment together (see `counter_batch`),
//! committed asynchronously (see `Db::counters`). SQLite serves one instance, and its windows are kept in that
//! process's memory: a hit costs no write on the single writer.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use super::{now_ms, Db, Engine};

/// Windows kept in memory (SQLite), by bucket. Ended ones are dropped as the map grows.
#[derive(Debug, Default, Clone)]
pub struct MemoryWindows(Arc<Mutex<HashMap<String, MemoryWindow>>>);

#[derive(Debug, Clone, Copy)]
struct MemoryWindow {
    started: i64,
    ends: i64,
    count: i64,
}

/// Past this many buckets, a hit first forgets the windows that have ended.
const MEMORY_BUCKETS_BEFORE_SWEEP: usize = 10_000;

/// Where a bucket's window stands after a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Hits in this window, this one included.
    pub count: i64,
    /// When the window ends (Unix milliseconds).
    pub ends_at: i64,
}

/// Counts a hit of `bucket`. Its window opens at the first hit and lasts `window_ms`;
/// the first hit after it ended opens the next one. (Windows anchored at a bucket's
/// first hit, not at the clock's minute, so no two buckets reset at the same instant.)
pub async fn hit(db: &Db, bucket: &str, window_ms: i64) -> Result<Window, sqlx::Error> {
    let now = now_ms();
    let (count, started) = match db.engine() {
        Engine::Postgres => match db.counter_batch() {
            Some(batch) => batch.hit(bucket, window_ms).await?,
            None => return Err(sqlx::Error::PoolClosed),
        },
        Engine::Sqlite => {
            let mut windows = db.memory_windows().0.lock().expect("rate window lock");
            // Forget windows that have ended, so the map stays as small as the traffic.
            if windows.len() > MEMORY_BUCKETS_BEFORE_SWEEP {
                windows.retain(|_, window| window.ends > now);
            }
            let fresh = MemoryWindow {
                started: now,
                ends: now + window_ms,
                count: 0,
            };
            let window = windows.entry(bucket.to_owned()).or_insert(fresh);
            if window.ends <= now {
                *window = fresh;
            }
            window.count += 1;
            (window.count, window.started)
        }
    };
    Ok(Window {
        count,
        ends_at: started + window_ms,
    })
}

/// Where `bucket`'s current window stands, without counting a hit: a read only, so
/// a request that is refused anyway writes nothing. `None` when no window is open.
pub async fn current(db: &Db, bucket: &str, window_ms: i64) -> Result<Option<Window>, sqlx::Error> {
    let now = now_ms();
    let open = match db.engine() {
        Engine::Postgres => {
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT count, window_start FROM rate_windows \
                 WHERE bucket = $1 AND window_start > $2 - $3",
            )
            .bind(bucket)
            .bind(now)
            .bind(window_ms)
            .fetch_optional(db.pool())
            .await?
        }
        Engine::Sqlite => {
            let windows = db.memory_windows().0.lock().expect("rate window lock");
            windows
                .get(bucket)
                .filter(|w| w.ends > now)
                .map(|w| (w.count, w.started))
        }
    };
    Ok(open.map(|(count, started)| Window {
        count,
        ends_at: started + window_ms,
    }))
}

/// Takes one hit back from `bucket`'s current window (an attempt that turned out not to
/// count, such as a successful sign-in).
pub async fn take_back(db: &Db, bucket: &str, window_ms: i64) -> Result<(), sqlx::Error> {
    let now = now_ms();
    match db.engine() {
        Engine::Postgres => {
            sqlx::query(
                "UPDATE rate_windows SET count = count - 1 \
                 WHERE bucket = $1 AND window_start > $2 - $3 AND count > 0",
            )
            .bind(bucket)
            .bind(now)
            .bind(window_ms)
            .execute(db.counters())
            .await?;
        }
        Engine::Sqlite => {
            let mut windows = db.memory_windows().0.lock().expect("rate window lock");
            if let Some(window) = windows
                .get_mut(bucket)
                .filter(|w| w.ends > now && w.count > 0)
            {
                window.count -= 1;
            }
        }
    }
    Ok(())
}

/// Deletes the windows that ended before `before` (PostgreSQL; memory forgets on its own).
pub async fn sweep(db: &Db, before: i64) -> Result<u64, sqlx::Error> {
    if db.engine() != Engine::Postgres {
        return Ok(0);
    }
    let done = sqlx::query("DELETE FROM rate_windows WHERE window_start < $1")
        .bind(before)
        .execute(db.writer())
        .await?;
    Ok(done.rows_affected())
}
