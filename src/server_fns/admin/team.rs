//! A vendor's team in the vendor console: invitations, resets, roles. Staff who may
//! change and the vendor's owners manage it; every user of the vendor sees it on the
//! vendor's page.

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::{caller::Need, outcome::Outcome, run};
#[cfg(feature = "ssr")]
use crate::model::admin::MailOutcome;
use crate::model::admin::{AdminError, CreatedLinkView};
#[cfg(feature = "ssr")]
use crate::services::console;

#[cfg(feature = "ssr")]
fn link_outcome(created: &CreatedLinkView, what: &str) -> Outcome {
    let how = match created.mail {
        MailOutcome::Sent => "It was e-mailed; here it is once more (shown once, valid 72 hours):",
        MailOutcome::Failed => {
            "It could not be e-mailed: send this link yourself (shown once, valid 72 hours):"
        }
        MailOutcome::Off => "Send this link (shown once, valid 72 hours):",
    };
    Outcome::secret(format!("{what} {how}"), created.link.clone())
}

/// The answer for a link just made, e-mailed first when the server can.
#[cfg(feature = "ssr")]
async fn link_view(
    state: &crate::state::AppState,
    created: console::invitations::CreatedLink,
) -> CreatedLinkView {
    let mailer = state.mailer.as_deref();
    let mail = match console::invitations::email(mailer, state.site_url.as_deref(), &created).await
    {
        None => MailOutcome::Off,
        Some(Ok(())) => MailOutcome::Sent,
        Some(Err(_)) => MailOutcome::Failed,
    };
    CreatedLinkView {
        user_id: created.user_id,
        link: created.link,
        mail,
    }
}

/// Invites `email` into the vendor's team with `role` (`owner`, `developer`, `viewer`);
/// the single-use link is in this answer only.
#[server(prefix = "/api/admin", endpoint = "team/invite")]
pub async fn invite_user(
    vendor_id: String,
    email: String,
    role: String,
) -> Result<CreatedLinkView, AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Team,
        async |state, actor| {
            let keyring = state.meta.keyring();
            let created =
                console::invitations::invite(&state.db, keyring, actor, &vendor_id, &email, &role)
                    .await?;
            Ok(link_view(state, created).await)
        },
        |created| link_outcome(created, "Invitation made."),
    )
    .await
}

/// A new link for a user to set a new password and second factor (or, for one who never
/// accepted, a new invitation); their sessions end when it is used.
#[server(prefix = "/api/admin", endpoint = "team/reset")]
pub async fn reset_user(vendor_id: String, user_id: String) -> Result<CreatedLinkView, AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Team,
        async |state, actor| {
            let keyring = state.meta.keyring();
            let created =
                console::invitations::reset(&state.db, keyring, actor, &vendor_id, &user_id)
                    .await?;
            Ok(link_view(state, created).await)
        },
        |created| link_outcome(created, "Reset link made."),
    )
    .await
}

/// Gives a user of the vendor another role.
#[server(prefix = "/api/admin", endpoint = "team/set-role")]
pub async fn set_user_role(
    vendor_id: String,
    user_id: String,
    role: String,
) -> Result<(), AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Team,
        async |state, actor| {
            console::team::set_role(&state.db, actor, &vendor_id, &user_id, &role).await
        },
        |_| Outcome::notice("Role saved."),
    )
    .await
}

/// Disables a user of the vendor (their sessions end) or enables them again.
#[server(prefix = "/api/admin", endpoint = "team/set-disabled")]
pub async fn set_user_disabled(
    vendor_id: String,
    user_id: String,
    disabled: bool,
) -> Result<(), AdminError> {
    run::vendor_change(
        &vendor_id,
        Need::Team,
        async |state, actor| {
            console::team::set_disabled(&state.db, actor, &vendor_id, &user_id, disabled).await
        },
        |_| {
            Outcome::notice(if disabled {
                "User disabled: their sessions have ended."
            } else {
                "User enabled."
            })
        },
    )
    .await
}

/// The role names a form offers, for the pages.
pub fn vendor_roles() -> [&'static str; 3] {
    ["owner", "developer", "viewer"]
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use crate::model::{Named, VendorRole};

    #[test]
    fn the_forms_offer_every_role() {
        let named: Vec<&str> = VendorRole::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(named, super::vendor_roles());
    }
}
