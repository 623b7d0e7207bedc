//! What the add-number page shows: the session as its connect page sees it (the same
//! binding, states and language), the signup's step, and the last form's failure in
//! the page's language.

use super::{
    binding::Access,
    claim,
    page_view::{connect_page, Browser},
    whatsapp,
};
use crate::{
    config::simulated,
    db,
    model::{
        add_number::{AddNumberPage, AddNumberView},
        connect::{ConnectError, SessionView},
        whatsapp::WhatsAppStep,
        IntegrationType,
    },
    observe::record::connect_error_class,
};

/// The failures a form of the page can end with, by the label its redirect carries
/// (`connect_error_class`). Only these are shown: a label is the page's address, which
/// anyone can write.
const SHOWN: [ConnectError; 17] = [
    ConnectError::InvalidNumber,
    ConnectError::NumberRefused,
    ConnectError::CodeMismatch,
    ConnectError::CodeLimited,
    ConnectError::TooManyAttempts,
    ConnectError::RateLimited { minutes: None },
    ConnectError::MetaUnavailable,
    ConnectError::MetaRejected,
    ConnectError::TokenInvalid,
    ConnectError::NotGranted,
    ConnectError::NotStarted,
    ConnectError::NumberNeedsVerification,
    ConnectError::RegisterBlocked,
    ConnectError::Busy,
    ConnectError::BadRequest,
    ConnectError::Unavailable,
    ConnectError::Internal,
];

/// The failure a label names, if the page shows it.
pub fn shown_failure(label: &str) -> Option<ConnectError> {
    SHOWN
        .into_iter()
        .find(|error| connect_error_class(error) == label)
}

/// The page for the session `access` names, and the binding cookie to set when this
/// browser has just taken the session; `error` is the label of the last form's failure.
pub async fn number_page(
    db: &db::Db,
    metas: &crate::meta::context::MetaContexts,
    access: &Access<'_>,
    browser: &Browser<'_>,
    error: Option<&str>,
) -> Result<(AddNumberPage, Option<String>), sqlx::Error> {
    let answer = connect_page(db, metas, access, IntegrationType::WhatsApp, browser).await?;
    let set_cookie = answer.set_cookie;
    let texts = answer.page.texts;
    let view = match answer.page.view {
        SessionView::Ready(session) => {
            // The connect page's view found the session usable by this browser.
            let step = whatsapp::number_step(db, &session.session_id).await?;
            let test_code = session
                .meta
                .simulated
                .then(|| simulated::VERIFICATION_CODE.to_owned());
            AddNumberView::Open {
                session,
                step,
                error: error
                    .and_then(shown_failure)
                    .map(|failure| failure.message(&texts)),
                test_code,
            }
        }
        SessionView::Used(branding, post) => AddNumberView::Done {
            branding,
            post,
            missing: missing_of(db, access).await?,
        },
        // The page is opened by the session's id only (from its connect page).
        SessionView::Moved(_) => AddNumberView::Closed(SessionView::Unknown),
        closed => AddNumberView::Closed(closed),
    };
    Ok((AddNumberPage { view, texts }, set_cookie))
}

/// What the completed signup's number still misses (readiness codes).
async fn missing_of(db: &db::Db, access: &Access<'_>) -> Result<Vec<String>, sqlx::Error> {
    let Some(reference) = access.reference() else {
        return Ok(Vec::new());
    };
    let result = claim::lookup(db, &reference)
        .await?
        .and_then(|session| session.completed_result);
    Ok(
        match result.and_then(|r| serde_json::from_str::<WhatsAppStep>(&r).ok()) {
            Some(WhatsAppStep::Connected(connected)) => connected.missing,
            _ => Vec::new(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_pages_own_failures_are_shown() {
        assert_eq!(
            shown_failure("code_mismatch"),
            Some(ConnectError::CodeMismatch)
        );
        assert_eq!(
            shown_failure("meta_rate_limited"),
            Some(ConnectError::RateLimited { minutes: None })
        );
        assert_eq!(shown_failure("page_failed"), None);
        assert_eq!(shown_failure("<script>"), None);
    }
}
