//! Why a connect page's call failed, in terms the page can act on: each says what
//! happened and what the customer does next, never Meta's raw text alone.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

use crate::i18n::{Key, Texts};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ConnectError {
    #[error("This connection link is not valid.")]
    UnknownSession,
    #[error("Session has expired.")]
    Expired,
    #[error("This connection link has already been used.")]
    AlreadyUsed,
    #[error("This connection link is no longer available.")]
    VendorInactive,
    #[error("The previous attempt is still being finished. Wait a moment, then try again.")]
    Busy,
    /// The session is bound to the browser that first opened it, and this is another.
    #[error("For your security, a connection link works only in the browser where it was first opened. Continue there, or go back to the app you came from and start again.")]
    OtherBrowser,
    /// This session has made as many attempts of a step as it may.
    #[error("Too many attempts were made with this link. Go back to the app you came from and start again.")]
    TooManyAttempts,
    #[error("Click Connect to start with Meta.")]
    NotStarted,
    #[error(
        "Meta did not accept the sign-in (it may have taken too long). Click Connect to try again."
    )]
    CodeRejected,
    #[error("Meta's answer was meant for another app. Click Connect to try again.")]
    ForeignToken,
    #[error("Meta's sign-in is no longer valid. Click Connect to sign in again.")]
    TokenInvalid,
    #[error("A phone number is required: choose or add a phone number, then try again.")]
    PhoneNumberRequired,
    #[error("Meta did not confirm access to that WhatsApp Business account. Click Connect and share it again.")]
    NotGranted,
    #[error("That phone number does not belong to the WhatsApp Business account you chose. Click Connect and choose the number again.")]
    NumberNotOnWaba,
    #[error("Meta did not say which phone number you connected, and your WhatsApp Business account has several. Click Connect and choose the number again.")]
    NumberNotNamed,
    #[error("Meta still needs to verify this phone number. Verify it with the code Meta sends by text message or call (in Meta's window, or in WhatsApp Manager), then click Try again.")]
    NumberNeedsVerification,
    #[error("Meta has paused registering this phone number for up to 72 hours, because it was registered or removed too often. Your WhatsApp Business account is saved: come back after that and try again.")]
    RegisterBlocked,
    #[error("A PIN is exactly 6 digits.")]
    InvalidPin,
    /// The number typed on the connect page is not one (or its display name breaks
    /// the length rules).
    #[error("Enter the country code (1 to 3 digits), the number without it, and a display name of 3 to 100 characters.")]
    InvalidNumber,
    /// Meta refused to add the number to the WhatsApp Business account.
    #[error("Meta did not accept this number or display name. Check the country code and the number, and that the display name follows WhatsApp's display name rules, then try again.")]
    NumberRefused,
    /// Meta did not accept the code sent to the added number.
    #[error("That code did not match, or it has expired. Check it, or send a new code.")]
    CodeMismatch,
    /// Meta will not send (or check) more codes for this number for now.
    #[error("Meta has paused codes for this number for now, because many were asked for. Wait a few hours, then send a new code.")]
    CodeLimited,
    #[error("{}", rate_limited(*.minutes))]
    RateLimited { minutes: Option<u32> },
    #[error("We could not reach Meta just now. Please try again.")]
    MetaUnavailable,
    #[error("Meta declined the request. Please try again; if it keeps happening, contact the app you came from.")]
    MetaRejected,
    #[error("Choose at least one page to connect.")]
    NoPagesSelected,
    #[error("The page {0} cannot be connected: choose from the pages listed.")]
    PageNotAvailable(String),
    /// `reason`: what Meta's refusal means, itself a failure the customer can read in
    /// the page's language.
    #[error(
        "Connecting the page {page} failed: {reason} Nothing was connected; please try again."
    )]
    PageFailed {
        page: String,
        reason: Box<ConnectError>,
    },
    #[error("The request could not be read. Reload the page and try again.")]
    BadRequest,
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    /// WhatsPortal's database cannot serve for a moment (a restart, a full disk); nothing
    /// was changed.
    #[error("Our service is unavailable for a moment. Nothing was lost: please try again in a few seconds.")]
    Unavailable,
    /// A step after Meta's dialog failed; what Meta shared (the business token, the
    /// account) is kept on the server, so the step can run again on its own.
    #[error("{0}")]
    AfterSignup(Box<ConnectError>),
    #[error("The connection to the server failed. Please check your network and try again.")]
    Transport(String),
}

fn rate_limited(minutes: Option<u32>) -> String {
    match minutes {
        Some(1) => "Meta is limiting requests right now. Please try again in a minute.".into(),
        Some(n) => format!("Meta is limiting requests right now. Please try again in {n} minutes."),
        None => "Meta is limiting requests right now. Please try again in a few minutes.".into(),
    }
}

impl ConnectError {
    /// What the customer reads, in the page's language (the `Display` text is the
    /// English one, for logs).
    pub fn message(&self, texts: &Texts) -> String {
        let key = match self {
            Self::AfterSignup(inner) => return inner.message(texts),
            Self::RateLimited { minutes: Some(1) } => Key::ErrorRateLimitedOne,
            Self::RateLimited { minutes: Some(n) } => {
                return texts.fill(Key::ErrorRateLimitedMany, &[("n", &n.to_string())])
            }
            Self::PageNotAvailable(page) => {
                return texts.fill(Key::ErrorPageUnavailable, &[("page", page)])
            }
            Self::PageFailed { page, reason } => {
                let reason = reason.message(texts);
                return texts.fill(Key::ErrorPageFailed, &[("page", page), ("reason", &reason)]);
            }
            Self::RateLimited { minutes: None } => Key::ErrorRateLimited,
            Self::UnknownSession => Key::ErrorUnknownSession,
            Self::Expired => Key::ErrorExpired,
            Self::AlreadyUsed => Key::ErrorUsed,
            Self::VendorInactive => Key::ErrorInactive,
            Self::Busy => Key::ErrorBusy,
            Self::OtherBrowser => Key::OtherBrowserHint,
            Self::TooManyAttempts => Key::ErrorTooManyAttempts,
            Self::NotStarted => Key::ErrorNotStarted,
            Self::CodeRejected => Key::ErrorCodeRejected,
            Self::ForeignToken => Key::ErrorForeignToken,
            Self::TokenInvalid => Key::ErrorTokenInvalid,
            Self::PhoneNumberRequired => Key::ErrorPhoneRequired,
            Self::NotGranted => Key::ErrorNotGranted,
            Self::NumberNotOnWaba => Key::ErrorNumberNotOnWaba,
            Self::NumberNotNamed => Key::ErrorNumberNotNamed,
            Self::NumberNeedsVerification => Key::ErrorNumberUnverified,
            Self::RegisterBlocked => Key::ErrorRegisterBlocked,
            Self::InvalidPin => Key::ErrorInvalidPin,
            Self::InvalidNumber => Key::AddErrorInput,
            Self::NumberRefused => Key::AddErrorRefused,
            Self::CodeMismatch => Key::AddErrorMismatch,
            Self::CodeLimited => Key::AddErrorLimited,
            Self::MetaUnavailable => Key::ErrorMetaUnavailable,
            Self::MetaRejected => Key::ErrorMetaRejected,
            Self::NoPagesSelected => Key::ErrorNoPages,
            Self::BadRequest => Key::ErrorBadRequest,
            Self::Internal => Key::ErrorInternal,
            Self::Unavailable => Key::ErrorUnavailable,
            Self::Transport(_) => Key::ErrorNetwork,
        };
        texts.get(key).to_owned()
    }

    /// Marks a failure of a step after Meta's dialog (the session's own states stay
    /// as they are).
    pub fn after_signup(self) -> Self {
        match self {
            Self::UnknownSession
            | Self::Expired
            | Self::AlreadyUsed
            | Self::VendorInactive
            | Self::Busy
            | Self::OtherBrowser
            | Self::TooManyAttempts
            | Self::AfterSignup(_) => self,
            other => Self::AfterSignup(Box::new(other)),
        }
    }

    /// The HTTP status a failed call answers with.
    pub fn status(&self) -> u16 {
        match self {
            Self::AfterSignup(inner) => inner.status(),
            Self::UnknownSession => 404,
            Self::Expired => 410,
            Self::AlreadyUsed | Self::Busy => 409,
            Self::VendorInactive | Self::OtherBrowser => 403,
            Self::RateLimited { .. } | Self::TooManyAttempts | Self::CodeLimited => 429,
            Self::NotStarted
            | Self::CodeRejected
            | Self::ForeignToken
            | Self::TokenInvalid
            | Self::PhoneNumberRequired
            | Self::NotGranted
            | Self::NumberNotOnWaba
            | Self::NumberNotNamed
            | Self::NumberNeedsVerification
            | Self::RegisterBlocked
            | Self::InvalidPin
            | Self::InvalidNumber
            | Self::NumberRefused
            | Self::CodeMismatch
            | Self::MetaRejected
            | Self::NoPagesSelected
            | Self::PageNotAvailable(_) => 422,
            Self::MetaUnavailable | Self::PageFailed { .. } => 502,
            Self::BadRequest => 400,
            Self::Unavailable => 503,
            Self::Internal | Self::Transport(_) => 500,
        }
    }

    /// Whether the same tab can simply try again.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::AfterSignup(inner) => inner.is_retryable(),
            _ => !matches!(
                self,
                Self::UnknownSession
                    | Self::Expired
                    | Self::AlreadyUsed
                    | Self::VendorInactive
                    | Self::OtherBrowser
                    | Self::TooManyAttempts
            ),
        }
    }
}

impl FromServerFnError for ConnectError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        crate::model::machinery_failure(value, Self::BadRequest, Self::Transport)
    }
}

#[cfg(test)]
impl ConnectError {
    /// One of each error a call can end with (each rate limit wording), for the tests
    /// that walk them all (the wire's readers among them). Built as a chain by a `match`
    /// without a wildcard: a new variant does not compile until it has an arm here, and
    /// the arm before it must lead to it for it to be walked.
    pub(crate) fn examples() -> Vec<ConnectError> {
        use ConnectError::*;
        let after = |error: &ConnectError| -> Option<ConnectError> {
            Some(match error {
                UnknownSession => Expired,
                Expired => AlreadyUsed,
                AlreadyUsed => VendorInactive,
                VendorInactive => Busy,
                Busy => OtherBrowser,
                OtherBrowser => TooManyAttempts,
                TooManyAttempts => NotStarted,
                NotStarted => CodeRejected,
                CodeRejected => ForeignToken,
                ForeignToken => TokenInvalid,
                TokenInvalid => PhoneNumberRequired,
                PhoneNumberRequired => NotGranted,
                NotGranted => NumberNotOnWaba,
                NumberNotOnWaba => NumberNotNamed,
                NumberNotNamed => NumberNeedsVerification,
                NumberNeedsVerification => RegisterBlocked,
                RegisterBlocked => InvalidPin,
                InvalidPin => InvalidNumber,
                InvalidNumber => NumberRefused,
                NumberRefused => CodeMismatch,
                CodeMismatch => CodeLimited,
                CodeLimited => RateLimited { minutes: None },
                RateLimited { minutes: None } => RateLimited { minutes: Some(1) },
                RateLimited { minutes: Some(1) } => RateLimited { minutes: Some(12) },
                RateLimited { minutes: Some(_) } => MetaUnavailable,
                MetaUnavailable => MetaRejected,
                MetaRejected => NoPagesSelected,
                NoPagesSelected => PageNotAvailable("Corner Bakery".into()),
                PageNotAvailable(_) => PageFailed {
                    page: "Corner Bakery".into(),
                    reason: Box::new(NotGranted),
                },
                PageFailed { .. } => BadRequest,
                BadRequest => Internal,
                Internal => Unavailable,
                Unavailable => Transport("reset".into()),
                Transport(_) => AfterSignup(Box::new(MetaUnavailable)),
                AfterSignup(_) => return None,
            })
        };
        std::iter::successors(Some(UnknownSession), after).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_reads_the_same_in_english_as_in_the_logs() {
        let english = crate::i18n::catalogue::texts(crate::i18n::Locale::En);
        let page_failed = ConnectError::PageFailed {
            page: "Corner Bakery".into(),
            reason: Box::new(ConnectError::NotGranted),
        };
        let errors = ConnectError::examples();
        assert!(errors.contains(&page_failed));
        for error in errors {
            assert_eq!(error.message(&english), error.to_string(), "{error:?}");
        }
        let spanish = crate::i18n::catalogue::texts(crate::i18n::Locale::Es);
        assert!(page_failed.message(&spanish).contains("Corner Bakery"));
        assert_ne!(page_failed.message(&spanish), page_failed.to_string());
    }

    #[test]
    fn a_pages_failure_gives_its_reason_in_the_pages_language() {
        let failed = ConnectError::PageFailed {
            page: "Corner Bakery".into(),
            reason: Box::new(ConnectError::MetaUnavailable),
        };
        for locale in crate::i18n::Locale::ALL {
            let texts = crate::i18n::catalogue::texts(locale);
            let message = failed.message(&texts);
            let reason = ConnectError::MetaUnavailable.message(&texts);
            assert!(message.contains(&reason), "{locale:?}: {message}");
            if locale != crate::i18n::Locale::En {
                let english = ConnectError::MetaUnavailable.to_string();
                assert!(!message.contains(&english), "{locale:?}: {message}");
            }
        }
    }

    #[test]
    fn the_examples_walk_every_variant_once() {
        let examples = ConnectError::examples();
        let names: std::collections::HashSet<String> = examples
            .iter()
            .map(|e| {
                let json = serde_json::to_value(e).unwrap();
                json.as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| json.as_object().unwrap().keys().next().unwrap().clone())
            })
            .collect();
        // Every name once; the rate limit's three wordings share one name.
        assert_eq!(names.len(), examples.len() - 2);
    }

    #[test]
    fn rate_limits_say_when_to_come_back() {
        let soon = ConnectError::RateLimited { minutes: Some(12) };
        assert!(soon.to_string().contains("in 12 minutes"));
        assert_eq!(soon.status(), 429);
        assert!(ConnectError::RateLimited { minutes: None }
            .to_string()
            .contains("a few minutes"));
    }
}
