//! What happens to the simulated numbers: registered (with the PIN they then carry,
//! as two-step verification) and register calls counted per number, as Meta counts
//! them (10 in 72 hours).

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use super::accounts::{NumberKind, SimNumber};

/// Meta's register quota.
const QUOTA: usize = 10;
const QUOTA_WINDOW: Duration = Duration::from_secs(72 * 3600);

#[derive(Default)]
struct NumberState {
    /// The two-step PIN set by a registration.
    pin: Option<String>,
    registered: bool,
    calls: Vec<Instant>,
}

/// Why register refused.
#[derive(Debug, PartialEq, Eq)]
pub enum RegisterProblem {
    /// 133005.
    PinMismatch,
    /// 133006.
    NeedsVerification,
    /// 133016.
    QuotaSpent,
}

#[derive(Default)]
pub struct Numbers(Mutex<HashMap<&'static str, NumberState>>);

impl Numbers {
    /// Whether the number is on the Cloud API now.
    pub fn is_registered(&self, number: &SimNumber) -> bool {
        number.kind == NumberKind::Registered
            || self
                .0
                .lock()
                .expect("simulator lock")
                .get(number.id)
                .is_some_and(|s| s.registered)
    }

    /// One register call with `pin`, counted against the number's quota.
    pub fn register(&self, number: &SimNumber, pin: &str) -> Result<(), RegisterProblem> {
        let mut all = self.0.lock().expect("simulator lock");
        let state = all.entry(number.id).or_default();
        let now = Instant::now();
        state
            .calls
            .retain(|at| now.duration_since(*at) < QUOTA_WINDOW);
        if number.kind == NumberKind::QuotaSpent || state.calls.len() >= QUOTA {
            return Err(RegisterProblem::QuotaSpent);
        }
        state.calls.push(now);
        if number.kind == NumberKind::Unverified {
            return Err(RegisterProblem::NeedsVerification);
        }
        let existing = match number.kind {
            NumberKind::WithPin(pin) => Some(pin),
            _ => state.pin.as_deref(),
        };
        if existing.is_some_and(|existing| existing != pin) {
            return Err(RegisterProblem::PinMismatch);
        }
        state.pin = Some(pin.to_owned());
        state.registered = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRESH: SimNumber = SimNumber {
        id: "1",
        display: "+1",
        kind: NumberKind::Fresh,
    };

    #[test]
    fn a_registration_sets_the_pin_later_ones_must_use() {
        let numbers = Numbers::default();
        assert!(!numbers.is_registered(&FRESH));
        assert_eq!(numbers.register(&FRESH, "111111"), Ok(()));
        assert!(numbers.is_registered(&FRESH));
        assert_eq!(
            numbers.register(&FRESH, "222222"),
            Err(RegisterProblem::PinMismatch)
        );
        assert_eq!(numbers.register(&FRESH, "111111"), Ok(()));
    }

    #[test]
    fn the_eleventh_call_in_72_hours_is_refused() {
        let numbers = Numbers::default();
        for _ in 0..10 {
            assert_eq!(numbers.register(&FRESH, "999999"), Ok(()));
        }
        assert_eq!(
            numbers.register(&FRESH, "999999"),
            Err(RegisterProblem::QuotaSpent)
        );
    }

    #[test]
    fn pinned_unverified_and_spent_numbers() {
        let numbers = Numbers::default();
        let pinned = SimNumber {
            kind: NumberKind::WithPin("246810"),
            ..FRESH
        };
        assert_eq!(
            numbers.register(&pinned, "000000"),
            Err(RegisterProblem::PinMismatch)
        );
        assert_eq!(numbers.register(&pinned, "246810"), Ok(()));
        let unverified = SimNumber {
            id: "2",
            kind: NumberKind::Unverified,
            ..FRESH
        };
        assert_eq!(
            numbers.register(&unverified, "000000"),
            Err(RegisterProblem::NeedsVerification)
        );
        let spent = SimNumber {
            id: "3",
            kind: NumberKind::QuotaSpent,
            ..FRESH
        };
        assert_eq!(
            numbers.register(&spent, "000000"),
            Err(RegisterProblem::QuotaSpent)
        );
        let registered = SimNumber {
            id: "4",
            kind: NumberKind::Registered,
            ..FRESH
        };
        assert!(numbers.is_registered(&registered));
    }
}
