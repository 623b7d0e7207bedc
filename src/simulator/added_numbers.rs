//! Numbers the customer adds to a simulated WABA shared without one (docs/meta.md,
//! "Only the account"), and Meta's answers to their refusals: adding one, "sending" its
//! code (no message leaves the simulator: the code is `simulated::VERIFICATION_CODE`),
//! checking it, and registering the verified number (`graph_number_addition` serves the
//! calls).
//! Meta's limits on codes are not public; the simulator allows 3 code requests and 5
//! wrong codes per number in an hour, then answers Meta's rate-limit error (613).
//! Test keys move a number through each refusal: a number ending in `9999` is refused
//! as Meta refuses a number in use elsewhere.

use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use axum::{http::StatusCode, response::Response};

use super::graph_answers::graph_error;
use crate::config::simulated::VERIFICATION_CODE;

const WINDOW: Duration = Duration::from_secs(3600);
const CODE_REQUESTS: usize = 3;
const WRONG_CODES: usize = 5;
const REGISTER_QUOTA: usize = 10;
/// Added numbers one simulator keeps, at most.
const MAX_ADDED: usize = 10_000;

/// One added number.
#[derive(Debug, Clone)]
pub struct Added {
    pub waba_id: String,
    pub display: String,
    pub verified_name: String,
    pub verified: bool,
    code_sent: bool,
    requests: Vec<Instant>,
    wrong: Vec<Instant>,
    registers: Vec<Instant>,
    pub pin: Option<String>,
}

impl Added {
    pub fn registered(&self) -> bool {
        self.pin.is_some()
    }
}

#[derive(Default)]
pub struct AddedNumbers(Mutex<HashMap<String, Added>>);

/// Why a call about an added number was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Invalid(&'static str),
    InUse,
    RateLimited,
    WrongCode,
    NeedsVerification,
    PinMismatch,
    QuotaSpent,
}

fn recent(calls: &mut Vec<Instant>) -> usize {
    let now = Instant::now();
    calls.retain(|at| now.duration_since(*at) < WINDOW);
    calls.len()
}

impl AddedNumbers {
    /// The number added as `cc` + `phone_number`, under an id made from its digits (the
    /// same number added again keeps its id).
    pub fn add(
        &self,
        waba_id: &str,
        cc: &str,
        number: &str,
        name: &str,
    ) -> Result<String, Refusal> {
        let digits = |s: &str, range: std::ops::RangeInclusive<usize>| {
            range.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        if !digits(cc, 1..=3) || !digits(number, 4..=14) {
            return Err(Refusal::Invalid(
                "(#100) Param phone_number must be a valid phone number",
            ));
        }
        if !(3..=512).contains(&name.chars().count()) {
            return Err(Refusal::Invalid("(#100) Param verified_name is invalid"));
        }
        if number.ends_with("9999") {
            return Err(Refusal::InUse);
        }
        let full = format!("{cc}{number}");
        let id = format!("96{:0>13}", &full[full.len().saturating_sub(13)..]);
        let mut all = self.0.lock().expect("simulator lock");
        if all.len() >= MAX_ADDED && !all.contains_key(&id) {
            return Err(Refusal::RateLimited);
        }
        let added = all.entry(id.clone()).or_insert_with(|| Added {
            waba_id: waba_id.to_owned(),
            display: format!("+{cc} {number}"),
            verified_name: name.to_owned(),
            verified: false,
            code_sent: false,
            requests: Vec::new(),
            wrong: Vec::new(),
            registers: Vec::new(),
            pin: None,
        });
        if added.waba_id != waba_id {
            return Err(Refusal::InUse);
        }
        Ok(id)
    }

    pub fn find(&self, id: &str) -> Option<Added> {
        self.0.lock().expect("simulator lock").get(id).cloned()
    }

    fn with<T>(
        &self,
        id: &str,
        work: impl FnOnce(&mut Added) -> Result<T, Refusal>,
    ) -> Option<Result<T, Refusal>> {
        self.0.lock().expect("simulator lock").get_mut(id).map(work)
    }

    /// Added numbers of a WABA.
    pub fn of_waba(&self, waba_id: &str) -> Vec<(String, Added)> {
        let all = self.0.lock().expect("simulator lock");
        let mut found: Vec<_> = all
            .iter()
            .filter(|(_, a)| a.waba_id == waba_id)
            .map(|(id, a)| (id.clone(), a.clone()))
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    pub fn request_code(&self, id: &str) -> Option<Result<(), Refusal>> {
        self.with(id, |added| {
            if recent(&mut added.requests) >= CODE_REQUESTS {
                return Err(Refusal::RateLimited);
            }
            added.requests.push(Instant::now());
            added.code_sent = true;
            Ok(())
        })
    }

    pub fn verify_code(&self, id: &str, code: &str) -> Option<Result<(), Refusal>> {
        self.with(id, |added| {
            if recent(&mut added.wrong) >= WRONG_CODES {
                return Err(Refusal::RateLimited);
            }
            if !added.code_sent || code != VERIFICATION_CODE {
                added.wrong.push(Instant::now());
                return Err(Refusal::WrongCode);
            }
            added.verified = true;
            Ok(())
        })
    }

    pub fn register(&self, id: &str, pin: &str) -> Option<Result<(), Refusal>> {
        self.with(id, |added| {
            if recent(&mut added.registers) >= REGISTER_QUOTA {
                return Err(Refusal::QuotaSpent);
            }
            added.registers.push(Instant::now());
            if !added.verified {
                return Err(Refusal::NeedsVerification);
            }
            if added.pin.as_deref().is_some_and(|p| p != pin) {
                return Err(Refusal::PinMismatch);
            }
            added.pin = Some(pin.to_owned());
            Ok(())
        })
    }
}

/// Meta's answer to a refusal.
pub fn refused(refusal: Refusal) -> Response {
    let bad = StatusCode::BAD_REQUEST;
    match refusal {
        Refusal::Invalid(message) => graph_error(bad, 100, None, message),
        Refusal::InUse => graph_error(
            bad,
            100,
            None,
            "(#100) This phone number is already registered to a WhatsApp account",
        ),
        Refusal::RateLimited => graph_error(
            bad,
            613,
            None,
            "Calls to this api have exceeded the rate limit.",
        ),
        Refusal::WrongCode => graph_error(bad, 100, None, "(#100) Invalid parameter"),
        Refusal::NeedsVerification => graph_error(
            bad,
            133006,
            None,
            "Phone number needs to be verified before registering",
        ),
        Refusal::PinMismatch => {
            graph_error(bad, 133005, None, "Two step verification PIN Mismatch")
        }
        Refusal::QuotaSpent => graph_error(
            bad,
            133016,
            None,
            "Account register deregister rate limit exceeded",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_added_verified_by_its_code_then_registered() {
        let numbers = AddedNumbers::default();
        let id = numbers
            .add("920000000000003", "1", "5550100123", "Initech")
            .unwrap();
        assert_eq!(id, "960015550100123");
        assert_eq!(
            numbers.register(&id, "111111"),
            Some(Err(Refusal::NeedsVerification))
        );
        assert_eq!(
            numbers.verify_code(&id, VERIFICATION_CODE),
            Some(Err(Refusal::WrongCode))
        );
        assert_eq!(numbers.request_code(&id), Some(Ok(())));
        assert_eq!(
            numbers.verify_code(&id, "000000"),
            Some(Err(Refusal::WrongCode))
        );
        assert_eq!(numbers.verify_code(&id, VERIFICATION_CODE), Some(Ok(())));
        assert_eq!(numbers.register(&id, "111111"), Some(Ok(())));
        assert_eq!(
            numbers.register(&id, "222222"),
            Some(Err(Refusal::PinMismatch))
        );
        assert_eq!(numbers.of_waba("920000000000003").len(), 1);
        assert!(numbers.find(&id).unwrap().registered());
    }

    #[test]
    fn codes_are_limited_and_bad_numbers_refused() {
        let numbers = AddedNumbers::default();
        let id = numbers
            .add("920000000000003", "44", "2079460958", "Initech")
            .unwrap();
        for _ in 0..CODE_REQUESTS {
            assert_eq!(numbers.request_code(&id), Some(Ok(())));
        }
        assert_eq!(numbers.request_code(&id), Some(Err(Refusal::RateLimited)));
        for _ in 0..WRONG_CODES {
            assert_eq!(
                numbers.verify_code(&id, "000000"),
                Some(Err(Refusal::WrongCode))
            );
        }
        assert_eq!(
            numbers.verify_code(&id, VERIFICATION_CODE),
            Some(Err(Refusal::RateLimited))
        );
        assert!(matches!(
            numbers.add("x", "1", "55", "Initech"),
            Err(Refusal::Invalid(_))
        ));
        assert!(matches!(
            numbers.add("x", "1", "5550100", "In"),
            Err(Refusal::Invalid(_))
        ));
        assert_eq!(
            numbers.add("x", "1", "5550109999", "Initech"),
            Err(Refusal::InUse)
        );
        assert_eq!(
            numbers.add("other", "44", "2079460958", "Initech"),
            Err(Refusal::InUse)
        );
        assert_eq!(numbers.request_code("961"), None);
    }
}
