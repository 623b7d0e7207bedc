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
//! New connect sessions, the hottest write, are not run one by one: the committer
//! stores all of a batch's sessions in one query (see `session_batch`), and falls back
//! to one query per session only when that query fails, so that only the failing
//! session's caller hears of it.
//!
//! PostgreSQL takes concurrent writers itself; there a write runs on a pooled
//! connection as one statement, and new sessions are batched the same way, with a few
//! batches in flight at once (each waits for its own WAL flush).

use std::{
    future::Future,
    pin::Pin,
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
};

use sqlx::{AnyConnection, Executor};
use tokio::sync::{mpsc, oneshot, Semaphore};

use super::{
    is_unavailable,
    session_batch::{self, SessionRow, WorkspaceRef},
    unavailable::{copy_for_caller, unavailable_error},
    Engine,
};

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
/// PostgreSQL: batches of sessions in flight at once. While they wait for their
/// commits, the next requests gather into the next batch.
const POSTGRES_BATCHES_AT_ONCE: usize = 4;

/// What waits in the queue.
enum Job {
    /// A write of its own (see `run`).
    Write(WriteJob),
    /// A new session, stored with the batch's other sessions in one query.
    Session(Box<SessionRow>, oneshot::Sender<SessionOutcome>),
}

type SessionOutcome = Result<Option<WorkspaceRef>, sqlx::Error>;

/// A write of its own: it says whether it succeeded, and how to answer its caller once
/// the outcome of the COMMIT is known.
type WriteJob = Box<
    dyn for<'c> FnOnce(&'c mut AnyConnection) -> Pin<Box<dyn Future<Output = Ran> + Send + 'c>>
        + Send,
>;

/// How to answer a caller once the outcome of the COMMIT is known.
type Answer = Box<dyn FnOnce(Result<(), CommitFailed>) + Send>;

struct Ran {
    succeeded: bool,
    /// The write failed because the database cannot write at all (a full disk, an I/O
    /// error, a read-only file): SQLite may have rolled the whole transaction back.
    unavailable: bool,
    answer: Answer,
}

/// The COMMIT (or the transaction around the write) failed: nothing of the batch stays.
#[derive(Debug, Clone)]
struct CommitFailed(Arc<str>);

impl CommitFailed {
    /// An error for one caller: unavailable (see `is_unavailable`) whatever failed the
    /// transaction, since nothing of it stays and the same request may succeed again.
    fn to_error(&self) -> sqlx::Error {
        unavailable_error(&*self.0)
    }
}

/// The handle writes are sent through; cloned with the `Db`.
#[derive(Clone, Debug)]
pub struct GroupCommit {
    writer: sqlx::AnyPool,
    engine: Engine,
    queue: mpsc::Sender<Job>,
    committed: Arc<AtomicUsize>,
}

impl GroupCommit {
    /// Starts the committing task on the current runtime.
    pub fn start(engine: Engine, writer: sqlx::AnyPool) -> Self {
        let committed = Arc::new(AtomicUsize::new(0));
        let (sender, receiver) = mpsc::channel(QUEUE_LIMIT);
        match engine {
            Engine::Sqlite => {
                tokio::spawn(commit_loop(receiver, writer.clone(), committed.clone()));
            }
            Engine::Postgres => {
                tokio::spawn(postgres_loop(receiver, writer.clone(), committed.clone()));
            }
        }
        Self {
            writer,
            engine,
            queue: sender,
            committed,
        }
    }

    /// Writes waiting for their transaction: the channel's used places.
    pub fn queued(&self) -> usize {
        self.queue.max_capacity() - self.queue.capacity()
    }

    /// Batches the committer has run (on SQLite, transactions), committed or not.
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
        if self.engine == Engine::Postgres {
            return self.run_alone(write).await;
        }
        let (answer_to, answer) = oneshot::channel();
        let job: WriteJob = Box::new(move |conn| {
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
        self.send(Job::Write(job), answer).await
    }

    /// Stores a new session, with its workspace, in the next batch; see `session_batch`.
    pub async fn store_session(&self, row: SessionRow) -> SessionOutcome {
        let (answer_to, answer) = oneshot::channel();
        self.send(Job::Session(Box::new(row), answer_to), answer)
            .await
    }

    async fn send<T>(
        &self,
        job: Job,
        answer: oneshot::Receiver<Result<T, sqlx::Error>>,
    ) -> Result<T, sqlx::Error> {
        if self.queue.try_send(job).is_err() {
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

/// PostgreSQL: takes whatever is queued as one batch while fewer than
/// `POSTGRES_BATCHES_AT_ONCE` are in flight, and runs it on its own task.
async fn postgres_loop(
    mut queue: mpsc::Receiver<Job>,
    pool: sqlx::AnyPool,
    committed: Arc<AtomicUsize>,
) {
    let in_flight = Arc::new(Semaphore::new(POSTGRES_BATCHES_AT_ONCE));
    loop {
        let Ok(permit) = in_flight.clone().acquire_owned().await else {
            return;
        };
        let mut batch = Vec::with_capacity(BATCH_LIMIT);
        if queue.recv_many(&mut batch, BATCH_LIMIT).await == 0 {
            return;
        }
        let (pool, committed) = (pool.clone(), committed.clone());
        tokio::spawn(async move {
            run_postgres_batch(&pool, batch).await;
            committed.fetch_add(1, Ordering::Relaxed);
            drop(permit);
        });
    }
}

/// A batch on PostgreSQL: no transaction around it; each query commits by itself.
async fn run_postgres_batch(pool: &sqlx::AnyPool, jobs: Vec<Job>) {
    let (rows, answers, writes) = split(jobs);
    let mut conn = match pool.acquire().await {
        Ok(conn) => conn,
        Err(error) => {
            super::log_failure(&error, "group commit: a connection");
            return;
        }
    };
    let mut outcomes = Vec::with_capacity(rows.len());
    for range in session_batch::batches_of_distinct_workspaces(&rows) {
        match store_sessions(&mut conn, Engine::Postgres, &rows[range.clone()]).await {
            Ok(stored) => outcomes.extend(stored),
            Err(error) => {
                super::log_failure(&error, "group commit: sessions");
                outcomes.extend(range.map(|_| Err(copy_for_caller(&error))));
            }
        }
    }
    for (answer, outcome) in answers.into_iter().zip(outcomes) {
        let _ = answer.send(outcome);
    }
    for write in writes {
        (write(&mut conn).await.answer)(Ok(()));
    }
}

/// A batch's sessions (their rows, and where to answer each) and its other writes.
fn split(
    jobs: Vec<Job>,
) -> (
    Vec<SessionRow>,
    Vec<oneshot::Sender<SessionOutcome>>,
    Vec<WriteJob>,
) {
    let mut rows = Vec::with_capacity(jobs.len());
    let mut answers = Vec::with_capacity(jobs.len());
    let mut writes = Vec::new();
    for job in jobs {
        match job {
            Job::Session(row, answer) => {
                rows.push(*row);
                answers.push(answer);
            }
            Job::Write(write) => writes.push(write),
        }
    }
    (rows, answers, writes)
}

/// Stores `rows` in one query or, when that query fails for a reason of one of its
/// rows (a taken id, say), each on its own, so that only the failing row's caller hears
/// of it. `Err` when the database cannot write at all: then nothing is stored.
async fn store_sessions(
    conn: &mut AnyConnection,
    engine: Engine,
    rows: &[SessionRow],
) -> Result<Vec<SessionOutcome>, sqlx::Error> {
    let failure = match session_batch::insert(conn, engine, rows).await {
        Ok(stored) => return Ok(stored.into_iter().map(Ok).collect()),
        Err(error) if is_unavailable(&error) => return Err(error),
        Err(error) => error,
    };
    undo_failed_write(conn, engine).await?;
    if rows.len() == 1 {
        return Ok(vec![Err(failure)]);
    }
    let mut outcomes = Vec::with_capacity(rows.len());
    for row in rows {
        match session_batch::insert(conn, engine, std::slice::from_ref(row)).await {
            Ok(mut stored) => outcomes.push(Ok(stored.pop().flatten())),
            Err(error) if is_unavailable(&error) => return Err(error),
            Err(error) => {
                undo_failed_write(conn, engine).await?;
                outcomes.push(Err(error));
            }
        }
    }
    Ok(outcomes)
}

/// Undoes what a failed write did before it failed (SQLite; a PostgreSQL statement
/// undoes itself): one statement undoes itself; several are in the write's savepoint
/// (see `UNDO_SAVEPOINT`), which may or may not have been opened before the failure.
async fn undo_failed_write(conn: &mut AnyConnection, engine: Engine) -> Result<(), sqlx::Error> {
    if engine == Engine::Postgres {
        return Ok(());
    }
    match conn.execute(UNDO_SAVEPOINT).await {
        Err(error) if !is_no_such_savepoint(&error) => Err(error),
        _ => Ok(()),
    }
}

/// Answers a session's caller with its outcome (`None`: the batch failed as a whole)
/// once its transaction's is known.
fn answer_session(
    answer_to: oneshot::Sender<SessionOutcome>,
    outcome: Option<SessionOutcome>,
) -> Answer {
    Box::new(move |commit: Result<(), CommitFailed>| {
        let _ = answer_to.send(match (commit, outcome) {
            (Ok(()), Some(outcome)) => outcome,
            (Err(failed), _) => Err(failed.to_error()),
            (Ok(()), None) => Err(sqlx::Error::WorkerCrashed),
        });
    })
}

/// Runs one batch in one transaction and answers every write in it. A write that never
/// ran (the connection failed first) is dropped, and its caller hears the database is
/// unavailable.
async fn commit_batch(writer: &sqlx::AnyPool, jobs: Vec<Job>) {
    let (rows, session_answers, writes) = split(jobs);
    let mut conn = match writer.acquire().await {
        Ok(conn) => conn,
        Err(error) => {
            super::log_failure(&error, "group commit: the write connection");
            return;
        }
    };
    let mut answers: Vec<Answer> = Vec::with_capacity(rows.len() + writes.len());
    let mut result = conn.execute("BEGIN IMMEDIATE").await.map(drop);
    if result.is_ok() && !rows.is_empty() {
        let outcomes = match store_sessions(&mut conn, Engine::Sqlite, &rows).await {
            Ok(outcomes) => outcomes,
            Err(error) => {
                // The writes after it never run, and the transaction is rolled back:
                // every caller hears that nothing was written.
                result = Err(error);
                Vec::new()
            }
        };
        for (answer_to, outcome) in session_answers.into_iter().zip(
            outcomes
                .into_iter()
                .map(Some)
                .chain(std::iter::repeat_with(|| None)),
        ) {
            answers.push(answer_session(answer_to, outcome));
        }
    }
    if result.is_ok() {
        for write in writes {
            let ran = write(&mut conn).await;
            answers.push(ran.answer);
            if ran.unavailable {
                result = Err(unavailable_error("the database cannot write"));
                break;
            }
            if !ran.succeeded {
                if let Err(error) = undo_failed_write(&mut conn, Engine::Sqlite).await {
                    result = Err(error);
                    break;
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
