//! Completing WhatsApp Embedded Signup on the server, as Meta behaves in 2026 (docs/meta.md).
//! The code and Meta's event reach the server separately, in either order: the code is
//! exchanged the moment it arrives and the business token kept (sealed) against the
//! session; the event's ids are checked and kept. Once both are here, the signup
//! advances: the WABA and the number are verified with the business token, the app is
//! subscribed, the number registered by Meta's rules, and the connection stored with
//! the session consumed. Whatever stops it keeps what Meta shared and lets the same tab
//! go on from the step that failed.

mod add_number;
mod advance;
mod exchange;
mod register;
mod reports;

pub use add_number::{add_number, change_number, number_step, send_code, verify_code};
pub use reports::validate_report;

use super::{
    binding::Access,
    claim::{self, internal},
    token_rows,
};
use crate::{
    db::{self, session_claims::ConnectSession},
    domain::{AttemptId, MetaCredential, Pin},
    meta::context::{MetaContext, MetaContexts},
    model::{
        connect::ConnectError,
        whatsapp::{SignupReport, WhatsAppStep},
        IntegrationType,
    },
};

/// What every step needs.
struct Signup<'a> {
    db: &'a db::Db,
    meta: &'a MetaContext,
    session: &'a ConnectSession,
    claim_id: &'a str,
}

impl Signup<'_> {
    /// The business token this signup keeps (`sealed` with `key_id`), while Meta's
    /// expiry allows.
    fn business_token(
        &self,
        kept: &db::whatsapp_signups::Signup,
        sealed: &str,
        key_id: &str,
    ) -> Result<String, ConnectError> {
        if kept
            .token_expires_at
            .is_some_and(|at| at <= db::now_ms() / 1000)
        {
            return Err(ConnectError::TokenInvalid);
        }
        self.meta
            .keyring
            .open(key_id, sealed, &token_rows::signup(&self.session.id))
            .map_err(internal)
            .and_then(|t| String::from_utf8(t).map_err(internal))
    }
}

/// What the call brought, which decides what the signup waits for when it cannot go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brought {
    Code,
    Event,
    /// A PIN or a retry: they go on from a paired code and event only.
    Nothing,
}

fn attempt(raw: &str) -> Result<AttemptId, ConnectError> {
    AttemptId::parse(raw).map_err(|_| ConnectError::BadRequest)
}

/// Runs `work` on the claimed session `access` names.
async fn with_signup<T: serde::de::DeserializeOwned>(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    work: impl AsyncFnOnce(&Signup<'_>) -> Result<T, ConnectError>,
) -> Result<T, ConnectError> {
    claim::with_claim(
        db,
        access,
        IntegrationType::WhatsApp,
        async |session, claim_id| {
            let signup = Signup {
                db,
                meta: metas.for_mode(session.mode),
                session,
                claim_id,
            };
            work(&signup).await
        },
    )
    .await
}

/// `FB.login`'s code: exchanged at once; the signup advances when Meta's event of the
/// same attempt is already here.
#[tracing::instrument(skip_all)]
pub async fn receive_code(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    attempt_id: &str,
    code: &str,
) -> Result<WhatsAppStep, ConnectError> {
    let attempt = attempt(attempt_id)?;
    let code = MetaCredential::parse("code", code).map_err(|_| ConnectError::BadRequest)?;
    with_signup(db, metas, access, async |signup| {
        exchange::exchange_and_keep(signup, &attempt, &code).await?;
        advance::advance(signup, Brought::Code).await
    })
    .await
}

/// Meta's signup event, as the page relays it: a finish's ids are kept (and the signup
/// advances when the code of the same attempt is exchanged); a cancel or an error is
/// recorded.
#[tracing::instrument(skip_all)]
pub async fn receive_report(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    attempt_id: &str,
    report: &SignupReport,
) -> Result<WhatsAppStep, ConnectError> {
    let attempt = attempt(attempt_id)?;
    let report = validate_report(report).map_err(|_| ConnectError::BadRequest)?;
    if !report.is_finish() {
        let session = claim::find_usable(db, access, IntegrationType::WhatsApp).await?;
        reports::record(db, &session, &attempt, &report).await?;
        return Ok(WhatsAppStep::Recorded);
    }
    with_signup(db, metas, access, async |signup| {
        reports::record(db, signup.session, &attempt, &report).await?;
        advance::advance(signup, Brought::Event).await
    })
    .await
}

/// The customer's existing two-step verification PIN for the number this signup
/// verified (none verified: `NotStarted`, nothing kept).
#[tracing::instrument(skip_all)]
pub async fn receive_pin(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    pin: &str,
) -> Result<WhatsAppStep, ConnectError> {
    let pin = Pin::parse(pin).map_err(|_| ConnectError::InvalidPin)?;
    with_signup(db, metas, access, async |signup| {
        let kept = db::whatsapp_signups::find(db, &signup.session.id)
            .await?
            .unwrap_or_default();
        register::keep_customer_pin(signup, &kept, &pin).await?;
        advance::advance(signup, Brought::Nothing).await
    })
    .await
}

/// Goes on from the step that failed (with the token and event already kept).
#[tracing::instrument(skip_all)]
pub async fn retry(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
) -> Result<WhatsAppStep, ConnectError> {
    with_signup(db, metas, access, async |signup| {
        advance::advance(signup, Brought::Nothing).await
    })
    .await
}
