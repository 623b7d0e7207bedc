//! Faults injected for tests: the next matching Graph calls fail as asked.

use std::sync::{Arc, Mutex};

use axum::{extract::State, http::StatusCode, Json};
use serde::Deserialize;
use serde_json::{json, Value};

use super::Simulator;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// HTTP 500 with Graph code 2 (transient).
    #[serde(rename = "http_500")]
    Http500,
    /// No answer for a minute: the client's time limit runs out.
    Timeout,
    /// The normal answer, a second late (slower than a browser that gives up).
    Slow,
    /// HTTP 400 with the Graph error `code` given.
    GraphError,
    /// The Embedded Signup code has expired by the time it is exchanged.
    ExpireCode,
    /// The business token cannot read the WABA (`GET /{waba_id}` answers 100/33).
    NotGranted,
    /// `debug_token` answers the shape Meta's documentation shows (the WABA among the
    /// `whatsapp_business_management` target ids) instead of 2026's.
    DocumentedTokenShape,
}

/// One fault, aimed at an endpoint and a subject (a WABA id), `count` times.
#[derive(Debug, Clone, Deserialize)]
pub struct Fault {
    /// `oauth/access_token`, `debug_token`, `waba`, `phone_numbers`, `subscribed_apps`,
    /// `register`, `phone_numbers/add`, `request_code`, `verify_code`, `me/accounts`;
    /// absent: any.
    pub endpoint: Option<String>,
    /// The WABA id the call concerns; absent: any.
    pub target: Option<String>,
    pub kind: FaultKind,
    /// The Graph error code for `graph_error`.
    pub code: Option<i64>,
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

#[derive(Default)]
pub struct Faults(Mutex<Vec<Fault>>);

impl Faults {
    /// Takes one use of the first fault aimed at this call that fails it outright.
    pub fn take(&self, endpoint: &str, target: Option<&str>) -> Option<Fault> {
        self.take_where(endpoint, target, |kind| {
            !matches!(
                kind,
                FaultKind::ExpireCode | FaultKind::NotGranted | FaultKind::DocumentedTokenShape
            )
        })
    }

    /// Takes one use of a fault of this kind aimed at this call; whether there was one.
    pub fn take_kind(&self, endpoint: &str, target: Option<&str>, kind: FaultKind) -> bool {
        self.take_where(endpoint, target, |k| k == kind).is_some()
    }

    fn take_where(
        &self,
        endpoint: &str,
        target: Option<&str>,
        kind: impl Fn(FaultKind) -> bool,
    ) -> Option<Fault> {
        let mut faults = self.0.lock().expect("simulator lock");
        let position = faults.iter().position(|f| {
            f.count > 0
                && kind(f.kind)
                && f.endpoint.as_deref().is_none_or(|e| e == endpoint)
                && f.target.as_deref().is_none_or(|t| Some(t) == target)
        })?;
        faults[position].count -= 1;
        let fault = faults[position].clone();
        faults.retain(|f| f.count > 0);
        Some(fault)
    }
}

pub async fn add(
    State(sim): State<Arc<Simulator>>,
    Json(fault): Json<Fault>,
) -> (StatusCode, Json<Value>) {
    if fault.kind == FaultKind::GraphError && fault.code.is_none() {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "a graph_error fault needs a `code`"})),
        );
    }
    sim.faults.0.lock().expect("simulator lock").push(fault);
    (StatusCode::CREATED, Json(json!({"added": true})))
}

pub async fn clear(State(sim): State<Arc<Simulator>>) -> StatusCode {
    sim.faults.0.lock().expect("simulator lock").clear();
    StatusCode::NO_CONTENT
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fault(endpoint: Option<&str>, target: Option<&str>, count: u32) -> Fault {
        Fault {
            endpoint: endpoint.map(str::to_owned),
            target: target.map(str::to_owned),
            kind: FaultKind::Http500,
            code: None,
            count,
        }
    }

    #[test]
    fn a_fault_hits_only_its_endpoint_and_target_and_only_count_times() {
        let faults = Faults::default();
        faults
            .0
            .lock()
            .unwrap()
            .push(fault(Some("register"), Some("w1"), 2));
        assert!(faults.take("debug_token", Some("w1")).is_none());
        assert!(faults.take("register", Some("w2")).is_none());
        assert!(faults.take("register", Some("w1")).is_some());
        assert!(faults.take("register", Some("w1")).is_some());
        assert!(faults.take("register", Some("w1")).is_none());
    }

    #[test]
    fn an_unaimed_fault_hits_anything() {
        let faults = Faults::default();
        faults.0.lock().unwrap().push(fault(None, None, 1));
        assert!(faults.take("oauth/access_token", None).is_some());
    }
}
