//! A session's life on its connect page: looked up, opened, claimed while a completion
//! talks to Meta, released on failure. Consumption happens with the connection's write
//! (see `whatsapp_connections`).

use super::{now_ms, Db};
use crate::{
    domain::TokenHash,
    model::{IntegrationType, Mode},
};

/// A session with what its connect page shows.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConnectSession {
    pub id: String,
    pub workspace_id: String,
    #[sqlx(try_from = "String")]
    pub integration_type: IntegrationType,
    pub origin: String,
    pub state: Option<String>,
    pub expires_at: i64,
    pub opened_at: Option<i64>,
    pub consumed_at: Option<i64>,
    pub claimed_until: Option<i64>,
    #[sqlx(try_from = "String")]
    pub mode: Mode,
    pub vendor_name: String,
    pub vendor_logo_url: Option<String>,
    /// The vendor's primary colour (`#rrggbb`), if staff set one.
    pub vendor_theme_primary: Option<String>,
    /// `light` or `dark`.
    pub vendor_theme_appearance: String,
    pub vendor_deactivated_at: Option<i64>,
    pub account_id: String,
    pub vendor_id: String,
    pub external_id: String,
    /// What the completion answered (JSON), once the session is completed.
    pub completed_result: Option<String>,
    /// The language the vendor chose for the page (a tag of `Locale`), if any.
    pub locale: Option<String>,
    /// When the customer's Data Deletion request ended this Pages session's listing.
    pub pages_forgotten_at: Option<i64>,
    /// The SHA-256 of the key of the browser the session belongs to, once opened.
    pub browser_hash: Option<String>,
    /// 1 when the WhatsApp page offers to keep the WhatsApp Business app on the number.
    pub coexistence: i64,
    /// Where a page with no window to post to sends the customer back, if the session
    /// named one of its vendor's return URLs.
    pub return_url: Option<String>,
    /// What Meta's dialog is pre-filled with (checked JSON in Meta's shape), if anything.
    pub prefill: Option<String>,
    /// 1 when the number is added on the connect page (Meta shares only the account).
    pub number_on_page: i64,
}

/// A session opened within its 10 minutes can still be completed this long after it
/// was opened: a first-time Embedded Signup (business portfolio, WABA, display name,
/// number, code by text message) can outlast the 10 minutes, and Meta has shared the
/// account by the time it finishes. The page itself opens only within the 10 minutes.
pub const COMPLETION_GRACE_MS: i64 = 30 * 60 * 1000;

impl ConnectSession {
    /// Whether the WhatsApp page offers to keep the WhatsApp Business app on the number.
    pub fn offers_coexistence(&self) -> bool {
        self.coexistence != 0
    }

    /// Whether the session can still be completed at `now` (as `claim` asks it).
    pub fn completable(&self, now: i64) -> bool {
        self.expires_at > now
            || self
                .opened_at
                .is_some_and(|opened| opened + COMPLETION_GRACE_MS > now)
    }
}

/// What a connect page (and a completion) reads of a session, with its `WHERE`.
macro_rules! page_select {
    ($where:literal) => {
        concat!("SELECT s.id, s.workspace_id, s.integration_type, s.origin, s.state, s.expires_at, s.opened_at, s.consumed_at, \
     s.claimed_until, s.mode, v.name AS vendor_name, v.logo_url AS vendor_logo_url, \
     v.theme_primary AS vendor_theme_primary, v.theme_appearance AS vendor_theme_appearance, \
     v.deactivated_at AS vendor_deactivated_at, w.account_id, s.vendor_id, w.external_id, \
     s.completed_result, s.locale, s.pages_forgotten_at, s.browser_hash, s.coexistence, \
     s.return_url, s.prefill, s.number_on_page \
     FROM connect_sessions s JOIN vendors v ON v.id = s.vendor_id JOIN workspaces w ON w.id = s.workspace_id ", $where)
    };
}

#[tracing::instrument(skip_all)]
pub async fn find_for_page(
    db: &Db,
    hash: &TokenHash,
) -> Result<Option<ConnectSession>, sqlx::Error> {
    sqlx::query_as(page_select!("WHERE s.token_hash = $1"))
        .bind(hash.as_str())
        .fetch_optional(db.pool())
        .await
}

/// The session with this id (a page already bound to its browser names it so).
pub async fn find_by_id(db: &Db, session_id: &str) -> Result<Option<ConnectSession>, sqlx::Error> {
    sqlx::query_as(page_select!("WHERE s.id = $1"))
        .bind(session_id)
        .fetch_optional(db.pool())
        .await
}

/// Binds a session to the browser whose key hashes to `browser_hash`, if no browser
/// holds it yet; whether this browser got it.
#[tracing::instrument(skip_all)]
pub async fn bind_browser(
    db: &Db,
    session_id: &str,
    browser_hash: &TokenHash,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE connect_sessions SET browser_hash = $2 WHERE id = $1 AND browser_hash IS NULL",
    )
    .bind(session_id)
    .bind(browser_hash.as_str())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Offers the session to another browser once, with a hand-off code (its hash), until
/// `until`; replaces an earlier offer.
#[tracing::instrument(skip_all)]
pub async fn offer_hand_off(
    db: &Db,
    session_id: &str,
    code_hash: &TokenHash,
    until: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE connect_sessions SET handoff_hash = $2, handoff_until = $3 WHERE id = $1")
        .bind(session_id)
        .bind(code_hash.as_str())
        .bind(until)
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Moves the session to the browser whose key hashes to `browser_hash`, spending the
/// hand-off code (its hash); whether the code was the offered one, still valid.
#[tracing::instrument(skip_all)]
pub async fn take_hand_off(
    db: &Db,
    session_id: &str,
    code_hash: &TokenHash,
    browser_hash: &TokenHash,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE connect_sessions SET browser_hash = $3, handoff_hash = NULL, handoff_until = NULL          WHERE id = $1 AND handoff_hash = $2 AND handoff_until > $4",
    )
    .bind(session_id)
    .bind(code_hash.as_str())
    .bind(browser_hash.as_str())
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The session a full-page dialog's `state` was handed out for (the state stays
/// answerable).
#[tracing::instrument(skip_all)]
pub async fn find_for_dialog_state(
    db: &Db,
    state_hash: &TokenHash,
) -> Result<Option<ConnectSession>, sqlx::Error> {
    sqlx::query_as(page_select!(
        "WHERE s.id = (SELECT session_id FROM dialog_returns WHERE state_hash = $1)"
    ))
    .bind(state_hash.as_str())
    .fetch_optional(db.pool())
    .await
}

/// Records the first time the connect page was viewed; later views change nothing.
#[tracing::instrument(skip(db))]
pub async fn mark_opened(db: &Db, session_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE connect_sessions SET opened_at = $2 WHERE id = $1 AND opened_at IS NULL")
        .bind(session_id)
        .bind(now_ms())
        .execute(db.writer())
        .await?;
    Ok(())
}

/// Claims an unconsumed session that can still be completed (before its expiry, or,
/// once opened, within `grace_ms` of the opening) and that nobody else holds, until
/// `until`; `false` when that is not the case at this moment.
#[tracing::instrument(skip(db))]
pub async fn claim(
    db: &Db,
    session_id: &str,
    claim_id: &str,
    until: i64,
    grace_ms: i64,
) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let done = sqlx::query(
        "UPDATE connect_sessions SET claim_id = $2, claimed_until = $3 \
         WHERE id = $1 AND consumed_at IS NULL \
         AND (expires_at > $4 OR (opened_at IS NOT NULL AND opened_at + $5 > $4)) \
         AND (claimed_until IS NULL OR claimed_until < $4)",
    )
    .bind(session_id)
    .bind(claim_id)
    .bind(until)
    .bind(now)
    .bind(grace_ms)
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records what the customer did in Meta's dialog: the event, the step a cancel left
/// at, and a reported error (JSON).
#[tracing::instrument(skip(db))]
pub async fn record_meta_event(
    db: &Db,
    session_id: &str,
    event: &str,
    step: Option<&str>,
    error: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE connect_sessions SET meta_event = $2, meta_step = $3, meta_error = $4 WHERE id = $1",
    )
    .bind(session_id)
    .bind(event)
    .bind(step)
    .bind(error)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Gives a claim back, noting why it failed (`None`: it did not fail, it only
/// stopped at a step that waits for the customer); the session stays usable.
#[tracing::instrument(skip(db))]
pub async fn release(
    db: &Db,
    session_id: &str,
    claim_id: &str,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE connect_sessions SET claim_id = NULL, claimed_until = NULL, failure_reason = $3 \
         WHERE id = $1 AND claim_id = $2",
    )
    .bind(session_id)
    .bind(claim_id)
    .bind(reason)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Consumes a claimed session inside the caller's transaction; `false` when the claim
/// was lost.
pub async fn consume(
    conn: &mut sqlx::AnyConnection,
    session_id: &str,
    claim_id: &str,
    result: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE connect_sessions SET consumed_at = $3, outcome = 'completed', claim_id = NULL, \
         claimed_until = NULL, failure_reason = NULL, completed_result = $4 \
         WHERE id = $1 AND claim_id = $2 AND consumed_at IS NULL",
    )
    .bind(session_id)
    .bind(claim_id)
    .bind(now_ms())
    .bind(result)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    super::setup_links::complete_for_session(conn, session_id).await?;
    Ok(true)
}
