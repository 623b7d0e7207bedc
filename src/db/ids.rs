//! Identifiers made by the application: a readable prefix, then 12 bytes in hex. The first
//! 6 bytes are the time in milliseconds and the last 6 are random, so ids sort in the
//! order they were made. Lists ordered "newest first" break ties of the same millisecond
//! by id, and within one instance an id made later is always greater: in the same
//! millisecond the random part of the previous id is counted up instead of drawn anew.

use std::sync::Mutex;

use rand::{rngs::OsRng, TryRngCore};

/// The time and random parts of the last id this instance made.
static LAST: Mutex<IdClock> = Mutex::new(IdClock { time: 0, random: 0 });

const RANDOM_BITS: u32 = 48;
const RANDOM_MAX: u64 = (1 << RANDOM_BITS) - 1;

/// A new identifier, e.g. `ven_019ad2c4e5f03f9a1b2c4d5e`.
pub fn new_id(prefix: &str) -> String {
    let now = u64::try_from(super::now_ms()).unwrap_or(0);
    let (time, random) = LAST
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .next(now, fresh_random);
    let time = time.to_be_bytes();
    let random = random.to_be_bytes();
    format!(
        "{prefix}_{}{}",
        hex::encode(&time[2..]),
        hex::encode(&random[2..])
    )
}

/// The parts of the last id made.
struct IdClock {
    time: u64,
    random: u64,
}

impl IdClock {
    /// The time and random parts of the next id at `now_ms`: a fresh random part in a new
    /// millisecond; the previous one plus one in the same millisecond, or an earlier one
    /// if the clock went back; the next millisecond when the random part runs out.
    fn next(&mut self, now_ms: u64, fresh: impl Fn() -> u64) -> (u64, u64) {
        (self.time, self.random) = if now_ms > self.time {
            (now_ms, fresh())
        } else if self.random < RANDOM_MAX {
            (self.time, self.random + 1)
        } else {
            (self.time + 1, fresh())
        };
        (self.time, self.random)
    }
}

/// A random part with room to count up within a millisecond before it runs out.
fn fresh_random() -> u64 {
    let mut bytes = [0u8; 8];
    OsRng
        .try_fill_bytes(&mut bytes[2..])
        .expect("the operating system's random number generator failed");
    u64::from_be_bytes(bytes) >> 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_made_one_after_another_sort_in_that_order() {
        let ids: Vec<String> = (0..2000).map(|_| new_id("ws")).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(ids, sorted);
        assert!(ids.iter().all(|id| id.len() == "ws_".len() + 24));
        let now = hex::encode(&(crate::db::now_ms() as u64).to_be_bytes()[2..]);
        assert!(ids[1999]["ws_".len().."ws_".len() + 12] <= *now.as_str());
    }

    #[test]
    fn the_same_millisecond_or_a_clock_gone_back_counts_up() {
        let mut clock = IdClock { time: 0, random: 0 };
        assert_eq!(clock.next(1000, || 7), (1000, 7));
        assert_eq!(clock.next(1000, || 3), (1000, 8));
        assert_eq!(clock.next(990, || 3), (1000, 9));
        assert_eq!(clock.next(1001, || 3), (1001, 3));
        clock.random = RANDOM_MAX;
        assert_eq!(clock.next(1001, || 5), (1002, 5));
    }
}
