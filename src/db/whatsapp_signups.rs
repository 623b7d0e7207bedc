//! Embedded Signups in progress, one per session: the sealed business token and what
//! Meta's event named, each written the moment it arrives.

use super::{now_ms, Db};
use crate::model::whatsapp::COEXISTENCE_FINISH;

/// A signup's state (the token still sealed).
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct Signup {
    pub session_id: String,
    /// The attempts (runs of Meta's dialog) the token and the event came from.
    pub token_attempt: Option<String>,
    pub event_attempt: Option<String>,
    pub token_ciphertext: Option<String>,
    pub key_id: Option<String>,
    pub token_expires_at: Option<i64>,
    pub event: Option<String>,
    pub waba_id: Option<String>,
    pub phone_number_id: Option<String>,
    pub waba_name: Option<String>,
    pub phone_display: Option<String>,
    pub verified_at: Option<i64>,
    /// The PIN this signup holds for its verified number until Meta accepts it.
    pub pin_ciphertext: Option<String>,
    pub pin_key_id: Option<String>,
    pub pin_source: Option<String>,
    /// A number added on the connect page, waiting for its code.
    pub added_phone_id: Option<String>,
    pub added_phone_display: Option<String>,
    /// When Meta last sent that number a code.
    pub code_sent_at: Option<i64>,
}

impl Signup {
    /// Whether Meta finished the signup as a WhatsApp Business app onboarding.
    pub fn is_coexistence(&self) -> bool {
        self.event.as_deref() == Some(COEXISTENCE_FINISH)
    }

    /// The number this signup verified on its WABA with its own business token, if any:
    /// the only number a PIN may be given for.
    pub fn verified_number(&self) -> Option<&str> {
        let paired = self.token_attempt.is_some() && self.token_attempt == self.event_attempt;
        match (paired, self.verified_at, self.token_ciphertext.as_ref()) {
            (true, Some(_), Some(_)) => self.phone_number_id.as_deref(),
            _ => None,
        }
    }
}

/// The ids a `FINISH` event named.
#[derive(Debug)]
pub struct SignupEvent<'a> {
    pub event: &'a str,
    pub waba_id: &'a str,
    pub phone_number_id: Option<&'a str>,
}

pub async fn find(db: &Db, session_id: &str) -> Result<Option<Signup>, sqlx::Error> {
    sqlx::query_as(
        "SELECT session_id, token_attempt, event_attempt, token_ciphertext, key_id, token_expires_at, event, waba_id, phone_number_id, \
         waba_name, phone_display, verified_at, pin_ciphertext, pin_key_id, pin_source, \
         added_phone_id, added_phone_display, code_sent_at FROM whatsapp_signups WHERE session_id = $1",
    )
    .bind(session_id)
    .fetch_optional(db.writer())
    .await
}

/// Keeps the business token of a fresh exchange (replacing an earlier one).
#[tracing::instrument(skip_all)]
pub async fn keep_token(
    db: &Db,
    session_id: &str,
    attempt: &str,
    token_ciphertext: &str,
    key_id: &str,
    expires_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO whatsapp_signups (session_id, token_ciphertext, key_id, token_expires_at, exchanged_at, updated_at, \
         token_attempt) VALUES ($1, $2, $3, $4, $5, $5, $6) ON CONFLICT (session_id) DO UPDATE SET \
         token_attempt = excluded.token_attempt, token_ciphertext = excluded.token_ciphertext, key_id = excluded.key_id, \
         token_expires_at = excluded.token_expires_at, exchanged_at = excluded.exchanged_at, \
         verified_at = NULL, pin_ciphertext = NULL, pin_key_id = NULL, pin_source = NULL, \
         updated_at = excluded.updated_at",
    )
    .bind(session_id)
    .bind(token_ciphertext)
    .bind(key_id)
    .bind(expires_at)
    .bind(now)
    .bind(attempt)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Keeps what a `FINISH` event named (replacing an earlier event).
#[tracing::instrument(skip(db))]
pub async fn keep_event(
    db: &Db,
    session_id: &str,
    attempt: &str,
    event: &SignupEvent<'_>,
) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO whatsapp_signups (session_id, event, waba_id, phone_number_id, event_at, updated_at, \
         event_attempt) VALUES ($1, $2, $3, $4, $5, $5, $6) ON CONFLICT (session_id) DO UPDATE SET \
         event_attempt = excluded.event_attempt, event = excluded.event, waba_id = excluded.waba_id, phone_number_id = excluded.phone_number_id, \
         event_at = excluded.event_at, waba_name = NULL, phone_display = NULL, \
         added_phone_id = NULL, added_phone_display = NULL, code_sent_at = NULL, verified_at = NULL, pin_ciphertext = NULL, pin_key_id = NULL, pin_source = NULL, \
         updated_at = excluded.updated_at",
    )
    .bind(session_id)
    .bind(event.event)
    .bind(event.waba_id)
    .bind(event.phone_number_id)
    .bind(now)
    .bind(attempt)
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Records that the WABA (and the number, when there is one: its id and how Meta
/// displays it) was verified with the business token and the app subscribed, so later
/// steps need not do it again. A number found on the WABA (a coexistence event that
/// named none) is kept as the signup's.
pub async fn mark_verified(
    db: &Db,
    session_id: &str,
    waba_name: &str,
    number: Option<(&str, &str)>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE whatsapp_signups SET waba_name = $2, phone_display = $3, verified_at = $4, updated_at = $4, \
         phone_number_id = COALESCE(phone_number_id, $5) WHERE session_id = $1",
    )
    .bind(session_id)
    .bind(waba_name)
    .bind(number.map(|(_, display)| display))
    .bind(now_ms())
    .bind(number.map(|(id, _)| id))
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Keeps the PIN this signup will register its verified number with (replacing an
/// earlier one), or forgets it (`None`: it became the number's own).
#[tracing::instrument(skip(executor, pin))]
pub async fn keep_pin<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    session_id: &str,
    pin: Option<(&crate::crypto::Sealed, &str)>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE whatsapp_signups SET pin_ciphertext = $2, pin_key_id = $3, pin_source = $4, updated_at = $5 \
         WHERE session_id = $1",
    )
    .bind(session_id)
    .bind(pin.map(|(sealed, _)| sealed.ciphertext.as_str()))
    .bind(pin.map(|(sealed, _)| sealed.key_id.as_str()))
    .bind(pin.map(|(_, source)| source))
    .bind(now_ms())
    .execute(executor)
    .await?;
    Ok(())
}

/// Keeps the number added on the connect page (Meta's id and its display), whose code
/// Meta sent just now. Only for a verified signup without a number.
pub async fn keep_added_number(
    db: &Db,
    session_id: &str,
    phone_number_id: &str,
    display: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE whatsapp_signups SET added_phone_id = $2, added_phone_display = $3, code_sent_at = $4, \
         updated_at = $4 WHERE session_id = $1 AND verified_at IS NOT NULL AND phone_number_id IS NULL",
    )
    .bind(session_id)
    .bind(phone_number_id)
    .bind(display)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that Meta sent the added number another code.
pub async fn mark_code_sent(db: &Db, session_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE whatsapp_signups SET code_sent_at = $2, updated_at = $2 \
         WHERE session_id = $1 AND added_phone_id IS NOT NULL",
    )
    .bind(session_id)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// Forgets the added number (the customer adds another instead).
pub async fn forget_added_number(db: &Db, session_id: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE whatsapp_signups SET added_phone_id = NULL, added_phone_display = NULL, \
         code_sent_at = NULL, updated_at = $2 WHERE session_id = $1",
    )
    .bind(session_id)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(())
}

/// The added number's code was verified: it becomes the signup's number.
pub async fn adopt_added_number(
    db: &Db,
    session_id: &str,
    phone_number_id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE whatsapp_signups SET phone_number_id = added_phone_id, phone_display = added_phone_display, \
         added_phone_id = NULL, added_phone_display = NULL, code_sent_at = NULL, updated_at = $3 \
         WHERE session_id = $1 AND added_phone_id = $2 AND phone_number_id IS NULL",
    )
    .bind(session_id)
    .bind(phone_number_id)
    .bind(now_ms())
    .execute(db.writer())
    .await?;
    Ok(done.rows_affected() == 1)
}
