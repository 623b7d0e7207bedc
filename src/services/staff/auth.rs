//! Staff sign-in: passwords checked against Argon2id hashes, throttled (`throttle`),
//! and sessions held by a random cookie whose SHA-256 is stored.

use sha2::{Digest, Sha256};

use super::{
    devices, passwords,
    throttle::{self, Attempt, Verdict},
};
use crate::services::{Actor, ServiceError};
use crate::{
    crypto::Keyring,
    db::{self, audit::AuditEntry, browser_sessions::SessionTable, staff_sessions::SignedIn},
    domain::{StaffEmail, StaffSessionToken},
};

pub use throttle::{
    MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS, MAX_FAILURES_PER_ADDRESS,
    THROTTLE_WINDOW_MS,
};

/// A session ends after an hour without use...
pub const IDLE_MS: i64 = 60 * 60 * 1000;
/// ...and twelve hours after sign-in in any case.
pub const ABSOLUTE_MS: i64 = 12 * 60 * 60 * 1000;

const FAILED: &str = "staff.sign_in_failed";
const THROTTLED: &str = "staff.sign_in_throttled";

/// Why signing in did not work. Unknown accounts, disabled accounts and wrong passwords
/// are the same `BadCredentials`.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("bad credentials")]
    BadCredentials,
    #[error("throttled")]
    Throttled { minutes: u32 },
    /// Too many sign-ins are waiting for a password check right now.
    #[error("busy")]
    Busy,
    #[error(transparent)]
    Internal(#[from] sqlx::Error),
}

/// A successful sign-in: the cookies' values (shown to this browser only).
#[derive(Debug)]
pub struct SignedInSession {
    pub token: StaffSessionToken,
    pub staff_id: String,
    /// The device cookie this browser keeps (see `devices`).
    pub device: String,
}

/// What the browser sent to sign in with.
#[derive(Debug, Clone, Copy)]
pub struct Credentials<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub source_ip: Option<&'a str>,
    /// The session cookie the browser already had: that session ends, so every sign-in
    /// gets a fresh cookie.
    pub previous: Option<&'a str>,
    /// The browser's device cookie, if it has one.
    pub device: Option<&'a str>,
}

/// The email as it is counted, even when it is not a valid address.
pub(crate) fn attempted_email(raw: &str) -> String {
    StaffEmail::parse(raw)
        .map(|e| e.as_str().to_owned())
        .unwrap_or_else(|_| {
            raw.trim()
                .to_lowercase()
                .chars()
                .take(StaffEmail::MAX_CHARS)
                .collect()
        })
}

/// What the audit log names a failed attempt by: the email of a staff account, else a
/// short hash (what was typed may be anything, a password among them). The hash still
/// tells repeated attempts at the same unknown name apart from new ones.
pub(crate) fn audited_target(email: &str, is_account: bool) -> String {
    if is_account {
        return email.to_owned();
    }
    let digest = Sha256::digest(email.as_bytes());
    format!("sha256:{}", &hex::encode(digest)[..16])
}

async fn record(
    db: &db::Db,
    action: &str,
    staff_id: Option<&str>,
    target: &str,
    source_ip: Option<&str>,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    db::audit::record(
        db,
        AuditEntry {
            actor_kind: "staff",
            actor_id: staff_id,
            action,
            target_kind: Some("staff_email"),
            target_id: Some(target),
            source_ip,
            detail,
            ..AuditEntry::default()
        },
    )
    .await
}

/// Signs a staff member in. Throttled attempts are refused before anything is written;
/// a failure is audited, and the failure that starts a refusal once more with what it
/// closes, so a flood leaves one line per address and window, not one per request.
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    db: &db::Db,
    keyring: &Keyring,
    credentials: Credentials<'_>,
) -> Result<SignedInSession, SignInError> {
    let email = attempted_email(credentials.email);
    let source_ip = credentials.source_ip;
    let account = db::staff_users::credentials(db, &email).await?;
    let known_device = account
        .as_ref()
        .is_some_and(|(id, _)| devices::is_trusted(keyring, credentials.device, id));
    let attempt = Attempt {
        email: &email,
        address: source_ip,
        known_device,
    };
    let reservation = match throttle::reserve(db, &attempt).await? {
        Verdict::Go(reservation) => reservation,
        Verdict::Throttled { minutes } => {
            crate::observe::record::sign_in_refused();
            return Err(SignInError::Throttled { minutes });
        }
    };
    let (staff_id, stored) = match account {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    match passwords::verify(credentials.password, stored).await {
        Ok(true) => throttle::give_back(db, &reservation).await?,
        Ok(false) => {
            let target = audited_target(&email, staff_id.is_some());
            record(db, FAILED, None, &target, source_ip, None).await?;
            if let Some(closed) = reservation.closes {
                let detail = format!("throttled: too many failures for this {closed}");
                record(db, THROTTLED, None, &target, source_ip, Some(&detail)).await?;
            }
            return Err(SignInError::BadCredentials);
        }
        Err(passwords::Busy) => {
            throttle::give_back(db, &reservation).await?;
            return Err(SignInError::Busy);
        }
    }
    let staff_id = staff_id.expect("a matching password has an account");
    if let Some(previous) = credentials
        .previous
        .and_then(|p| StaffSessionToken::parse(p).ok())
    {
        db::browser_sessions::delete(db, SessionTable::Staff, &previous.hash()).await?;
    }
    let token = StaffSessionToken::generate();
    db::browser_sessions::insert(
        db,
        SessionTable::Staff,
        &token.hash(),
        &staff_id,
        db::now_ms() + ABSOLUTE_MS,
        source_ip,
    )
    .await?;
    record(
        db,
        "staff.sign_in",
        Some(&staff_id),
        &email,
        source_ip,
        None,
    )
    .await?;
    let device = devices::issue(keyring, &staff_id);
    Ok(SignedInSession {
        token,
        staff_id,
        device,
    })
}

/// The staff member signed in with this cookie, if the session is live; keeps it alive.
#[tracing::instrument(skip_all)]
pub async fn authenticate(
    db: &db::Db,
    cookie: Option<&str>,
) -> Result<Option<SignedIn>, ServiceError> {
    let Some(token) = cookie.and_then(|c| StaffSessionToken::parse(c).ok()) else {
        return Ok(None);
    };
    let hash = token.hash();
    let signed_in = db::staff_sessions::find_live(db, &hash, IDLE_MS).await?;
    if let Some(s) = &signed_in {
        db::browser_sessions::keep_alive(db, SessionTable::Staff, &hash, s.last_seen_at).await?;
    }
    Ok(signed_in)
}

/// Ends the session of this cookie.
#[tracing::instrument(skip_all)]
pub async fn sign_out(db: &db::Db, actor: Actor<'_>, cookie: &str) -> Result<(), ServiceError> {
    if let Ok(token) = StaffSessionToken::parse(cookie) {
        db::browser_sessions::delete(db, SessionTable::Staff, &token.hash()).await?;
    }
    db::audit::record(db, actor.doing("staff.sign_out")).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{attempted_email, audited_target};

    #[test]
    fn only_a_staff_accounts_email_is_audited_as_typed() {
        assert_eq!(audited_target("ada@x.io", true), "ada@x.io");
        let hidden = audited_target("hunter2-my-password", false);
        assert!(
            hidden.starts_with("sha256:") && hidden.len() == 23,
            "{hidden}"
        );
        assert!(!hidden.contains("hunter2"));
        assert_eq!(hidden, audited_target("hunter2-my-password", false));
    }

    #[test]
    fn attempts_are_counted_under_the_normalised_email() {
        assert_eq!(attempted_email(" Ada@X.io "), "ada@x.io");
        assert_eq!(attempted_email(" Not An Email "), "not an email");
        assert_eq!(attempted_email(&"x".repeat(400)).len(), 254);
    }
}
