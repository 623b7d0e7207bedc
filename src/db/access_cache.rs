//! API keys with their vendors, and vendors' allowed origins, kept in memory: the vendor
//! API's hot path reads neither from the database.
//!
//! Every change to them goes through this module's `changed`, which raises the counter
//! in `access_version` and empties this process's cache at once. Every process (each
//! instance, each CLI run) reads that counter at most every `CHECK_EVERY_MS`, on its
//! next lookup, and empties its cache when it moved; so a change made anywhere takes
//! effect everywhere within that time, and at once in the process that made it. An
//! entry is also dropped `ENTRY_TTL_MS` after it was read, whatever the counter says.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicI64, Ordering},
        Arc, RwLock,
    },
};

use super::{api_keys::KeyOwner, now_ms, Db};

/// How often a process looks for changes made by others.
pub const CHECK_EVERY_MS: i64 = 500;
/// How long an entry is kept at most.
pub const ENTRY_TTL_MS: i64 = 60_000;
/// Past this many entries the cache starts over (unknown keys are never kept).
const MAX_ENTRIES: usize = 50_000;

#[derive(Debug, Default, Clone)]
pub struct AccessCache(Arc<Shared>);

#[derive(Debug, Default)]
struct Shared {
    entries: RwLock<Entries>,
    /// The counter's value when last read; 0 before the first read.
    seen_version: AtomicI64,
    /// When the counter was last read (Unix milliseconds).
    checked_at: AtomicI64,
}

#[derive(Debug, Default)]
struct Entries {
    /// Raised each time the cache is emptied: a lookup that started before is not kept.
    epoch: u64,
    /// By key hash.
    keys: HashMap<String, Kept<KeyOwner>>,
    /// By (vendor id, origin).
    origins: HashMap<(String, String), Kept<bool>>,
}

#[derive(Debug, Clone)]
struct Kept<T> {
    value: T,
    read_at: i64,
}

/// A lookup that missed: keep its result with `put_*` only if nothing changed meanwhile.
#[derive(Debug, Clone, Copy)]
pub struct Miss(u64);

impl AccessCache {
    /// Reads the counter if it was not read in the last `CHECK_EVERY_MS`, and empties
    /// the cache when it moved. Concurrent callers let one of them read.
    pub async fn check(&self, db: &Db) -> Result<(), sqlx::Error> {
        let now = now_ms();
        let last = self.0.checked_at.load(Ordering::Acquire);
        if now - last < CHECK_EVERY_MS
            || self
                .0
                .checked_at
                .compare_exchange(last, now, Ordering::AcqRel, Ordering::Acquire)
                .is_err()
        {
            return Ok(());
        }
        let read = sqlx::query_scalar::<_, i64>("SELECT version FROM access_version WHERE id = 1")
            .fetch_one(db.pool())
            .await;
        match read {
            Ok(version) => {
                if self.0.seen_version.swap(version, Ordering::AcqRel) != version {
                    self.clear();
                }
                Ok(())
            }
            Err(error) => {
                // Unsure what changed: keep nothing, and read again on the next lookup.
                self.clear();
                self.0.checked_at.store(0, Ordering::Release);
                Err(error)
            }
        }
    }

    /// Records a change to keys, vendors or origins: for every process, and at once here.
    /// The change itself is committed before this is called, so a lookup after the
    /// clear reads it, and one that read before is not kept (the epoch moved).
    pub async fn changed(&self, db: &Db) -> Result<(), sqlx::Error> {
        self.clear();
        sqlx::query("UPDATE access_version SET version = version + 1 WHERE id = 1")
            .execute(db.writer())
            .await?;
        Ok(())
    }

    fn clear(&self) {
        let mut entries = self.0.entries.write().expect("access cache lock");
        entries.epoch += 1;
        entries.keys.clear();
        entries.origins.clear();
    }

    /// The key with this hash, if kept; otherwise a `Miss` to keep what is read.
    pub fn key(&self, hash: &str) -> Result<KeyOwner, Miss> {
        let entries = self.0.entries.read().expect("access cache lock");
        fresh(entries.keys.get(hash)).ok_or(Miss(entries.epoch))
    }

    pub fn put_key(&self, miss: Miss, hash: &str, owner: &KeyOwner) {
        self.put(miss, |entries, read_at| {
            let value = owner.clone();
            entries
                .keys
                .insert(hash.to_owned(), Kept { value, read_at });
        });
    }

    /// Notes that the key was just used (so its `last_used_at` is not written again).
    pub fn used(&self, hash: &str, at: i64) {
        let mut entries = self.0.entries.write().expect("access cache lock");
        if let Some(kept) = entries.keys.get_mut(hash) {
            kept.value.last_used_at = Some(at);
        }
    }

    /// Whether the vendor allows the origin, if kept.
    pub fn origin(&self, vendor_id: &str, origin: &str) -> Result<bool, Miss> {
        let entries = self.0.entries.read().expect("access cache lock");
        let key = (vendor_id.to_owned(), origin.to_owned());
        fresh(entries.origins.get(&key)).ok_or(Miss(entries.epoch))
    }

    pub fn put_origin(&self, miss: Miss, vendor_id: &str, origin: &str, allowed: bool) {
        self.put(miss, |entries, read_at| {
            let key = (vendor_id.to_owned(), origin.to_owned());
            let value = allowed;
            entries.origins.insert(key, Kept { value, read_at });
        });
    }

    fn put(&self, Miss(epoch): Miss, insert: impl FnOnce(&mut Entries, i64)) {
        let mut entries = self.0.entries.write().expect("access cache lock");
        if entries.epoch != epoch {
            return;
        }
        if entries.keys.len() + entries.origins.len() >= MAX_ENTRIES {
            entries.keys.clear();
            entries.origins.clear();
        }
        insert(&mut entries, now_ms());
    }
}

fn fresh<T: Clone>(kept: Option<&Kept<T>>) -> Option<T> {
    kept.filter(|kept| now_ms() - kept.read_at < ENTRY_TTL_MS)
        .map(|kept| kept.value.clone())
}
