//! What happens to the simulated numbers: registered (with the PIN they then carry,
//! as two-step verification) and register calls counted per number, as Meta counts
//! them (10 in 72 hours); WhatsApp Business app numbers onboarded (whether the customer
//! shares the chat history) and each one-time sync taken once. Every register and sync
//! call is counted, for tests to read (`GET /meta-sim/calls/{number}`).

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
    /// Every register call ever made (refused ones too).
    register_calls: usize,
    /// Onboarded from the WhatsApp Business app: whether the history is shared.
    app_onboarding: Option<bool>,
    /// `smb_app_data` calls by `sync_type`, and the ones taken.
    sync_calls: HashMap<String, usize>,
    synced: Vec<String>,
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
    /// The number is on the WhatsApp Business app.
    OnBusinessApp,
}

/// Why `smb_app_data` refused.
#[derive(Debug, PartialEq, Eq)]
pub enum SyncProblem {
    /// Not a number onboarded from the WhatsApp Business app.
    NotOnboarded,
    /// This sync was taken already (each works once per onboarding).
    AlreadyTaken,
}

/// The calls a number received, as `GET /meta-sim/calls/{number}` shows them.
#[derive(Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Calls {
    pub register: usize,
    pub smb_app_data: HashMap<String, usize>,
}

#[derive(Default)]
pub struct Numbers(Mutex<HashMap<&'static str, NumberState>>);

impl Numbers {
    /// Whether the number is on the Cloud API now.
    pub fn is_registered(&self, number: &SimNumber) -> bool {
        matches!(
            number.kind,
            NumberKind::Registered | NumberKind::BusinessApp { .. }
        ) || self
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
        state.register_calls += 1;
        if matches!(number.kind, NumberKind::BusinessApp { .. }) {
            return Err(RegisterProblem::OnBusinessApp);
        }
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

    /// The customer onboarded the app's number (a new onboarding allows new syncs).
    pub fn onboard_app(&self, number: &SimNumber, share_history: bool) {
        let mut all = self.0.lock().expect("simulator lock");
        let state = all.entry(number.id).or_default();
        state.app_onboarding = Some(share_history);
        state.synced.clear();
    }

    /// Counts an `smb_app_data` call, as it arrives.
    pub fn count_sync_call(&self, number: &SimNumber, sync_type: &str) {
        let mut all = self.0.lock().expect("simulator lock");
        let state = all.entry(number.id).or_default();
        *state.sync_calls.entry(sync_type.to_owned()).or_default() += 1;
    }

    /// One `smb_app_data` call of `sync_type`: taken once per onboarding. Answers
    /// whether the customer shares the chat history.
    pub fn take_sync(&self, number: &SimNumber, sync_type: &str) -> Result<bool, SyncProblem> {
        let mut all = self.0.lock().expect("simulator lock");
        let state = all.entry(number.id).or_default();
        let share_history = state.app_onboarding.ok_or(SyncProblem::NotOnboarded)?;
        if state.synced.iter().any(|s| s == sync_type) {
            return Err(SyncProblem::AlreadyTaken);
        }
        state.synced.push(sync_type.to_owned());
        Ok(share_history)
    }

    /// The calls the number received.
    pub fn calls(&self, number_id: &str) -> Calls {
        let all = self.0.lock().expect("simulator lock");
        all.get(number_id)
            .map_or_else(Calls::default, |state| Calls {
                register: state.register_calls,
                smb_app_data: state.sync_calls.clone(),
            })
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

    #[test]
    fn an_app_number_is_never_registered_and_syncs_once_per_onboarding() {
        let numbers = Numbers::default();
        let app = SimNumber {
            id: "5",
            kind: NumberKind::BusinessApp { eligible: true },
            ..FRESH
        };
        assert!(numbers.is_registered(&app));
        assert_eq!(
            numbers.register(&app, "123456"),
            Err(RegisterProblem::OnBusinessApp)
        );
        assert_eq!(
            numbers.take_sync(&app, "history"),
            Err(SyncProblem::NotOnboarded)
        );
        numbers.onboard_app(&app, false);
        assert_eq!(numbers.take_sync(&app, "history"), Ok(false));
        assert_eq!(
            numbers.take_sync(&app, "history"),
            Err(SyncProblem::AlreadyTaken)
        );
        assert_eq!(numbers.take_sync(&app, "smb_app_state_sync"), Ok(false));
        numbers.onboard_app(&app, true);
        assert_eq!(numbers.take_sync(&app, "history"), Ok(true));
        let calls = numbers.calls("5");
        assert_eq!(calls.register, 1);
        // The route counts each call as it arrives, whatever answers it.
        assert!(calls.smb_app_data.is_empty());
        numbers.count_sync_call(&app, "history");
        assert_eq!(numbers.calls("5").smb_app_data["history"], 1);
    }
}
