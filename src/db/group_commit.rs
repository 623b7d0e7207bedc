//! Group commit for SQLite's hot writes (a new connect session, a key's last use).
//!
//! SQLite has one writer, and a commit's cost (its WAL frames, its locks, its sync) is
//! nearly the same for one request as for sixty. So one task takes the queued writes,
//! checks the write connection out once, and runs them all in one transaction, each
//! atomic by itself (see `UNDO_SAVEPOINT`), so that a write that fails is rolled back alone
//! and the others still commit. Each caller is answered only after the COMMIT that holds its write, so
//! an answered write is as durable as the connection's `synchronous` setting makes it.
//!
//! The queue is bounded: when it is full, a write is refused at once with an
//! "unavailable" error (the API answers 503 with `Retry-After`), and `/readyz` reports
//! the instance as busy while the queue is more than half full.
//!
//! PostgreSQL takes concurrent writers itself; there a write runs on a pooled
//! connection as one statement.

use std::{
    future::Future,
    pin::Pin,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
};

use sqlx::{AnyConnection, Executor};
use tokio::sync::{mpsc, oneshot};

use super::Engine;

/// What undoes a failed write. A write of several statements makes them atomic on
/// SQLite by running them as one query between `SAVEPOINT write;` and `; RELEASE write`
/// (a single statement of SQLite is atomic by itself and needs nothing); when it fails
/// the committer rolls back to that savepoint, if it was opened. One query per write,
/// not three: each query is a round trip to SQLite's connection thread.
const UNDO_SAVEPOINT: &str = "ROLLBACK TO write; RELEASE write";

fn is_no_such_savepoint(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.message().contains("no such savepoint"))
}

fn is_no_transaction(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.message().contains("no transaction is active"))
}

/// A boxed future borrowing the write connection.
pub type WriteFuture<'c, T> = Pin<Box<dyn Future<Output = Result<T, sqlx::Error>> + Send + 'c>>;

/// Writes waiting at most; past that a write is refused as unavailable.
pub const QUEUE_LIMIT: usize = 4_096;
/// Writes in one transaction at most (a bound on how long one COMMIT keeps the others).
const BATCH_LIMIT: usize = 256;

/// What the committer runs: the write, which says whether it succeeded, and how to
/// answer its caller once the outcome of the COMMIT is known.
type Job = Box<
    dyn for<'c> FnOnce(&'c mut AnyConnection) -> Pin<Box<dyn Future<Output = Ran> + Send + 'c>>
        + Send,
>;

struct Ran {
    succeeded: bool,
    /// The write failed because the database cannot write at all (a full disk, an I/O
    /// error, a read-only file): SQLite may have rolled the whole transaction back.
    unavailable: bool,
    answer: Box<dyn FnOnce(Result<(), CommitFailed>) + Send>,
}

/// The COMMIT (or the transaction around the write) failed: nothing of the batch stays.
#[derive(Debug, Clone)]
struct CommitFailed(Arc<str>);

impl CommitFailed {
    /// An error for one caller; the kind counts as unavailable (see `is_unavailable`).
    fn to_error(&self) -> sqlx::Error {
        sqlx::Error::Io(std::io::Error::other(self.0.to_string()))
    }
}

/// The handle writes are sent through; cloned with the `Db`.
#[derive(Clone, Debug)]
pub struct GroupCommit {
    writer: sqlx::AnyPool,
    queue: Option<mpsc::Sender<Job>>,
    committed: Arc<AtomicUsize>,
}

impl GroupCommit {
    /// On SQLite, starts the committing task on the current runtime.
    pub fn start(engine: Engine, writer: sqlx::AnyPool) -> Self {
        let committed = Arc::new(AtomicUsize::new(0));
        let queue = (engine == Engine::Sqlite).then(|| {
            let (sender, receiver) = mpsc::channel(QUEUE_LIMIT);
            tokio::spawn(commit_loop(receiver, writer.clone(), committed.clone()));
            sender
        });
        Self {
            writer,
            queue,
            committed,
        }
    }

    /// Writes waiting for their transaction: the channel's used places.
    pub fn queued(&self) -> usize {
        self.queue
            .as_ref()
            .map_or(0, |queue| queue.max_capacity() - queue.capacity())
    }

    /// Transactions the committer has run (SQLite), committed or not.
    pub fn transactions(&self) -> usize {
        self.committed.load(Ordering::Relaxed)
    }

    /// Whether the queue is more than half full (the instance should take less traffic).
    pub fn is_busy(&self) -> bool {
        self.queued() > QUEUE_LIMIT / 2
    }

    /// Runs `write` atomically and returns its result once it is committed. A write that
    /// fails leaves nothing behind and does not affect the writes committed with it.
    pub async fn run<T, W>(&self, write: W) -> Result<T, sqlx::Error>
    where
        T: Send + 'static,
        W: for<'c> FnOnce(&'c mut AnyConnection) -> WriteFuture<'c, T> + Send + 'static,
    {
        let Some(queue) = &self.queue else {
            return self.run_alone(write).await;
        };
        let (answer_to, answer) = oneshot::channel();
        let job: Job = Box::new(move |conn| {
            Box::pin(async move {
                let result = write(conn).await;
                Ran {
                    succeeded: result.is_ok(),
                    unavailable: result.as_ref().is_err_and(super::is_unavailable),
                    answer: Box::new(move |commit: Result<(), CommitFailed>| {
                        let outcome = match commit {
                            Ok(()) => result,
                            Err(failed) => Err(failed.to_error()),
                        };
                        let _ = answer_to.send(outcome);
                    }),
                }
            })
        });
        if queue.try_send(job).is_err() {
            return Err(sqlx::Error::PoolTimedOut);
        }
        answer.await.unwrap_or(Err(sqlx::Error::WorkerCrashed))
    }

    /// PostgreSQL: the write on a pooled connection. Writes sent here are single
    /// statements there (data-modifying CTEs where SQLite needs several), which
    /// PostgreSQL runs atomically; a BEGIN and COMMIT around them would only add two
    /// round trips.
    async fn run_alone<T, W>(&self, write: W) -> Result<T, sqlx::Error>
    where
        W: for<'c> FnOnce(&'c mut AnyConnection) -> WriteFuture<'c, T>,
    {
        let mut conn = self.writer.acquire().await?;
        write(&mut conn).await
    }
}

async fn commit_loop(
    mut queue: mpsc::Receiver<Job>,
    writer: sqlx::AnyPool,
    committed: Arc<AtomicUsize>,
) {
    let mut batch = Vec::with_capacity(BATCH_LIMIT);
    while queue.recv_many(&mut batch, BATCH_LIMIT).await > 0 {
        // Let the requests being handled at this moment join the group: a yield costs
        // microseconds, one more transaction a commit and its WAL frames.
        tokio::task::yield_now().await;
        while batch.len() < BATCH_LIMIT {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        commit_batch(&writer, std::mem::take(&mut batch)).await;
        committed.fetch_add(1, Ordering::Relaxed);
    }
}

/// Runs one batch in one transaction and answers every write in it. A write that never
/// ran (the connection failed first) is dropped, and its caller hears the database is
/// unavailable.
async fn commit_batch(writer: &sqlx::AnyPool, jobs: Vec<Job>) {
    let mut conn = match writer.acquire().await {
        Ok(conn) => conn,
        Err(error) => {
            super::log_failure(&error, "group commit: the write connection");
            return;
        }
    };
    let mut answers = Vec::with_capacity(jobs.len());
    let mut result = conn.execute("BEGIN IMMEDIATE").await.map(drop);
    if result.is_ok() {
        for job in jobs {
            let ran = job(&mut conn).await;
            answers.push(ran.answer);
            if ran.unavailable {
                // The writes after it never run; every caller hears that nothing was
                // written (and nothing is: the transaction is rolled back).
                result = Err(sqlx::Error::Io(std::io::Error::other(
                    "the database cannot write",
                )));
                break;
            }
            if !ran.succeeded {
                // Undo what the write did before it failed: one statement undoes itself;
                // several are in the write's savepoint (see `UNDO_SAVEPOINT`), which may or
                // may not have been opened before the failure.
                if let Err(error) = conn.execute(UNDO_SAVEPOINT).await {
                    if !is_no_such_savepoint(&error) {
                        result = Err(error);
                        break;
                    }
                }
            }
        }
    }
    if result.is_ok() {
        result = conn.execute("COMMIT").await.map(drop);
    }
    if let Err(error) = &result {
        super::log_failure(error, "group commit");
        // Never hand a connection with an open transaction back to the pool: roll it
        // back (SQLite may have done so already), or else close the connection.
        if let Err(error) = conn.execute("ROLLBACK").await {
            if !is_no_transaction(&error) {
                conn.close_on_drop();
            }
        }
    }
    drop(conn);
    let outcome = result.map_err(|error| CommitFailed(error.to_string().into()));
    for answer in answers {
        answer(outcome.clone());
    }
}
