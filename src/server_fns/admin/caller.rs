//! Who is calling an admin or console server function, and how the call ends: a JSON
//! answer for the enhanced pages, or a redirect (with a one-time message) for forms
//! posted without JavaScript.
//!
//! The caller is a staff member (the admin area, every vendor) or a vendor's user (the
//! vendor console, their own vendor only). A call about one vendor says which with
//! `for_vendor`: another vendor's id answers 404 to a vendor's user, as if it did not
//! exist, and a change their role does not allow answers 403.

use axum::http::{header, request::Parts, Method};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

pub use super::principal::{Need, Principal, Staff};
use crate::{
    db::{browser_sessions::SessionTable, vendor_users::SignedInUser},
    domain::TokenHash,
    http::{client_address::client_address, staff_cookie::StaffCookie},
    model::admin::{AdminError, ConsoleUserView, Flash, FlashKind},
    server_fns::admin::outcome::Outcome,
    services::{console, staff, Actor, ServiceError},
    state::AppState,
};

/// The request behind the current server function call or page render.
pub struct Caller {
    pub state: AppState,
    parts: Parts,
    pub source_ip: Option<String>,
}

/// A failed database call of `what`, logged: `Unavailable` (503) when the database cannot
/// serve for a moment, `Internal` otherwise. The driver's message goes to the log only.
pub fn database_failure(error: &sqlx::Error, what: &'static str) -> AdminError {
    if crate::db::log_failure(error, what) {
        AdminError::Unavailable
    } else {
        AdminError::Internal
    }
}

/// The message of an internal failure goes to the log only.
impl From<ServiceError> for AdminError {
    fn from(error: ServiceError) -> Self {
        match error {
            ServiceError::Unauthorized(_) => Self::SignedOut,
            ServiceError::Invalid(m) => Self::Invalid(m),
            ServiceError::Forbidden(_) => Self::Forbidden,
            ServiceError::NotFound(m) => Self::NotFound(m),
            ServiceError::Conflict(m) => Self::Conflict(m),
            ServiceError::Internal(e) => database_failure(&e, "an admin action"),
        }
    }
}

impl Caller {
    pub fn current() -> Result<Self, AdminError> {
        let state = use_context::<AppState>().ok_or(AdminError::Internal)?;
        let parts = use_context::<Parts>().ok_or(AdminError::Internal)?;
        let source_ip = client_address(&parts, &state.settings.trusted_proxies);
        // Admin answers hold data for one staff member (and secrets shown once).
        if let Some(response) = use_context::<ResponseOptions>() {
            response.insert_header(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-store"),
            );
        }
        Ok(Self {
            state,
            parts,
            source_ip,
        })
    }

    /// The staff session cookie of this environment.
    pub fn staff_cookie(&self) -> StaffCookie {
        StaffCookie::for_environment(self.state.settings.environment)
    }

    /// The device cookie of this environment (`staff::devices`).
    pub fn device_cookie_spec(&self) -> StaffCookie {
        StaffCookie::device_for_environment(self.state.settings.environment)
    }

    /// The device cookie this request carries.
    pub fn device_cookie(&self) -> Option<String> {
        self.device_cookie_spec().read(&self.parts.headers)
    }

    /// The staff session cookie this request carries.
    pub fn cookie(&self) -> Option<String> {
        self.staff_cookie().read(&self.parts.headers)
    }

    /// The vendor console's session cookie of this environment.
    pub fn console_cookie_spec(&self) -> StaffCookie {
        StaffCookie::console_for_environment(self.state.settings.environment)
    }

    /// The console session cookie this request carries.
    pub fn console_cookie(&self) -> Option<String> {
        self.console_cookie_spec().read(&self.parts.headers)
    }

    /// The vendor's user signed in to the console, if any.
    pub async fn console_user(&self) -> Result<Option<SignedInUser>, AdminError> {
        let cookie = self.console_cookie();
        Ok(console::auth::authenticate(&self.state.db, cookie.as_deref()).await?)
    }

    /// The signed-in console user; signed out otherwise.
    pub async fn console_user_view(&self) -> Result<ConsoleUserView, AdminError> {
        let user = self.console_user().await?.ok_or(AdminError::SignedOut)?;
        Ok(ConsoleUserView {
            user_id: user.user_id,
            email: user.email,
            role: user.role,
            vendor_id: user.vendor_id,
            vendor_name: user.vendor_name,
        })
    }

    /// Who is signed in: a staff member first, else a vendor's user.
    pub async fn principal(&self) -> Result<Principal, AdminError> {
        let cookie = self.cookie();
        if let Some(signed_in) =
            staff::auth::authenticate(&self.state.db, cookie.as_deref()).await?
        {
            return Ok(Principal::Staff(Staff {
                id: signed_in.staff_id,
                email: signed_in.email,
                role: signed_in.role,
            }));
        }
        match self.console_user().await? {
            Some(user) => Ok(Principal::VendorUser(user)),
            None => Err(AdminError::SignedOut),
        }
    }

    /// The caller, if they may do `need` about `vendor_id`. A vendor's user asking about
    /// another vendor gets the answer of a vendor that does not exist.
    pub async fn for_vendor(&self, vendor_id: &str, need: Need) -> Result<Principal, AdminError> {
        let principal = self.principal().await?;
        if let Principal::VendorUser(user) = &principal {
            if user.vendor_id != vendor_id {
                return Err(AdminError::NotFound(format!(
                    "no vendor with id {vendor_id}"
                )));
            }
        }
        if !principal.allows(need) {
            return Err(AdminError::Forbidden);
        }
        Ok(principal)
    }

    /// The audit log's actor for `principal`.
    pub fn actor_of<'a>(&'a self, principal: &'a Principal) -> Actor<'a> {
        match principal {
            Principal::Staff(staff) => self.actor(staff),
            Principal::VendorUser(user) => {
                Actor::vendor_user(&user.user_id, self.source_ip.as_deref())
            }
        }
    }

    /// The signed-in session this request carries, for its one-time message: staff's
    /// first, as `principal` reads them.
    fn session(&self) -> Option<(SessionTable, TokenHash)> {
        use crate::domain::{ConsoleSessionToken, StaffSessionToken};
        if let Some(token) = self
            .cookie()
            .and_then(|c| StaffSessionToken::parse(&c).ok())
        {
            return Some((SessionTable::Staff, token.hash()));
        }
        self.console_cookie()
            .and_then(|c| ConsoleSessionToken::parse(&c).ok())
            .map(|token| (SessionTable::Console, token.hash()))
    }

    /// Takes the one-time message of this request's session.
    pub async fn take_flash(&self) -> Result<Option<Flash>, AdminError> {
        let Some((table, hash)) = self.session() else {
            return Ok(None);
        };
        let keyring = self.state.meta.keyring();
        Ok(staff::flash::take(&self.state.db, keyring, table, &hash).await?)
    }

    /// Whether the request comes from a page of the vendor console.
    fn comes_from_console(&self) -> bool {
        self.referer_path()
            .is_some_and(|(path, _)| path == "/console" || path.starts_with("/console/"))
    }

    /// A form posted by a browser without JavaScript (it wants a page back).
    fn is_plain_form(&self) -> bool {
        self.parts.method == Method::POST
            && self
                .parts
                .headers
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    }

    /// The signed-in staff member, if their role allows `need`. A vendor's user signed
    /// in to the console is refused (403): the staff area is not theirs.
    pub async fn staff(&self, need: Need) -> Result<Staff, AdminError> {
        let signed_in = staff::auth::authenticate(&self.state.db, self.cookie().as_deref()).await?;
        let Some(signed_in) = signed_in else {
            return match self.console_user().await? {
                Some(_) => Err(AdminError::Forbidden),
                None => Err(AdminError::SignedOut),
            };
        };
        if need != Need::Read && !signed_in.role.can_change() {
            return Err(AdminError::Forbidden);
        }
        Ok(Staff {
            id: signed_in.staff_id,
            email: signed_in.email,
            role: signed_in.role,
        })
    }

    pub fn actor<'a>(&'a self, staff: &'a Staff) -> Actor<'a> {
        Actor::staff(&staff.id, self.source_ip.as_deref())
    }

    /// Sets a header of the response.
    pub fn set_header(&self, name: header::HeaderName, value: &str) {
        if let (Some(response), Ok(value)) = (
            use_context::<ResponseOptions>(),
            header::HeaderValue::from_str(value),
        ) {
            response.append_header(name, value);
        }
    }

    /// The path and query of the page the request came from.
    fn referer_path(&self) -> Option<(String, Option<String>)> {
        self.parts
            .headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| url::Url::parse(r).ok())
            .map(|u| (u.path().to_owned(), u.query().map(str::to_owned)))
    }

    /// The admin or console page the request came from (path and query only), to go
    /// back to.
    fn back(&self) -> String {
        let is_ours = |path: &str| {
            ["/admin", "/console"]
                .iter()
                .any(|area| path == *area || path.starts_with(&format!("{area}/")))
        };
        match self.referer_path() {
            Some((path, query)) if is_ours(&path) => match query {
                Some(q) => format!("{path}?{q}"),
                None => path,
            },
            _ if self.console_cookie().is_some() && self.cookie().is_none() => {
                "/console".to_owned()
            }
            _ => "/admin/vendors".to_owned(),
        }
    }

    /// Where a signed-out form goes: the sign-in page of its area.
    fn sign_in_page(&self) -> &'static str {
        if self.comes_from_console() {
            "/console"
        } else {
            "/admin/sign-in"
        }
    }

    /// Ends a read: a failed call answers with its status, except inside a page render,
    /// where the page shows the failure itself.
    pub fn read<T>(&self, result: Result<T, AdminError>) -> Result<T, AdminError> {
        if let Err(error) = &result {
            if self.parts.method != Method::GET {
                set_status(error);
            }
        }
        result
    }

    /// Ends a change. Enhanced pages get the result (and a failure its status); a plain
    /// form gets a redirect, with the outcome kept for the next page.
    pub async fn finish<T>(
        &self,
        result: Result<T, AdminError>,
        outcome: Outcome,
    ) -> Result<T, AdminError> {
        if !self.is_plain_form() {
            match &result {
                Ok(_) => {
                    if let Some(path) = &outcome.redirect {
                        leptos_axum::redirect(path);
                    }
                }
                Err(error) => set_status(error),
            }
            return result;
        }
        let (path, flash) = match &result {
            Ok(_) => (
                outcome.redirect.unwrap_or_else(|| self.back()),
                outcome.flash,
            ),
            Err(AdminError::SignedOut) => (self.sign_in_page().to_owned(), None),
            Err(error) => (
                self.back(),
                Some(Flash {
                    kind: FlashKind::Error,
                    text: error.to_string(),
                    secret: None,
                }),
            ),
        };
        if let (Some(flash), Some((table, hash))) = (flash, self.session()) {
            let keyring = self.state.meta.keyring();
            if let Err(e) = staff::flash::put(&self.state.db, keyring, table, &hash, &flash).await {
                // The change itself stood; only its message for the next page is lost.
                tracing::error!(error = %e, "could not keep a one-time message");
            }
        }
        leptos_axum::redirect(&path);
        result
    }
}

impl Caller {
    /// Ends a sign-in: there is no session to keep a message in, so a plain form goes
    /// to `outcome`'s page (which names the failure by a fixed code).
    pub fn finish_sign_in(
        &self,
        result: Result<(), AdminError>,
        outcome: Outcome,
    ) -> Result<(), AdminError> {
        let plain_form = self.is_plain_form();
        match (&result, &outcome.redirect) {
            (Ok(()), Some(path)) => leptos_axum::redirect(path),
            (Err(_), Some(path)) if plain_form => leptos_axum::redirect(path),
            (Err(error), _) => set_status(error),
            (Ok(()), None) => {}
        }
        result
    }
}

fn set_status(error: &AdminError) {
    crate::response_status::set(error.status());
}
