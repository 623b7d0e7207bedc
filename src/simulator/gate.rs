//! Who may open the simulator's dialog and get a code or a token from it. In
//! development, anyone. A server in production keeps the simulator for test mode only:
//! there the dialog answers a connect page of an open test-mode session, at most
//! `AUTHORIZATIONS_PER_SESSION` times. Every code and token the simulator stores comes
//! from a dialog authorization (or is derived from one without a new row), so an
//! anonymous flood stores nothing at all.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;

use crate::{
    db::session_claims::{ConnectSession, COMPLETION_GRACE_MS},
    db::{self, Db},
    domain::{DialogState, SessionRef},
    model::Mode,
};

/// Dialog authorizations one test session may have (a customer trying again included).
pub const AUTHORIZATIONS_PER_SESSION: i64 = 20;

/// Whether the dialog is open to anyone or to test sessions only.
pub struct Gate {
    /// `None`: open (development).
    test_sessions_of: Option<Db>,
}

/// Why the dialog refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    NoTestSession,
    TooMany,
    /// The session could not be read; `unavailable`: the database cannot serve for a
    /// moment.
    Storage {
        unavailable: bool,
    },
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let (status, why) = match self {
            Self::NoTestSession => (
                StatusCode::FORBIDDEN,
                "the simulated Meta dialog serves open test-mode sessions only",
            ),
            Self::TooMany => (
                StatusCode::TOO_MANY_REQUESTS,
                "this session has used the simulated Meta dialog too often",
            ),
            Self::Storage { unavailable: true } => (
                StatusCode::SERVICE_UNAVAILABLE,
                "the simulated Meta dialog is unavailable for a moment; try again",
            ),
            Self::Storage { unavailable: false } => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "the simulated Meta dialog failed; try again",
            ),
        };
        (status, Json(json!({ "error": why }))).into_response()
    }
}

fn storage(error: sqlx::Error) -> Refusal {
    Refusal::Storage {
        unavailable: db::log_failure(&error, "the Meta simulator's gate reading the session"),
    }
}

impl Gate {
    pub fn open() -> Self {
        Self {
            test_sessions_of: None,
        }
    }

    pub fn for_test_sessions(db: Db) -> Self {
        Self {
            test_sessions_of: Some(db),
        }
    }

    /// Admits one dialog authorization for the page of the session named (by its id,
    /// or its token).
    pub async fn admit(&self, session: Option<&str>) -> Result<(), Refusal> {
        let Some(db) = &self.test_sessions_of else {
            return Ok(());
        };
        let reference = session
            .and_then(|s| SessionRef::parse(s).ok())
            .ok_or(Refusal::NoTestSession)?;
        let session = match reference {
            SessionRef::Token(token) => db::session_claims::find_for_page(db, &token.hash()).await,
            SessionRef::Id(id) => db::session_claims::find_by_id(db, &id).await,
        }
        .map_err(storage)?;
        admit_session(db, session).await
    }

    /// Admits one full-page dialog authorization for the session whose start handed
    /// out `state`.
    pub async fn admit_dialog_state(&self, state: &str) -> Result<(), Refusal> {
        let Some(db) = &self.test_sessions_of else {
            return Ok(());
        };
        let state = DialogState::parse(state).map_err(|_| Refusal::NoTestSession)?;
        let session = db::session_claims::find_for_dialog_state(db, &state.hash())
            .await
            .map_err(storage)?;
        admit_session(db, session).await
    }
}

/// Admits one authorization for an open test-mode session, within its allowance.
async fn admit_session(db: &Db, session: Option<ConnectSession>) -> Result<(), Refusal> {
    let session = session.ok_or(Refusal::NoTestSession)?;
    let open = session.consumed_at.is_none() && session.completable(db::now_ms());
    if session.mode != Mode::Test || !open {
        return Err(Refusal::NoTestSession);
    }
    let bucket = format!("simulator-dialog:{}", session.id);
    let window = db::rate_windows::hit(db, &bucket, COMPLETION_GRACE_MS)
        .await
        .map_err(storage)?;
    if window.count > AUTHORIZATIONS_PER_SESSION {
        return Err(Refusal::TooMany);
    }
    Ok(())
}
