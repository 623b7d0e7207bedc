//! Adding a number on the connect page, for a WhatsApp Business account shared without
//! one (Meta's `FINISH_ONLY_WABA`): the customer types the number and its display name,
//! Meta adds it to the WABA and sends it a code by text message or call, the customer
//! types the code, and the signup goes on as for a number chosen in Meta's window
//! (registered, stored, posted to the vendor). Every call that sends or spends a code
//! is made once, and a session may make only a few of them.

use super::{advance, with_signup, Brought, Signup};
use crate::{
    db::{self, rate_windows, whatsapp_signups},
    domain::{CodeMethod, NewNumber, VerificationCode},
    i18n::Locale,
    meta::{
        context::MetaContexts,
        graph::{GraphError, GraphErrorKind},
    },
    model::{add_number::NumberStep, connect::ConnectError, whatsapp::WhatsAppStep},
    services::connect::{
        binding::Access,
        claim::{self, graph_failure},
    },
};

/// The code calls (sending one, checking one) a session may make. Meta limits them
/// per number as well; this keeps one link from spending a number's allowance.
const CODE_CALLS_PER_SESSION: i64 = 10;

fn step_of(kept: &whatsapp_signups::Signup) -> NumberStep {
    let waba_name = kept.waba_name.clone().unwrap_or_default();
    let kept_account = kept.verified_at.is_some() && kept.token_ciphertext.is_some();
    match (kept_account, &kept.phone_number_id, &kept.added_phone_id) {
        (true, None, Some(_)) => NumberStep::Code {
            waba_name,
            display: kept.added_phone_display.clone().unwrap_or_default(),
        },
        (true, None, None) => NumberStep::Number { waba_name },
        (true, Some(_), _) => NumberStep::Stalled,
        _ => NumberStep::NotHere,
    }
}

/// The step the signup of a session its browser may use is at.
pub async fn number_step(db: &db::Db, session_id: &str) -> Result<NumberStep, sqlx::Error> {
    let kept = whatsapp_signups::find(db, session_id)
        .await?
        .unwrap_or_default();
    Ok(step_of(&kept))
}

/// What a failure to add the number means: Meta refused the number or its name.
fn adding_failure(error: &GraphError) -> ConnectError {
    match error {
        GraphError::Api {
            kind: GraphErrorKind::Rejected,
            ..
        } => ConnectError::NumberRefused,
        other => graph_failure(other),
    }
}

/// What a failed code call means. Meta names no code of its own for a wrong or expired
/// code, nor for too many codes (docs/meta.md): a refusal of `verify_code` is the
/// customer's code, and a rate limit of either call is the number's codes paused.
fn code_failure(error: &GraphError, checking: bool) -> ConnectError {
    match error {
        GraphError::Api {
            kind: GraphErrorKind::RateLimited,
            ..
        } => ConnectError::CodeLimited,
        GraphError::Api {
            kind: GraphErrorKind::Rejected,
            ..
        } if checking => ConnectError::CodeMismatch,
        other => graph_failure(other),
    }
}

/// Counts one code call of the session, refusing past the allowance.
async fn count_code_call(signup: &Signup<'_>) -> Result<(), ConnectError> {
    let bucket = format!("add-number:{}", signup.session.id);
    let window = rate_windows::hit(signup.db, &bucket, claim::COMPLETION_GRACE_MS).await?;
    if window.count > CODE_CALLS_PER_SESSION {
        return Err(ConnectError::TooManyAttempts);
    }
    Ok(())
}

/// The kept signup with its business token, when the signup is at the number step, or
/// (`code_step`) at the code step.
async fn at_step(
    signup: &Signup<'_>,
    code_step: bool,
) -> Result<(whatsapp_signups::Signup, String), ConnectError> {
    let kept = whatsapp_signups::find(signup.db, &signup.session.id)
        .await?
        .unwrap_or_default();
    let fits = match step_of(&kept) {
        NumberStep::Number { .. } => !code_step,
        NumberStep::Code { .. } => true,
        NumberStep::Stalled | NumberStep::NotHere => false,
    };
    let (Some(sealed), Some(key_id), true) = (&kept.token_ciphertext, &kept.key_id, fits) else {
        return Err(ConnectError::NotStarted);
    };
    let token = signup.business_token(&kept, sealed, key_id)?;
    Ok((kept, token))
}

/// The language Meta's code message is sent in: the page's (two letters).
fn code_language(session_locale: Option<&str>, browser: Locale) -> String {
    let locale = session_locale.and_then(Locale::parse).unwrap_or(browser);
    let tag = locale.tag();
    tag.split('-').next().unwrap_or(tag).to_owned()
}

/// The number added on the page, waiting for its code.
fn added_id(kept: &whatsapp_signups::Signup) -> Result<&str, ConnectError> {
    kept.added_phone_id
        .as_deref()
        .ok_or(ConnectError::NotStarted)
}

/// What a step answers while the signup still has no number of its own.
fn still_without_number(kept: whatsapp_signups::Signup) -> WhatsAppStep {
    WhatsAppStep::NeedsPhoneNumber {
        waba_name: kept.waba_name.unwrap_or_default(),
    }
}

/// Has Meta send the added number `id` a code by `method`, in the page's language.
async fn send_a_code(
    signup: &Signup<'_>,
    id: &str,
    token: &str,
    method: CodeMethod,
    browser: Locale,
) -> Result<(), ConnectError> {
    let language = code_language(signup.session.locale.as_deref(), browser);
    signup
        .meta
        .graph
        .request_code(id, token, method, &language)
        .await
        .map_err(|e| code_failure(&e, false))?;
    whatsapp_signups::mark_code_sent(signup.db, &signup.session.id).await?;
    Ok(())
}

/// Adds `number` to the kept WABA and has Meta send it a code by `method`.
#[tracing::instrument(skip_all)]
pub async fn add_number(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    number: &NewNumber,
    method: CodeMethod,
    browser: Locale,
) -> Result<WhatsAppStep, ConnectError> {
    with_signup(db, metas, access, async |signup| {
        let (kept, token) = at_step(signup, false).await?;
        let waba_id = kept.waba_id.as_deref().ok_or(ConnectError::NotStarted)?;
        count_code_call(signup).await?;
        let graph = &signup.meta.graph;
        let id = graph
            .add_phone_number(waba_id, &token, number)
            .await
            .map_err(|e| adding_failure(&e))?;
        if !whatsapp_signups::keep_added_number(db, &signup.session.id, &id, &number.display())
            .await?
        {
            return Err(ConnectError::NotStarted);
        }
        tracing::info!(phone_number_id = %id, "a number was added to the WABA on the connect page");
        send_a_code(signup, &id, &token, method, browser).await?;
        Ok(still_without_number(kept))
    })
    .await
}

/// Has Meta send the added number a new code by `method`.
#[tracing::instrument(skip_all)]
pub async fn send_code(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    method: CodeMethod,
    browser: Locale,
) -> Result<WhatsAppStep, ConnectError> {
    with_signup(db, metas, access, async |signup| {
        let (kept, token) = at_step(signup, true).await?;
        let id = added_id(&kept)?;
        count_code_call(signup).await?;
        send_a_code(signup, id, &token, method, browser).await?;
        Ok(still_without_number(kept))
    })
    .await
}

/// Checks the code with Meta; once Meta accepts it the number is the signup's, and
/// the signup goes on (registration, the stored connection, the vendor's result).
#[tracing::instrument(skip_all)]
pub async fn verify_code(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
    code: &VerificationCode,
) -> Result<WhatsAppStep, ConnectError> {
    with_signup(db, metas, access, async |signup| {
        let (kept, token) = at_step(signup, true).await?;
        let id = added_id(&kept)?;
        count_code_call(signup).await?;
        signup
            .meta
            .graph
            .verify_code(id, &token, code)
            .await
            .map_err(|e| code_failure(&e, true))?;
        if !whatsapp_signups::adopt_added_number(db, &signup.session.id, id).await? {
            return Err(ConnectError::NotStarted);
        }
        tracing::info!(phone_number_id = %id, "the added number's code was verified");
        advance::advance(signup, Brought::Nothing).await
    })
    .await
}

/// Forgets the added number whose code did not come, for the customer to type another.
#[tracing::instrument(skip_all)]
pub async fn change_number(
    db: &db::Db,
    metas: &MetaContexts,
    access: &Access<'_>,
) -> Result<WhatsAppStep, ConnectError> {
    with_signup(db, metas, access, async |signup| {
        let (kept, _) = at_step(signup, true).await?;
        whatsapp_signups::forget_added_number(db, &signup.session.id).await?;
        Ok(still_without_number(kept))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept() -> whatsapp_signups::Signup {
        whatsapp_signups::Signup {
            waba_name: Some("Initech Main".into()),
            verified_at: Some(1),
            token_ciphertext: Some("sealed".into()),
            ..Default::default()
        }
    }

    #[test]
    fn the_step_follows_what_the_signup_keeps() {
        assert_eq!(
            step_of(&kept()),
            NumberStep::Number {
                waba_name: "Initech Main".into()
            }
        );
        let sent = whatsapp_signups::Signup {
            added_phone_id: Some("950015550100123".into()),
            added_phone_display: Some("+1 5550100123".into()),
            ..kept()
        };
        assert_eq!(
            step_of(&sent),
            NumberStep::Code {
                waba_name: "Initech Main".into(),
                display: "+1 5550100123".into()
            }
        );
        let numbered = whatsapp_signups::Signup {
            phone_number_id: Some("930000000000001".into()),
            ..kept()
        };
        assert_eq!(step_of(&numbered), NumberStep::Stalled);
        let unverified = whatsapp_signups::Signup {
            verified_at: None,
            ..kept()
        };
        assert_eq!(step_of(&unverified), NumberStep::NotHere);
    }

    #[test]
    fn code_failures_say_what_the_customer_does() {
        let api = |code| GraphError::Api {
            kind: GraphErrorKind::of(code, false),
            http_status: 400,
            code,
            subcode: None,
            message: "m".into(),
            fbtrace_id: None,
            details: None,
            retry_after_minutes: None,
        };
        assert_eq!(code_failure(&api(100), true), ConnectError::CodeMismatch);
        assert_eq!(code_failure(&api(100), false), ConnectError::MetaRejected);
        assert_eq!(code_failure(&api(613), true), ConnectError::CodeLimited);
        assert_eq!(code_failure(&api(4), false), ConnectError::CodeLimited);
        assert_eq!(code_failure(&api(190), true), ConnectError::TokenInvalid);
        assert_eq!(adding_failure(&api(100)), ConnectError::NumberRefused);
        assert_eq!(adding_failure(&api(200)), ConnectError::NotGranted);
        assert_eq!(code_language(Some("pt-BR"), Locale::En), "pt");
        assert_eq!(code_language(None, Locale::Ar), "ar");
    }
}
