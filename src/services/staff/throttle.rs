//! Sign-in throttling, counted over fixed windows per email *and* address, per address
//! over every email, and per email over every address:
//! - a stranger's guesses from elsewhere never lock a staff member out of their own
//!   address (the pair is counted apart);
//! - one address cannot spray many accounts (the address is counted);
//! - rotating addresses does not escape either: past a ceiling of failures for one
//!   account, browsers that never signed in to it take a slow lane of one attempt a
//!   minute, while the staff member's own browser (its device cookie) goes on as usual.
//!
//! A refused attempt writes nothing: the windows are read first, and only an attempt
//! that may go on reserves its place (an atomic count, before the password is hashed,
//! so simultaneous guesses cannot all slip past a count read earlier). IPv6 addresses
//! count by their /64 network.

use crate::{db, domain::throttle_key};

/// Attempts are counted over fixed windows of this length.
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// After this many failures for one email from one address in a window, that pair is
/// refused until the window ends...
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// ...after this many from one address, whatever the email, that address is...
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// ...and after this many for one email from anywhere, unknown browsers take the slow
/// lane for that account.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 10;
/// The slow lane: one attempt per this long, for all unknown browsers together.
pub const SLOW_LANE_MS: i64 = 60 * 1000;

/// One sign-in attempt, as throttling sees it.
#[derive(Debug, Clone, Copy)]
pub struct Attempt<'a> {
    /// The normalised email.
    pub email: &'a str,
    pub address: Option<&'a str>,
    /// The browser holds a device cookie of this account.
    pub known_device: bool,
}

/// The buckets an attempt counts in.
struct Buckets {
    pair: String,
    address: String,
    account: String,
    slow_lane: String,
}

impl Buckets {
    fn of(attempt: &Attempt<'_>) -> Self {
        let address = attempt.address.map(throttle_key);
        let address = address.as_deref().unwrap_or("unknown");
        let email = attempt.email;
        Self {
            pair: format!("sign-in:{email}|{address}"),
            address: format!("sign-in-address:{address}"),
            account: format!("sign-in-account:{email}"),
            slow_lane: format!("sign-in-slow:{email}"),
        }
    }
}

/// What throttling says of an attempt.
#[derive(Debug)]
pub enum Verdict {
    /// Go on; give the places back if the attempt turns out not to count.
    Go(Reservation),
    Throttled {
        minutes: u32,
    },
}

/// The places an attempt holds, and whether this attempt's failure would start a
/// refusal (which the audit log then records, once per window).
#[derive(Debug)]
pub struct Reservation {
    held: Vec<(String, i64)>,
    /// What a failure of this attempt closes, if it closes anything.
    pub closes: Option<&'static str>,
}

fn minutes_until(ends_at: i64) -> u32 {
    let minutes = (ends_at - db::now_ms() + 59_999) / 60_000;
    u32::try_from(minutes.max(1)).unwrap_or(15)
}

fn full(window: Option<db::rate_windows::Window>, max: i64) -> Option<i64> {
    window.filter(|w| w.count >= max).map(|w| w.ends_at)
}

/// Decides on an attempt, reserving its places when it may go on.
pub async fn reserve(db: &db::Db, attempt: &Attempt<'_>) -> Result<Verdict, sqlx::Error> {
    use db::rate_windows::{current, hit};
    let buckets = Buckets::of(attempt);
    let window = THROTTLE_WINDOW_MS;
    let pair = current(db, &buckets.pair, window).await?;
    let by_address = current(db, &buckets.address, window).await?;
    let account = current(db, &buckets.account, window).await?;
    let slow = !attempt.known_device && full(account, MAX_FAILURES_PER_ACCOUNT).is_some();
    let slow_lane = match slow {
        true => current(db, &buckets.slow_lane, SLOW_LANE_MS).await?,
        false => None,
    };
    let refused = [
        full(pair, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS),
        full(by_address, MAX_FAILURES_PER_ADDRESS),
        full(slow_lane, 1),
    ];
    if let Some(ends_at) = refused.into_iter().flatten().max() {
        return Ok(Verdict::Throttled {
            minutes: minutes_until(ends_at),
        });
    }
    let mut held = vec![
        (buckets.pair, window),
        (buckets.address, window),
        (buckets.account, window),
    ];
    if slow {
        held.push((buckets.slow_lane, SLOW_LANE_MS));
    }
    let limits = [
        MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS,
        MAX_FAILURES_PER_ADDRESS,
        MAX_FAILURES_PER_ACCOUNT,
        1,
    ];
    let names = ["account and address", "address", "account", "slow lane"];
    let mut closes = None;
    for ((bucket, window_ms), (limit, name)) in held.iter().zip(limits.into_iter().zip(names)) {
        let counted = hit(db, bucket, *window_ms).await?;
        // The account's ceiling slows unknown browsers down; it never refuses by itself.
        let refusing = name != "account";
        if refusing && counted.count > limit {
            // Others reserved the last places at the same moment.
            return Ok(Verdict::Throttled {
                minutes: minutes_until(counted.ends_at),
            });
        }
        if counted.count == limit && closes.is_none() && name != "slow lane" {
            closes = Some(name);
        }
    }
    Ok(Verdict::Go(Reservation { held, closes }))
}

/// Gives an attempt's places back (it succeeded, or never got to the password check).
pub async fn give_back(db: &db::Db, reservation: &Reservation) -> Result<(), sqlx::Error> {
    for (bucket, window_ms) in &reservation.held {
        db::rate_windows::take_back(db, bucket, *window_ms).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_neighbours_share_an_address_bucket_and_emails_keep_theirs() {
        let attempt = |email, address| Attempt {
            email,
            address: Some(address),
            known_device: false,
        };
        let a = Buckets::of(&attempt("ada@x.io", "2001:db8::1"));
        let b = Buckets::of(&attempt("bob@x.io", "2001:db8::ffff"));
        assert_eq!(a.address, b.address);
        assert_ne!(a.pair, b.pair);
        assert_ne!(a.account, b.account);
    }
}
