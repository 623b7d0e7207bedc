//! PostgreSQL's rate-window hits, counted together. Every request of a vendor's key
//! counts a hit in the same window row; one upsert per hit made PostgreSQL parse, plan
//! and commit a statement per request, and made the requests queue on that row's lock.
//! Here one task takes the hits waiting at that moment and adds each bucket's number of
//! hits in one upsert; each caller gets its own place in the count (the count before
//! the batch, plus its position in it). The count stays exact across instances: the
//! row is the only count, and each addition to it is atomic.

use std::{
    collections::{hash_map::Entry, HashMap},
    sync::Arc,
};

use tokio::sync::{mpsc, oneshot, Semaphore};

use super::{now_ms, unavailable::copy_for_caller};

/// Hits waiting at most; past that a hit is refused as unavailable.
const QUEUE_LIMIT: usize = 8_192;
/// Hits taken in one round at most.
const BATCH_LIMIT: usize = 1_024;
/// Rounds in flight at once: while one waits for PostgreSQL, the next hits gather.
const ROUNDS_AT_ONCE: usize = 2;

const ADD_HITS: &str = "\
INSERT INTO rate_windows (bucket, window_start, count) VALUES ($1, $2, $4) \
ON CONFLICT (bucket) DO UPDATE SET \
count = CASE WHEN rate_windows.window_start > $2 - $3 \
             THEN rate_windows.count + $4 ELSE $4 END, \
window_start = CASE WHEN rate_windows.window_start > $2 - $3 \
             THEN rate_windows.window_start ELSE $2 END \
RETURNING count, window_start";

/// A hit's count in its window (this hit included) and when the window started.
pub type Counted = Result<(i64, i64), sqlx::Error>;

struct Hit {
    bucket: String,
    window_ms: i64,
    answer: oneshot::Sender<Counted>,
}

/// The handle hits are sent through.
#[derive(Clone, Debug)]
pub struct CounterBatch {
    queue: mpsc::Sender<Hit>,
}

impl CounterBatch {
    /// Starts the counting task on the current runtime, on `pool`'s connections.
    pub fn start(pool: sqlx::AnyPool) -> Self {
        let (queue, receiver) = mpsc::channel(QUEUE_LIMIT);
        tokio::spawn(count_loop(receiver, pool));
        Self { queue }
    }

    /// Counts a hit of `bucket`, whose window lasts `window_ms` from its first hit.
    pub async fn hit(&self, bucket: &str, window_ms: i64) -> Counted {
        let (answer, answered) = oneshot::channel();
        let hit = Hit {
            bucket: bucket.to_owned(),
            window_ms,
            answer,
        };
        if self.queue.try_send(hit).is_err() {
            return Err(sqlx::Error::PoolTimedOut);
        }
        answered.await.unwrap_or(Err(sqlx::Error::WorkerCrashed))
    }
}

async fn count_loop(mut queue: mpsc::Receiver<Hit>, pool: sqlx::AnyPool) {
    let in_flight = Arc::new(Semaphore::new(ROUNDS_AT_ONCE));
    loop {
        let Ok(permit) = in_flight.clone().acquire_owned().await else {
            return;
        };
        let mut hits = Vec::with_capacity(BATCH_LIMIT);
        if queue.recv_many(&mut hits, BATCH_LIMIT).await == 0 {
            return;
        }
        let pool = pool.clone();
        tokio::spawn(async move {
            count_round(&pool, hits).await;
            drop(permit);
        });
    }
}

/// Adds each bucket's hits in one upsert and answers every caller.
async fn count_round(pool: &sqlx::AnyPool, hits: Vec<Hit>) {
    for (bucket, window_ms, answers) in by_bucket(hits) {
        let added = i64::try_from(answers.len()).unwrap_or(i64::MAX);
        let counted: Result<(i64, i64), sqlx::Error> = sqlx::query_as(ADD_HITS)
            .bind(&bucket)
            .bind(now_ms())
            .bind(window_ms)
            .bind(added)
            .fetch_one(pool)
            .await;
        match counted {
            Ok((count, started)) => {
                for (place, answer) in (count - added + 1..).zip(answers) {
                    let _ = answer.send(Ok((place, started)));
                }
            }
            Err(error) => {
                super::log_failure(&error, "rate window");
                for answer in answers {
                    let _ = answer.send(Err(copy_for_caller(&error)));
                }
            }
        }
    }
}

/// The hits grouped by bucket and window length, in the order they came.
fn by_bucket(hits: Vec<Hit>) -> Vec<(String, i64, Vec<oneshot::Sender<Counted>>)> {
    let mut groups: Vec<(String, i64, Vec<oneshot::Sender<Counted>>)> = Vec::new();
    let mut index: HashMap<(String, i64), usize> = HashMap::new();
    for hit in hits {
        match index.entry((hit.bucket, hit.window_ms)) {
            Entry::Occupied(at) => groups[*at.get()].2.push(hit.answer),
            Entry::Vacant(place) => {
                let (bucket, window_ms) = place.key().clone();
                place.insert(groups.len());
                groups.push((bucket, window_ms, vec![hit.answer]));
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_are_grouped_by_bucket_and_window_in_their_order() {
        let hit = |bucket: &str, window_ms| Hit {
            bucket: bucket.to_owned(),
            window_ms,
            answer: oneshot::channel().0,
        };
        let groups = by_bucket(vec![
            hit("key:a", 60_000),
            hit("key:b", 60_000),
            hit("key:a", 60_000),
            hit("key:a", 1_000),
        ]);
        let shape: Vec<_> = groups
            .iter()
            .map(|(bucket, window, answers)| (bucket.as_str(), *window, answers.len()))
            .collect();
        assert_eq!(
            shape,
            vec![
                ("key:a", 60_000, 2),
                ("key:b", 60_000, 1),
                ("key:a", 1_000, 1)
            ]
        );
    }

    /// A PostgreSQL that accepts connections and never answers: every round waits.
    fn silent_postgres() -> (std::net::TcpListener, sqlx::AnyPool) {
        sqlx::any::install_default_drivers();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        let addr = listener.local_addr().expect("an address");
        let pool = sqlx::any::AnyPoolOptions::new()
            .acquire_timeout(std::time::Duration::from_secs(60))
            .connect_lazy(&format!("postgres://whatsportal@{addr}/whatsportal"))
            .expect("a lazy pool");
        (listener, pool)
    }

    #[tokio::test]
    async fn a_hit_past_the_queue_limit_is_refused_as_unavailable_at_once() {
        let (_listener, pool) = silent_postgres();
        let batch = CounterBatch::start(pool);
        // The rounds in flight take up to BATCH_LIMIT hits each and wait; the queue holds
        // QUEUE_LIMIT more. A hit that was queued is pending, a refused one is answered.
        let most = QUEUE_LIMIT + ROUNDS_AT_ONCE * BATCH_LIMIT + 1;
        let mut refused = None;
        for sent in 1..=most {
            let hit = batch.hit("key:flood", 60_000);
            if let Ok(answer) = tokio::time::timeout(std::time::Duration::ZERO, hit).await {
                refused = Some((sent, answer));
                break;
            }
        }
        let (sent, answer) = refused.expect("a hit past the limit is refused");
        assert!(sent > QUEUE_LIMIT, "refused after {sent} hits");
        let error = answer.expect_err("refused, not counted");
        assert!(super::super::is_unavailable(&error), "{error}");
    }
}
