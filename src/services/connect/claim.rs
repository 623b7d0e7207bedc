//! Finding a usable session for a completion, claiming it while Meta is called, and what
//! a failed Graph call means for the customer.

use super::binding::{self, Access};
use crate::{
    db::{self, session_claims::ConnectSession},
    domain::SessionRef,
    meta::graph::{GraphError, GraphErrorKind},
    model::{connect::ConnectError, IntegrationType},
};

/// How long a completion may hold its session before another may take over (covers
/// several Graph calls with their retries).
const CLAIM_MS: i64 = 120_000;

pub use crate::db::session_claims::COMPLETION_GRACE_MS;

/// What a failed Graph call means for the customer (docs/meta.md, "Graph calls").
pub fn graph_failure(error: &GraphError) -> ConnectError {
    match error {
        GraphError::Api {
            kind: GraphErrorKind::RateLimited,
            retry_after_minutes,
            ..
        } => ConnectError::RateLimited {
            minutes: *retry_after_minutes,
        },
        GraphError::Api { kind, .. } => match kind {
            GraphErrorKind::PermissionDenied => ConnectError::NotGranted,
            GraphErrorKind::InvalidToken => ConnectError::TokenInvalid,
            GraphErrorKind::Transient => ConnectError::MetaUnavailable,
            GraphErrorKind::Rejected | GraphErrorKind::RateLimited => ConnectError::MetaRejected,
        },
        GraphError::Timeout
        | GraphError::Network(_)
        | GraphError::Unreached(_)
        | GraphError::Unavailable(_)
        | GraphError::Malformed(_) => ConnectError::MetaUnavailable,
    }
}

/// A code exchange Meta refused as a bad request: the code expired (subcode 36007), was
/// used (36009) or is not one of ours (36008, also a `redirect_uri` that differs from
/// the dialog's). A new login gives a new code.
pub fn code_failure(error: &GraphError) -> ConnectError {
    match error {
        GraphError::Api {
            kind: GraphErrorKind::Rejected,
            code: 100,
            ..
        } => ConnectError::CodeRejected,
        other => graph_failure(other),
    }
}

/// A database failure in a connect step, decided in one place: a database that cannot
/// serve right now (see `db::is_unavailable`) is `Unavailable`, a warning: the customer
/// is told to try again in a few seconds. Anything else is unexpected: logged as an
/// error, and the customer sees a generic message. Steps write `?` on database results.
impl From<sqlx::Error> for ConnectError {
    fn from(error: sqlx::Error) -> Self {
        if db::log_failure(&error, "a connect step") {
            ConnectError::Unavailable
        } else {
            ConnectError::Internal
        }
    }
}

/// Logs a failure of WhatsPortal's side other than the database's (a sealed value that
/// does not open, a result that does not encode): unexpected, logged as an error; the
/// customer sees a generic message.
pub fn internal(error: impl std::fmt::Display) -> ConnectError {
    tracing::error!(error = %error, "connect completion failed");
    ConnectError::Internal
}

/// The session a page or call names (by token or id), if it exists.
pub async fn lookup(
    db: &db::Db,
    reference: &SessionRef,
) -> Result<Option<ConnectSession>, sqlx::Error> {
    match reference {
        SessionRef::Token(token) => db::session_claims::find_for_page(db, &token.hash()).await,
        SessionRef::Id(id) => db::session_claims::find_by_id(db, id).await,
    }
}

/// The session `access` names, if it is one for `flow`.
async fn find(
    db: &db::Db,
    access: &Access<'_>,
    flow: IntegrationType,
) -> Result<ConnectSession, ConnectError> {
    let reference = access.reference().ok_or(ConnectError::UnknownSession)?;
    lookup(db, &reference)
        .await?
        .filter(|s| s.integration_type == flow)
        .ok_or(ConnectError::UnknownSession)
}

/// The session `access` names if it is for `flow`, can still be completed, and belongs
/// to the browser asking.
pub async fn find_usable(
    db: &db::Db,
    access: &Access<'_>,
    flow: IntegrationType,
) -> Result<ConnectSession, ConnectError> {
    let session = find(db, access, flow).await?;
    if session.vendor_deactivated_at.is_some() {
        return Err(ConnectError::VendorInactive);
    }
    if session.consumed_at.is_some() {
        return Err(ConnectError::AlreadyUsed);
    }
    if !session.completable(db::now_ms()) {
        return Err(ConnectError::Expired);
    }
    if !binding::holds(&session, &access.cookies) {
        return Err(ConnectError::OtherBrowser);
    }
    Ok(session)
}

/// How long a call waits for another call of the same session to finish (the page sends
/// Meta's code and event as they come, so two calls may meet), and how often it looks.
const CLAIM_WAIT: std::time::Duration = std::time::Duration::from_secs(8);
const CLAIM_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// Finds a usable session and claims it for this call, waiting a little while another
/// call holds it.
async fn claim(
    db: &db::Db,
    access: &Access<'_>,
    flow: IntegrationType,
    claim_id: &str,
) -> Result<ConnectSession, ConnectError> {
    let started = std::time::Instant::now();
    loop {
        // Looked up again each time: the other call may have finished the session.
        let session = find_usable(db, access, flow).await?;
        let until = db::now_ms() + CLAIM_MS;
        let claimed =
            db::session_claims::claim(db, &session.id, claim_id, until, COMPLETION_GRACE_MS)
                .await?;
        if claimed {
            return Ok(session);
        }
        if started.elapsed() >= CLAIM_WAIT {
            return Err(ConnectError::Busy);
        }
        tokio::time::sleep(CLAIM_POLL).await;
    }
}

/// What a completed session answered, for its browser asking again within the grace
/// period after its completion (the answer was lost on the way: a dropped connection, a
/// reload); `AlreadyUsed` otherwise.
pub async fn replay<T: serde::de::DeserializeOwned>(
    db: &db::Db,
    access: &Access<'_>,
    flow: IntegrationType,
) -> Result<T, ConnectError> {
    let session = find(db, access, flow).await?;
    let recent = session
        .consumed_at
        .is_some_and(|at| at + COMPLETION_GRACE_MS > db::now_ms())
        && binding::holds(&session, &access.cookies);
    match session.completed_result {
        Some(result) if recent => serde_json::from_str(&result).map_err(internal),
        _ => Err(ConnectError::AlreadyUsed),
    }
}

/// Runs `work` on the claimed session `access` names; `work` gets the session and the
/// claim id (to consume the session with). The claim is given back afterwards (a
/// consumed session has none left): with the reason recorded when `work` failed, so
/// the session stays usable and the same tab can retry. A session already completed
/// answers what its completion answered (see `replay`).
pub async fn with_claim<T: serde::de::DeserializeOwned>(
    db: &db::Db,
    access: &Access<'_>,
    flow: IntegrationType,
    work: impl AsyncFnOnce(&ConnectSession, &str) -> Result<T, ConnectError>,
) -> Result<T, ConnectError> {
    let claim_id = db::new_id("clm");
    let session = match claim(db, access, flow, &claim_id).await {
        Err(ConnectError::AlreadyUsed) => return replay(db, access, flow).await,
        claimed => claimed?,
    };
    let outcome = work(&session, &claim_id).await;
    let reason = outcome.as_ref().err().map(|error| format!("{error:?}"));
    if let Err(e) = db::session_claims::release(db, &session.id, &claim_id, reason.as_deref()).await
    {
        if db::log_failure(&e, "releasing a session claim") {
            tokio::spawn(release_later(db.clone(), session.id, claim_id, reason));
        }
    }
    outcome
}

/// How often, and how many times, a claim the database could not take back (it was
/// restarting) is given back again: without it the session would answer `Busy` until
/// the claim runs out (`CLAIM_MS`), though the customer could go on at once.
const RELEASE_RETRY: std::time::Duration = std::time::Duration::from_secs(1);
const RELEASE_TRIES: u32 = 60;

/// Gives a claim back once the database serves again.
async fn release_later(db: db::Db, session_id: String, claim_id: String, reason: Option<String>) {
    for _ in 0..RELEASE_TRIES {
        tokio::time::sleep(RELEASE_RETRY).await;
        match db::session_claims::release(&db, &session_id, &claim_id, reason.as_deref()).await {
            Ok(()) => return,
            Err(e) if db::is_unavailable(&e) => continue,
            Err(e) => {
                db::log_failure(&e, "releasing a session claim");
                return;
            }
        }
    }
    tracing::warn!("a session claim stays until it runs out: the database did not come back");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Mode;

    fn session(expires_at: i64, opened_at: Option<i64>) -> ConnectSession {
        ConnectSession {
            id: "s".into(),
            workspace_id: "w".into(),
            integration_type: IntegrationType::WhatsApp,
            origin: "https://app.example.com".into(),
            state: None,
            expires_at,
            opened_at,
            consumed_at: None,
            claimed_until: None,
            mode: Mode::Live,
            vendor_name: "Acme".into(),
            vendor_logo_url: None,
            vendor_theme_primary: None,
            vendor_theme_appearance: "light".into(),
            vendor_deactivated_at: None,
            account_id: "wp_1".into(),
            vendor_id: "v".into(),
            external_id: "e".into(),
            completed_result: None,
            locale: None,
            pages_forgotten_at: None,
            browser_hash: None,
            coexistence: 0,
            return_url: None,
            prefill: None,
            number_on_page: 0,
        }
    }

    #[test]
    fn an_opened_session_stays_completable_for_the_grace_period() {
        let opened = 1_000_000;
        let expires = opened + 600_000;
        let s = session(expires, Some(opened));
        assert!(s.completable(expires - 1));
        assert!(s.completable(expires + 60_000));
        assert!(s.completable(opened + COMPLETION_GRACE_MS - 1));
        assert!(!s.completable(opened + COMPLETION_GRACE_MS));
        let never_opened = session(expires, None);
        assert!(!never_opened.completable(expires));
    }

    #[test]
    fn graph_failures_say_what_to_do() {
        let api = |code: i64, minutes: Option<u32>| GraphError::Api {
            kind: GraphErrorKind::of(code, false),
            http_status: 400,
            code,
            subcode: None,
            message: "raw".into(),
            fbtrace_id: None,
            details: None,
            retry_after_minutes: minutes,
        };
        assert_eq!(
            graph_failure(&api(80007, Some(7))),
            ConnectError::RateLimited { minutes: Some(7) }
        );
        assert_eq!(
            graph_failure(&api(130429, None)),
            ConnectError::RateLimited { minutes: None }
        );
        assert_eq!(graph_failure(&api(3, None)), ConnectError::NotGranted);
        assert_eq!(graph_failure(&api(190, None)), ConnectError::TokenInvalid);
        assert_eq!(graph_failure(&api(2, None)), ConnectError::MetaUnavailable);
        assert_eq!(graph_failure(&api(100, None)), ConnectError::MetaRejected);
        assert_eq!(
            graph_failure(&GraphError::Timeout),
            ConnectError::MetaUnavailable
        );
    }
}
