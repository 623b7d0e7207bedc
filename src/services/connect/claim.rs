//! Finding a usable session for a completion, and claiming it while Meta is called.

use crate::{
    db::{self, session_claims::ConnectSession},
    domain::SessionToken,
    meta::graph::{GraphError, GraphErrorKind},
    model::{connect::ConnectError, IntegrationType},
};

/// How long a completion may hold its session before another may take over (covers
/// several Graph calls with their retries).
const CLAIM_MS: i64 = 120_000;

/// What a failed Graph call means for the customer.
pub fn graph_failure(error: &GraphError) -> ConnectError {
    match error {
        GraphError::Api {
            kind: GraphErrorKind::PermissionDenied,
            ..
        } => ConnectError::NotGranted,
        GraphError::Api {
            kind: GraphErrorKind::Rejected | GraphErrorKind::InvalidToken,
            message,
            ..
        } => ConnectError::MetaRejected(message.clone()),
        _ => ConnectError::MetaUnavailable,
    }
}

/// Logs an unexpected failure; the customer sees a generic message.
pub fn internal(error: impl std::fmt::Display) -> ConnectError {
    tracing::error!(error = %error, "connect completion failed");
    ConnectError::Internal
}

/// The session of `raw_token` if it is for `flow` and can still be completed.
pub async fn find_usable(
    db: &db::Db,
    raw_token: &str,
    flow: IntegrationType,
) -> Result<ConnectSession, ConnectError> {
    let token = SessionToken::parse(raw_token).map_err(|_| ConnectError::UnknownSession)?;
    let session = db::session_claims::find_for_page(db, &token.hash())
        .await
        .map_err(internal)?
        .filter(|s| s.integration_type == flow)
        .ok_or(ConnectError::UnknownSession)?;
    if session.vendor_deactivated_at.is_some() {
        return Err(ConnectError::VendorInactive);
    }
    if session.consumed_at.is_some() {
        return Err(ConnectError::AlreadyUsed);
    }
    if session.expires_at <= db::now_ms() {
        return Err(ConnectError::Expired);
    }
    Ok(session)
}

/// Finds a usable session and claims it for this completion.
async fn claim(
    db: &db::Db,
    raw_token: &str,
    flow: IntegrationType,
    claim_id: &str,
) -> Result<ConnectSession, ConnectError> {
    let session = find_usable(db, raw_token, flow).await?;
    let until = db::now_ms() + CLAIM_MS;
    if !db::session_claims::claim(db, &session.id, claim_id, until)
        .await
        .map_err(internal)?
    {
        // Another completion holds it or has just finished it.
        return Err(ConnectError::AlreadyUsed);
    }
    Ok(session)
}

/// Gives the claim back after a failure, recording why; the session stays usable.
async fn release(db: &db::Db, session: &ConnectSession, claim_id: &str, error: &ConnectError) {
    let reason = format!("{error:?}");
    if let Err(e) = db::session_claims::release(db, &session.id, claim_id, &reason).await {
        tracing::error!(error = %e, "could not release a session claim");
    }
}

/// Runs a completion on the claimed session of `raw_token`. `work` gets the session and
/// the claim id (to consume the session with); if it fails, the claim is released with
/// the reason recorded, so the session stays usable and the same tab can retry.
pub async fn complete_claimed<T>(
    db: &db::Db,
    raw_token: &str,
    flow: IntegrationType,
    work: impl AsyncFnOnce(&ConnectSession, &str) -> Result<T, ConnectError>,
) -> Result<T, ConnectError> {
    let claim_id = db::new_id("clm");
    let session = claim(db, raw_token, flow, &claim_id).await?;
    let outcome = work(&session, &claim_id).await;
    if let Err(error) = &outcome {
        release(db, &session, &claim_id, error).await;
    }
    outcome
}
