//! Single-use links, valid 72 hours, with which a vendor's user sets a password and a
//! TOTP second factor: the first invitation of a user, or a reset of their sign-in by an
//! owner or staff. The link's token is shown once to whoever made it; only its SHA-256
//! is kept. A new link of a user ends their earlier unused ones.

use super::{
    audit,
    mail::{send_link, LinkMail, Mailer},
    no_such_user, totp,
};
use crate::model::Named;
use crate::services::{staff::passwords, vendors::require_vendor, Actor, ServiceError};
use crate::{
    crypto::Keyring,
    db::{
        self,
        browser_sessions::SessionTable,
        vendor_invitations::{NewInvitation, INVITE, RESET},
    },
    domain::{InvitationToken, NewPassword, StaffEmail},
    model::VendorRole,
};

/// How long a link works.
pub const VALID_MS: i64 = 72 * 60 * 60 * 1000;
/// Where a link leads.
pub const PAGE_PATH: &str = "/console/invitation";

/// A link just made: its address holds the token and is in this value only.
#[derive(Debug)]
pub struct CreatedLink {
    pub user_id: String,
    pub link: String,
    pub email: String,
    pub vendor_name: String,
    pub is_reset: bool,
}

/// E-mails a link just made when the server has a mailer (and knows its own address
/// for the link): `None` when it has none.
pub async fn email(
    mailer: Option<&Mailer>,
    site_url: Option<&str>,
    created: &CreatedLink,
) -> Option<Result<(), &'static str>> {
    let (mailer, site_url) = (mailer?, site_url?);
    let link = format!("{site_url}{}", created.link);
    let mail = LinkMail {
        to: &created.email,
        vendor_name: &created.vendor_name,
        link: &link,
        is_reset: created.is_reset,
    };
    Some(send_link(mailer, mail).await)
}

/// What the link's page shows before the user sets their password.
#[derive(Debug, Clone)]
pub struct OpenLink {
    pub email: String,
    pub vendor_name: String,
    pub is_reset: bool,
    /// The TOTP key to type into an authenticator app, and its `otpauth://` address.
    pub typed_key: String,
    pub otpauth_url: String,
}

/// Makes a link for `user_id` of `vendor_id`.
async fn issue(
    db: &db::Db,
    keyring: &Keyring,
    vendor_id: &str,
    user_id: &str,
    purpose: &str,
) -> Result<String, ServiceError> {
    let token = InvitationToken::generate();
    let hash = token.hash();
    let totp = keyring.seal(&totp::new_key(), hash.as_str());
    let invitation = NewInvitation {
        vendor_id,
        user_id,
        purpose,
        totp: &totp,
        expires_at: db::now_ms() + VALID_MS,
    };
    db::vendor_invitations::insert(db, &hash, &invitation).await?;
    Ok(format!("{PAGE_PATH}?token={}", token.expose()))
}

/// Invites `email` into the vendor's team with `role`.
pub async fn invite(
    db: &db::Db,
    keyring: &Keyring,
    actor: Actor<'_>,
    vendor_id: &str,
    email: &str,
    role: &str,
) -> Result<CreatedLink, ServiceError> {
    let email = StaffEmail::parse(email)?;
    let role = VendorRole::parse(role.trim())?;
    let vendor = require_vendor(db, vendor_id).await?;
    let Some(user_id) =
        db::vendor_users::insert_invited(db, vendor_id, email.as_str(), role).await?
    else {
        return Err(ServiceError::Conflict(
            "this email address already has a console account".into(),
        ));
    };
    let link = issue(db, keyring, vendor_id, &user_id, INVITE).await?;
    let detail = format!("{} {}", role.as_str(), email.as_str());
    let target = (vendor_id, user_id.as_str());
    audit(db, actor, "vendor_user.invite", target, Some(&detail)).await?;
    Ok(CreatedLink {
        user_id,
        link,
        email: email.as_str().to_owned(),
        vendor_name: vendor.name,
        is_reset: false,
    })
}

/// A new link for an existing user to set a new password and second factor. Their
/// sessions end when it is used.
pub async fn reset(
    db: &db::Db,
    keyring: &Keyring,
    actor: Actor<'_>,
    vendor_id: &str,
    user_id: &str,
) -> Result<CreatedLink, ServiceError> {
    let user = db::vendor_users::find(db, vendor_id, user_id)
        .await?
        .ok_or_else(|| no_such_user(user_id))?;
    let vendor = require_vendor(db, vendor_id).await?;
    let purpose = if user.is_activated() { RESET } else { INVITE };
    let link = issue(db, keyring, vendor_id, user_id, purpose).await?;
    audit(db, actor, "vendor_user.reset", (vendor_id, user_id), None).await?;
    Ok(CreatedLink {
        user_id: user.id,
        link,
        email: user.email,
        vendor_name: vendor.name,
        is_reset: purpose == RESET,
    })
}

/// The link behind `raw_token`, if it still works; `NotFound` for an unknown link,
/// `Conflict` for one used or expired.
async fn usable(
    db: &db::Db,
    raw_token: &str,
) -> Result<(db::vendor_invitations::Invitation, String), ServiceError> {
    let unknown = || ServiceError::NotFound("this invitation link is not valid".into());
    let token = InvitationToken::parse(raw_token.trim()).map_err(|_| unknown())?;
    let hash = token.hash();
    let invitation = db::vendor_invitations::find(db, &hash)
        .await?
        .ok_or_else(unknown)?;
    if invitation.used_at.is_some() {
        return Err(ServiceError::Conflict(
            "this invitation link has already been used; ask an owner of your team for a new one"
                .into(),
        ));
    }
    if invitation.expires_at <= db::now_ms() {
        return Err(ServiceError::Conflict(
            "this invitation link has expired; ask an owner of your team for a new one".into(),
        ));
    }
    Ok((invitation, hash.as_str().to_owned()))
}

fn totp_key(
    keyring: &Keyring,
    invitation: &db::vendor_invitations::Invitation,
    hash: &str,
) -> Result<Vec<u8>, ServiceError> {
    keyring
        .open(&invitation.totp_key_id, &invitation.totp_ciphertext, hash)
        .map_err(|_| {
            tracing::error!("an invitation's key did not open");
            ServiceError::Conflict(
                "this invitation link can no longer be used; ask for a new one".into(),
            )
        })
}

/// What the link's page shows.
pub async fn open(
    db: &db::Db,
    keyring: &Keyring,
    raw_token: &str,
) -> Result<OpenLink, ServiceError> {
    let (invitation, hash) = usable(db, raw_token).await?;
    let key = totp_key(keyring, &invitation, &hash)?;
    Ok(OpenLink {
        typed_key: totp::typed_key(&key),
        otpauth_url: totp::otpauth_url(&key, &invitation.email),
        is_reset: invitation.purpose == RESET,
        email: invitation.email,
        vendor_name: invitation.vendor_name,
    })
}

/// What the user sends to accept a link.
#[derive(Debug, Clone, Copy)]
pub struct Acceptance<'a> {
    pub token: &'a str,
    pub password: &'a str,
    /// A current code of the authenticator app that took the link's key.
    pub code: &'a str,
    pub source_ip: Option<&'a str>,
    /// The vendor of the console session this browser already holds, if any.
    pub signed_in_vendor: Option<&'a str>,
}

/// Sets the user's password and second factor and spends the link; returns the user's
/// id. Nothing changes unless the password is acceptable and the code matches.
pub async fn accept(
    db: &db::Db,
    keyring: &Keyring,
    acceptance: Acceptance<'_>,
) -> Result<String, ServiceError> {
    let (invitation, hash) = usable(db, acceptance.token).await?;
    // A browser signed in to another vendor's console does not take this vendor's link:
    // whoever holds it would mix up the two accounts.
    if acceptance
        .signed_in_vendor
        .is_some_and(|vendor| vendor != invitation.vendor_id)
    {
        return Err(ServiceError::Conflict(
            "this browser is signed in to another vendor's console: sign out first".into(),
        ));
    }
    let password = NewPassword::parse(acceptance.password)?;
    let key = totp_key(keyring, &invitation, &hash)?;
    let step = totp::matching_step(&key, acceptance.code).ok_or_else(|| {
        ServiceError::Invalid(
            "`code` does not match: type the 6 digits your authenticator app shows now".into(),
        )
    })?;
    if !db::vendor_invitations::spend(db, &invitation.id).await? {
        return Err(ServiceError::Conflict(
            "this invitation link has already been used".into(),
        ));
    }
    let password_hash = passwords::hash(&password).await;
    let user_id = invitation.user_id.as_str();
    let sealed = keyring.seal(&key, user_id);
    db::vendor_users::set_credentials(db, user_id, &password_hash, &sealed).await?;
    db::vendor_users::spend_step(db, user_id, step).await?;
    db::browser_sessions::delete_for(db, SessionTable::Console, user_id).await?;
    let actor = Actor::vendor_user(user_id, acceptance.source_ip);
    let target = (invitation.vendor_id.as_str(), user_id);
    let action = if invitation.purpose == RESET {
        "vendor_user.reset_done"
    } else {
        "vendor_user.accept"
    };
    audit(db, actor, action, target, None).await?;
    Ok(invitation.user_id)
}
