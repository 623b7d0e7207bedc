//! Staff sign-in: passwords checked against Argon2id hashes, throttled per account and
//! address together and per address, and sessions held by a random cookie whose SHA-256
//! is stored.
//!
//! Throttling reserves the attempt before the password is hashed (an atomic count per
//! window), so simultaneous guesses cannot all slip past a count read earlier. It counts
//! per email *and* address, so a stranger's guesses from elsewhere never lock a staff
//! member out of their own address, and per address over every email, which stops
//! one address from spraying many accounts.

use super::passwords;
use crate::services::{Actor, ServiceError};
use crate::{
    db::{self, audit::AuditEntry, staff_sessions::SignedIn},
    domain::{StaffEmail, StaffSessionToken},
};

/// A session ends after an hour without use...
pub const IDLE_MS: i64 = 60 * 60 * 1000;
/// ...and twelve hours after sign-in in any case.
pub const ABSOLUTE_MS: i64 = 12 * 60 * 60 * 1000;
/// Attempts are counted over fixed windows of this length.
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// After this many failures for one email from one address in a window, that pair is
/// refused until the window ends...
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// ...and after this many from one address, whatever the email, that address is.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
/// `last_seen_at` is written at most this often.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

const FAILED: &str = "staff.sign_in_failed";

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

/// A successful sign-in: the cookie's value (shown to this browser only).
#[derive(Debug)]
pub struct SignedInSession {
    pub token: StaffSessionToken,
    pub staff_id: String,
}

/// The email as it is counted and audited, even when it is not a valid address.
fn attempted_email(raw: &str) -> String {
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

async fn record(
    db: &db::Db,
    action: &str,
    staff_id: Option<&str>,
    email: &str,
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
            target_id: Some(email),
            source_ip,
            detail,
            ..AuditEntry::default()
        },
    )
    .await
}

/// Signs a staff member in. `previous` is the cookie the browser already had: that
/// session ends, so every sign-in gets a fresh cookie.
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    db: &db::Db,
    email: &str,
    password: &str,
    source_ip: Option<&str>,
    previous: Option<&str>,
) -> Result<SignedInSession, SignInError> {
    let email = attempted_email(email);
    let address = source_ip.unwrap_or("unknown");
    let buckets = [
        format!("sign-in:{email}|{address}"),
        format!("sign-in-address:{address}"),
    ];
    // Reserved before the password is checked: a failure keeps its place.
    let pair = db::rate_windows::hit(db, &buckets[0], THROTTLE_WINDOW_MS).await?;
    let by_address = db::rate_windows::hit(db, &buckets[1], THROTTLE_WINDOW_MS).await?;
    if pair.count > MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS
        || by_address.count > MAX_FAILURES_PER_ADDRESS
    {
        record(db, FAILED, None, &email, source_ip, Some("throttled")).await?;
        let ends_at = pair.ends_at.max(by_address.ends_at);
        let minutes = (ends_at - db::now_ms() + 59_999) / 60_000;
        return Err(SignInError::Throttled {
            minutes: u32::try_from(minutes.max(1)).unwrap_or(15),
        });
    }
    let give_back = async || -> Result<(), sqlx::Error> {
        for bucket in &buckets {
            db::rate_windows::take_back(db, bucket, THROTTLE_WINDOW_MS).await?;
        }
        Ok(())
    };
    let account = db::staff_users::credentials(db, &email).await?;
    let (staff_id, stored) = match account {
        Some((id, hash)) => (Some(id), Some(hash)),
        None => (None, None),
    };
    match passwords::verify(password, stored).await {
        Ok(true) => give_back().await?,
        Ok(false) => {
            record(db, FAILED, None, &email, source_ip, None).await?;
            return Err(SignInError::BadCredentials);
        }
        Err(passwords::Busy) => {
            give_back().await?;
            return Err(SignInError::Busy);
        }
    }
    let staff_id = staff_id.expect("a matching password has an account");
    if let Some(previous) = previous.and_then(|p| StaffSessionToken::parse(p).ok()) {
        db::staff_sessions::delete(db, &previous.hash()).await?;
    }
    let token = StaffSessionToken::generate();
    db::staff_sessions::insert(
        db,
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
    Ok(SignedInSession { token, staff_id })
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
        if db::now_ms() - s.last_seen_at >= TOUCH_EVERY_MS {
            db::staff_sessions::touch(db, &hash).await?;
        }
    }
    Ok(signed_in)
}

/// Ends the session of this cookie.
#[tracing::instrument(skip_all)]
pub async fn sign_out(db: &db::Db, actor: Actor<'_>, cookie: &str) -> Result<(), ServiceError> {
    if let Ok(token) = StaffSessionToken::parse(cookie) {
        db::staff_sessions::delete(db, &token.hash()).await?;
    }
    db::audit::record(db, actor.doing("staff.sign_out")).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::attempted_email;

    #[test]
    fn attempts_are_counted_under_the_normalised_email() {
        assert_eq!(attempted_email(" Ada@X.io "), "ada@x.io");
        assert_eq!(attempted_email(" Not An Email "), "not an email");
        assert_eq!(attempted_email(&"x".repeat(400)).len(), 254);
    }
}
