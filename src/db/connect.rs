use std::{path::Path, str::FromStr, time::Duration};

use sqlx::{any::AnyPoolOptions, Executor};

use super::Db;

/// The engines the product runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }
}

/// Why the database could not be set up at start-up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("DATABASE_URL must start with sqlite: or postgres://")]
    UnknownEngine,
    #[error("could not create the database folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error("could not open the database: {0}")]
    Open(#[from] sqlx::Error),
    #[error("could not apply the migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens the pools and brings the schema up to date. For SQLite the file (and its
/// folder) is created on first use and put in WAL mode, and writes go through a pool of
/// one connection: SQLite takes one writer at a time, and queueing writers in the pool
/// (fair, asynchronous) is far cheaper than letting them collide on the file lock and
/// sleep in SQLite's busy handler.
pub async fn connect(url: &str, max_connections: u32) -> Result<Db, SetupError> {
    sqlx::any::install_default_drivers();
    let engine = Engine::of_url(url).ok_or(SetupError::UnknownEngine)?;
    let url = match engine {
        Engine::Sqlite => prepare_sqlite_file(url)?,
        Engine::Postgres => url.to_owned(),
    };
    let options = sqlx::any::AnyConnectOptions::from_str(&url)?;
    let setup = connection_setup(engine);
    let pool = open_pool(&options, max_connections, setup).await?;
    let (writer, counters) = match engine {
        Engine::Sqlite => {
            // Stored in the file itself, so setting it once is enough.
            pool.execute("PRAGMA journal_mode = WAL").await?;
            (open_pool(&options, 1, setup).await?, None)
        }
        Engine::Postgres => (
            pool.clone(),
            Some(open_pool(&options, max_connections, Some(COUNTERS_SETUP)).await?),
        ),
    };
    sqlx::migrate!("./migrations").run(&writer).await?;
    Ok(Db(std::sync::Arc::new(super::DbParts {
        pool,
        access: Default::default(),
        group_commit: super::group_commit::GroupCommit::start(engine, writer.clone()),
        writer,
        counter_batch: counters
            .clone()
            .map(super::counter_batch::CounterBatch::start),
        counters,
        engine,
        memory_windows: Default::default(),
    })))
}

/// What every new connection runs first. SQLite, per connection: FULL syncs the WAL at
/// every commit, so a committed write survives a crash of the machine too (the group
/// committer shares one sync among all the writes of a transaction), and checkpoints
/// run in the background (see `checkpoint`), never inside a request's commit. Temporary
/// tables and statement journals (a batch's insert may have to undo itself inside the
/// group's transaction) stay in memory, not in files created and removed per statement.
fn connection_setup(engine: Engine) -> Option<&'static str> {
    match engine {
        Engine::Sqlite => Some(
            "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0; PRAGMA temp_store = MEMORY",
        ),
        Engine::Postgres => None,
    }
}

/// PostgreSQL's pool for rate-window counts commits asynchronously: a count holds its
/// window's row for the time of the update only, not for a WAL flush; every request of
/// a key updates the same row, and waiting for a flush under its lock is what made them
/// queue. A count is exact across instances; a crash of PostgreSQL itself may forget
/// the counts of its last moments (at most three `wal_writer_delay`s, 600 ms by
/// default), never anything else.
const COUNTERS_SETUP: &str = "SET synchronous_commit = off";

async fn open_pool(
    options: &sqlx::any::AnyConnectOptions,
    max_connections: u32,
    setup: Option<&'static str>,
) -> Result<sqlx::AnyPool, sqlx::Error> {
    AnyPoolOptions::new()
        .max_connections(max_connections.max(1))
        .acquire_timeout(Duration::from_secs(10))
        // A broken connection fails its query and is replaced; a ping before every use
        // would cost a round trip on each request.
        .test_before_acquire(false)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if let Some(setup) = setup {
                    conn.execute(setup).await?;
                }
                Ok(())
            })
        })
        .connect_with(options.clone())
        .await
}

/// Creates the folder of a SQLite file and asks for the file to be created if missing.
fn prepare_sqlite_file(url: &str) -> Result<String, SetupError> {
    let rest = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Ok(url.to_owned());
    }
    if let Some(folder) = Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder)
            .map_err(|e| SetupError::Folder(folder.display().to_string(), e))?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_follows_the_url_scheme() {
        assert_eq!(Engine::of_url("sqlite:./data/x.db"), Some(Engine::Sqlite));
        assert_eq!(Engine::of_url("postgres://u@h/db"), Some(Engine::Postgres));
        assert_eq!(
            Engine::of_url("postgresql://u@h/db"),
            Some(Engine::Postgres)
        );
        assert_eq!(Engine::of_url("mysql://u@h/db"), None);
    }

    #[test]
    fn sqlite_urls_ask_for_creation() {
        let dir = std::env::temp_dir().join(format!("wp-url-{}", std::process::id()));
        let url = format!("sqlite:{}/nested/x.db", dir.display());
        let prepared = prepare_sqlite_file(&url).unwrap();
        assert!(prepared.ends_with("/nested/x.db?mode=rwc"), "{prepared}");
        assert!(dir.join("nested").is_dir());
        std::fs::remove_dir_all(dir).unwrap();
    }
}
