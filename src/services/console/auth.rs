//! Console sign-in: email, password (Argon2id, as staff's) and a TOTP code, throttled as
//! staff sign-in is (under a bucket of its own), with sessions held by a random cookie
//! whose SHA-256 is stored, ending after the same idle and absolute times as staff's.

use super::totp;
use crate::services::staff::{
    auth::{attempted_email, audited_target, SignInError},
    passwords,
    throttle::{self, Attempt, Verdict},
};
use crate::services::{Actor, ServiceError};
use crate::{
    crypto::Keyring,
    db::{self, audit::AuditEntry, browser_sessions::SessionTable, vendor_users::SignedInUser},
    domain::ConsoleSessionToken,
};

pub use crate::services::staff::auth::{ABSOLUTE_MS, IDLE_MS};

const FAILED: &str = "vendor_user.sign_in_failed";
const THROTTLED: &str = "vendor_user.sign_in_throttled";

/// What the browser sent to sign in with.
#[derive(Debug, Clone, Copy)]
pub struct Credentials<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub code: &'a str,
    pub source_ip: Option<&'a str>,
    /// The console cookie the browser already had: that session ends.
    pub previous: Option<&'a str>,
}

/// A successful sign-in: the cookie's value (shown to this browser only).
#[derive(Debug)]
pub struct ConsoleSession {
    pub token: ConsoleSessionToken,
    pub user_id: String,
    /// The user's vendor (`None` only if the user was deleted meanwhile).
    pub vendor_id: Option<String>,
}

async fn record_failure(
    db: &db::Db,
    action: &str,
    target: &str,
    source_ip: Option<&str>,
    detail: Option<&str>,
) -> Result<(), sqlx::Error> {
    db::audit::record(
        db,
        AuditEntry {
            actor_kind: "vendor_user",
            action,
            target_kind: Some("vendor_user_email"),
            target_id: Some(target),
            source_ip,
            detail,
            ..AuditEntry::default()
        },
    )
    .await
}

/// Whether the password and the code are right (the code's step then spent).
async fn check(
    db: &db::Db,
    keyring: &Keyring,
    account: &db::vendor_users::Credentials,
    credentials: &Credentials<'_>,
) -> Result<bool, SignInError> {
    match passwords::verify(credentials.password, Some(account.password_hash.clone())).await {
        Ok(true) => {}
        Ok(false) => return Ok(false),
        Err(passwords::Busy) => return Err(SignInError::Busy),
    }
    let Ok(key) = keyring.open(&account.totp_key_id, &account.totp_ciphertext, &account.id) else {
        tracing::error!("a console user's second factor did not open");
        return Ok(false);
    };
    let Some(step) = totp::matching_step(&key, credentials.code) else {
        return Ok(false);
    };
    Ok(db::vendor_users::spend_step(db, &account.id, step).await?)
}

/// Signs a vendor's user in. Unknown accounts, wrong passwords, wrong or reused codes
/// are all the same `BadCredentials`, counted by the throttle.
#[tracing::instrument(skip_all)]
pub async fn sign_in(
    db: &db::Db,
    keyring: &Keyring,
    credentials: Credentials<'_>,
) -> Result<ConsoleSession, SignInError> {
    let email = attempted_email(credentials.email);
    let source_ip = credentials.source_ip;
    let account = db::vendor_users::credentials(db, &email).await?;
    let counted_as = format!("console:{email}");
    let attempt = Attempt {
        email: &counted_as,
        address: source_ip,
        known_device: false,
    };
    let reservation = match throttle::reserve(db, &attempt).await? {
        Verdict::Go(reservation) => reservation,
        Verdict::Throttled { minutes } => {
            crate::observe::record::sign_in_refused();
            return Err(SignInError::Throttled { minutes });
        }
    };
    let passed = match &account {
        Some(account) => check(db, keyring, account, &credentials).await,
        None => {
            // The same work as for an account, so that timing does not tell them apart.
            let _ = passwords::verify(credentials.password, None).await;
            Ok(false)
        }
    };
    let account = match (passed, account) {
        (Ok(true), Some(account)) => {
            throttle::give_back(db, &reservation).await?;
            account
        }
        (Err(SignInError::Busy), _) => {
            throttle::give_back(db, &reservation).await?;
            return Err(SignInError::Busy);
        }
        (Err(other), _) => return Err(other),
        (Ok(_), account) => {
            let target = audited_target(&email, account.is_some());
            record_failure(db, FAILED, &target, source_ip, None).await?;
            if let Some(closed) = reservation.closes {
                let detail = format!("throttled: too many failures for this {closed}");
                record_failure(db, THROTTLED, &target, source_ip, Some(&detail)).await?;
            }
            return Err(SignInError::BadCredentials);
        }
    };
    if let Some(previous) = credentials
        .previous
        .and_then(|p| ConsoleSessionToken::parse(p).ok())
    {
        db::browser_sessions::delete(db, SessionTable::Console, &previous.hash()).await?;
    }
    start(db, &account.id, source_ip).await
}

/// Starts a session for a user who just proved who they are.
pub async fn start(
    db: &db::Db,
    user_id: &str,
    source_ip: Option<&str>,
) -> Result<ConsoleSession, SignInError> {
    let token = ConsoleSessionToken::generate();
    let expires_at = db::now_ms() + ABSOLUTE_MS;
    let table = SessionTable::Console;
    db::browser_sessions::insert(db, table, &token.hash(), user_id, expires_at, source_ip).await?;
    let vendor_id = db::vendor_users::vendor_of(db, user_id).await?;
    db::audit::record(
        db,
        AuditEntry {
            target_kind: Some("vendor_user"),
            target_id: Some(user_id),
            vendor_id: vendor_id.as_deref(),
            ..Actor::vendor_user(user_id, source_ip).doing("vendor_user.sign_in")
        },
    )
    .await?;
    Ok(ConsoleSession {
        token,
        user_id: user_id.to_owned(),
        vendor_id,
    })
}

/// The user signed in with this cookie, if the session is live; keeps it alive.
#[tracing::instrument(skip_all)]
pub async fn authenticate(
    db: &db::Db,
    cookie: Option<&str>,
) -> Result<Option<SignedInUser>, ServiceError> {
    let Some(token) = cookie.and_then(|c| ConsoleSessionToken::parse(c).ok()) else {
        return Ok(None);
    };
    let hash = token.hash();
    let signed_in = db::vendor_users::find_live(db, &hash, IDLE_MS).await?;
    if let Some(s) = &signed_in {
        db::browser_sessions::keep_alive(db, SessionTable::Console, &hash, s.last_seen_at).await?;
    }
    Ok(signed_in)
}

/// Ends the session of this cookie.
#[tracing::instrument(skip_all)]
pub async fn sign_out(
    db: &db::Db,
    actor: Actor<'_>,
    vendor_id: &str,
    cookie: &str,
) -> Result<(), ServiceError> {
    if let Ok(token) = ConsoleSessionToken::parse(cookie) {
        db::browser_sessions::delete(db, SessionTable::Console, &token.hash()).await?;
    }
    db::audit::record(
        db,
        AuditEntry {
            vendor_id: Some(vendor_id),
            ..actor.doing("vendor_user.sign_out")
        },
    )
    .await?;
    Ok(())
}
