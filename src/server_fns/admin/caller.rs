//! Who is calling an admin server function, and how the call ends: a JSON answer for the
//! enhanced pages, or a redirect (with a one-time message) for forms posted without
//! JavaScript.

use axum::http::{header, request::Parts, Method};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

use crate::{
    http::{client_address::client_address, staff_cookie::StaffCookie},
    model::{
        admin::{AdminError, Flash, FlashKind, StaffView},
        StaffRole,
    },
    server_fns::admin::outcome::Outcome,
    services::{staff, Actor, ServiceError},
    state::AppState,
};

/// What a call needs from the signed-in staff member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Read,
    Change,
}

/// The signed-in staff member making the call.
#[derive(Debug, Clone)]
pub struct Staff {
    pub id: String,
    pub email: String,
    pub role: StaffRole,
}

impl Staff {
    pub fn view(&self) -> StaffView {
        StaffView {
            id: self.id.clone(),
            email: self.email.clone(),
            role: self.role,
            can_change: self.role.can_change(),
        }
    }
}

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

    /// The signed-in staff member, if their role allows `need`.
    pub async fn staff(&self, need: Need) -> Result<Staff, AdminError> {
        let signed_in = staff::auth::authenticate(&self.state.db, self.cookie().as_deref())
            .await?
            .ok_or(AdminError::SignedOut)?;
        if need == Need::Change && !signed_in.role.can_change() {
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

    /// The admin page the request came from (path and query only), to go back to.
    fn back(&self) -> String {
        self.parts
            .headers
            .get(header::REFERER)
            .and_then(|v| v.to_str().ok())
            .and_then(|r| url::Url::parse(r).ok())
            .filter(|u| u.path().starts_with("/admin"))
            .map(|u| match u.query() {
                Some(q) => format!("{}?{q}", u.path()),
                None => u.path().to_owned(),
            })
            .unwrap_or_else(|| "/admin/vendors".to_owned())
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
            Err(AdminError::SignedOut) => ("/admin/sign-in".to_owned(), None),
            Err(error) => (
                self.back(),
                Some(Flash {
                    kind: FlashKind::Error,
                    text: error.to_string(),
                    secret: None,
                }),
            ),
        };
        if let (Some(flash), Some(cookie)) = (flash, self.cookie()) {
            let meta = &self.state.meta;
            if let Err(e) = staff::flash::put(&self.state.db, meta.keyring(), &cookie, &flash).await
            {
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
