//! SQLite's WAL checkpoints, run in the background instead of inside a request's commit
//! (every connection is opened with `wal_autocheckpoint = 0`). A PASSIVE checkpoint on a
//! reader connection copies what it can into the database without waiting for anyone;
//! when readers kept the WAL from being reset and it grew past `WAL_CAP_BYTES`, a
//! TRUNCATE checkpoint on the write connection (between two group commits) brings it
//! back to nothing.

use sqlx::Row;

use super::{Db, Engine};

/// The largest WAL the background checkpoint lets stand.
pub const WAL_CAP_BYTES: i64 = 64 * 1024 * 1024;

/// What one checkpoint found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checkpointed {
    /// Frames in the WAL when it ran.
    pub wal_frames: i64,
    /// Frames copied into the database.
    pub copied_frames: i64,
    /// Whether the WAL had outgrown its cap and was truncated.
    pub truncated: bool,
}

/// The database's page size, which turns WAL frames into bytes (it never changes
/// once the database exists: read it once).
pub async fn page_size(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("PRAGMA page_size")
        .fetch_one(db.pool())
        .await
}

/// Runs one checkpoint; `None` on PostgreSQL.
pub async fn run(db: &Db, page_size: i64) -> Result<Option<Checkpointed>, sqlx::Error> {
    if db.engine() != Engine::Sqlite {
        return Ok(None);
    }
    let row = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
        .fetch_one(db.pool())
        .await?;
    let (wal_frames, copied_frames): (i64, i64) = (row.try_get(1)?, row.try_get(2)?);
    let truncated = wal_frames.saturating_mul(page_size) > WAL_CAP_BYTES;
    if truncated {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(db.writer())
            .await?;
    }
    Ok(Some(Checkpointed {
        wal_frames,
        copied_frames,
        truncated,
    }))
}
