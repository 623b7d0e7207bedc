//! All SQL lives here, one file per table family. This is the only module that knows
//! which engine is in use: one query text serves SQLite and PostgreSQL through sqlx's
//! `Any` driver (numbered `$n` parameters, portable types: TEXT and BIGINT, times as
//! Unix milliseconds, ids made by the application).

pub mod access_cache;
pub mod api_keys;
pub mod audit;
pub mod browser_sessions;
pub mod checkpoint;
pub mod coexistence_syncs;
mod connect;
pub mod connection_state;
pub mod connection_tokens;
pub mod counter_batch;
pub mod data_deletions;
pub mod dialog_returns;
pub mod group_commit;
mod ids;
pub mod meta_events;
pub mod number_readiness;
pub mod origins;
pub mod page_connections;
pub mod phone_pins;
pub mod rate_windows;
pub mod return_urls;
pub mod sealed_values;
pub mod session_batch;
pub mod session_claims;
pub mod session_reports;
pub mod sessions;
pub mod setup_links;
pub mod simulator_grants;
pub mod staff_sessions;
pub mod staff_users;
mod unavailable;
pub mod vendor_invitations;
pub mod vendor_list;
pub mod vendor_users;
pub mod vendors;
pub mod webhooks;
pub mod whatsapp_connections;
pub mod whatsapp_numbers;
pub mod whatsapp_signups;
pub mod workspace_erasure;
pub mod workspace_reports;

pub use connect::{connect, Engine, SetupError};
pub use ids::new_id;
pub use unavailable::{is_unavailable, log_failure, RETRY_AFTER_SECONDS};

/// The database handle shared by the whole application: a pool for reads and one for
/// writes (the same pool on PostgreSQL; a single connection on SQLite). Cloned for
/// every request that reaches the database, so its parts sit behind one `Arc`.
#[derive(Clone, Debug)]
pub struct Db(std::sync::Arc<DbParts>);

#[derive(Debug)]
struct DbParts {
    pool: sqlx::AnyPool,
    writer: sqlx::AnyPool,
    /// PostgreSQL's rate-window counts (see `connect::COUNTERS_SETUP`).
    counters: Option<sqlx::AnyPool>,
    /// PostgreSQL's rate-window hits, counted together (see `counter_batch`).
    counter_batch: Option<counter_batch::CounterBatch>,
    engine: Engine,
    /// Keys, vendors and origins kept in memory (see `access_cache`).
    access: access_cache::AccessCache,
    /// The hot writes' committer (see `group_commit`).
    group_commit: group_commit::GroupCommit,
    /// Rate windows of a SQLite deployment (one instance): see `rate_windows`.
    memory_windows: rate_windows::MemoryWindows,
}

impl Db {
    /// The pool for reads.
    pub fn pool(&self) -> &sqlx::AnyPool {
        &self.0.pool
    }

    /// The pool for writes.
    pub fn writer(&self) -> &sqlx::AnyPool {
        &self.0.writer
    }

    /// The pool for rate-window counts: their own on PostgreSQL, the writer's otherwise.
    pub fn counters(&self) -> &sqlx::AnyPool {
        self.0.counters.as_ref().unwrap_or(&self.0.writer)
    }

    pub fn engine(&self) -> Engine {
        self.0.engine
    }

    /// Runs `write` atomically through the group committer; see `group_commit`.
    pub async fn write<T, W>(&self, write: W) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        W: for<'c> FnOnce(&'c mut sqlx::AnyConnection) -> group_commit::WriteFuture<'c, T>
            + Send
            + 'static,
    {
        self.0.group_commit.run(write).await
    }

    /// Keys, vendors and origins kept in memory.
    pub fn access_cache(&self) -> &access_cache::AccessCache {
        &self.0.access
    }

    /// The group committer, for readiness and metrics.
    pub fn group_commit(&self) -> &group_commit::GroupCommit {
        &self.0.group_commit
    }

    fn counter_batch(&self) -> Option<&counter_batch::CounterBatch> {
        self.0.counter_batch.as_ref()
    }

    fn memory_windows(&self) -> &rate_windows::MemoryWindows {
        &self.0.memory_windows
    }

    /// Succeeds when the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.0.pool)
            .await
            .map(|_| ())
    }

    pub async fn close(&self) {
        self.0.pool.close().await;
        self.0.writer.close().await;
        if let Some(counters) = &self.0.counters {
            counters.close().await;
        }
    }
}

/// Milliseconds since the Unix epoch: how every time is stored.
pub fn now_ms() -> i64 {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX)
}

/// Whether an error is the violation of a foreign key (a referenced row is missing).
pub fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_foreign_key_violation())
}

/// `text` for a LIKE pattern with `ESCAPE '\'`: its own `%`, `_` and `\` match literally.
pub fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// `$1, $2, …, $n`: the parameters of an `IN (…)` list of `n` values.
pub fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
