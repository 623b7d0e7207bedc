//! The way back to the vendor from a connect page that has no window to post its result
//! to (a mobile app, a link opened on another device, an app's built-in browser): our
//! link `/vendor/connect/back/{session_id}` sends the browser to the session's return
//! URL with the outcome in its query. The outcome is read from the session at that
//! moment, never from the link, so a link cannot claim a connection that did not happen;
//! the vendor confirms it on its server (`GET /api/vendor/sessions/{id}`, webhooks).
//! No token and no Meta id ever goes into that query.

use super::binding::{self, BrowserCookies};
use crate::{
    db::{self, session_claims::ConnectSession},
    domain::{ReturnUrl, SessionRef},
};

/// Where a connect page's "Back to {vendor}" goes; the route is `BACK_ROUTE`.
pub fn back_path(session_id: &str) -> String {
    format!("/vendor/connect/back/{session_id}")
}

pub const BACK_ROUTE: &str = "/vendor/connect/back/{session_id}";

/// The outcome a return URL is given (`status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnStatus {
    /// The customer connected.
    Connected,
    /// The customer went back before connecting; the session may still be used until it
    /// expires.
    Cancelled,
    /// The session's 10 minutes ended without a connection.
    Expired,
    /// The session cannot be completed any more (its vendor was deactivated).
    Failed,
}

impl ReturnStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connected => "connected",
            Self::Cancelled => "cancelled",
            Self::Expired => "expired",
            Self::Failed => "failed",
        }
    }

    /// Where the session stands at `now`, by the same rules as the vendor's
    /// `GET /api/vendor/sessions/{id}`.
    fn of(session: &ConnectSession, now: i64) -> Self {
        if session.consumed_at.is_some() {
            Self::Connected
        } else if session.vendor_deactivated_at.is_some() {
            Self::Failed
        } else if session.expires_at <= now {
            Self::Expired
        } else {
            Self::Cancelled
        }
    }
}

/// The session's return URL with its outcome: `status` and `session_id` always; the
/// workspace's `account_id` and the vendor's `state` only for the browser that holds
/// the session (anyone else who learnt the session's id learns nothing more).
fn destination(session: &ConnectSession, url: &ReturnUrl, holder: bool, now: i64) -> String {
    let status = ReturnStatus::of(session, now);
    let mut pairs = vec![
        ("status", status.as_str()),
        ("session_id", session.id.as_str()),
    ];
    if holder {
        pairs.push(("account_id", session.account_id.as_str()));
        if let Some(state) = &session.state {
            pairs.push(("state", state.as_str()));
        }
    }
    url.with_query(pairs)
}

/// Where `/vendor/connect/back/{session_id}` sends this browser: `None` for an unknown
/// session or one that named no return URL.
pub async fn back_to_vendor(
    db: &db::Db,
    session_id: &str,
    cookies: &BrowserCookies<'_>,
) -> Result<Option<String>, sqlx::Error> {
    let Ok(reference @ SessionRef::Id(_)) = SessionRef::parse(session_id) else {
        return Ok(None);
    };
    let Some(session) = super::claim::lookup(db, &reference).await? else {
        return Ok(None);
    };
    let Some(url) = session.return_url.clone().map(ReturnUrl::from_stored) else {
        return Ok(None);
    };
    let holder = binding::holds(&session, cookies);
    Ok(Some(destination(&session, &url, holder, db::now_ms())))
}
