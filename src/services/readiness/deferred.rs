//! The registration that waited for Meta to approve the display name: made once, by
//! whichever instance takes it first, with the PIN kept for it at the signup; one
//! register call and never another by itself (Meta counts 10 per number in 72 hours).
//! An accepted PIN becomes the number's stored PIN; every outcome is audited.

use crate::{
    db::{self, audit::AuditEntry, number_readiness::NumberRow, phone_pins::PinSource},
    domain::Pin,
    meta::{context::MetaContext, graph::GraphError},
    model::Named,
    services::connect::token_rows,
};

/// How the registration ended.
pub enum Outcome {
    Registered,
    /// Why Meta refused, or `unknown` when its answer was lost.
    Failed(&'static str),
}

impl Outcome {
    pub fn registration(&self) -> db::number_readiness::Registration {
        match self {
            Self::Registered => db::number_readiness::Registration::Done,
            Self::Failed(_) => db::number_readiness::Registration::Failed,
        }
    }

    pub fn reason(&self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::Failed(_) => "registration_failed",
        }
    }

    pub fn error(&self) -> Option<&'static str> {
        match self {
            Self::Registered => None,
            Self::Failed(why) => Some(why),
        }
    }
}

/// Meta's refusal, in the words the vendor reads.
fn why(error: &GraphError) -> &'static str {
    match error.code() {
        Some(133005) => "pin_mismatch",
        Some(133006) => "needs_verification",
        Some(133016) => "register_blocked",
        _ if error.is_transient() => "unknown",
        _ => "meta_error",
    }
}

fn open_pin(meta: &MetaContext, row: &NumberRow) -> Option<Pin> {
    let (sealed, key_id) = (row.pin_ciphertext.as_deref()?, row.key_id.as_deref()?);
    let name = token_rows::deferred_pin(&row.workspace_id, &row.phone_number_id);
    let plain = meta.keyring.open(key_id, sealed, &name).ok()?;
    Pin::parse(&String::from_utf8(plain).ok()?).ok()
}

/// Registers the number, unless another instance took the registration first (then
/// `None`).
pub async fn register(
    db: &db::Db,
    meta: &MetaContext,
    row: &NumberRow,
    token: &str,
) -> Result<Option<Outcome>, sqlx::Error> {
    if !db::number_readiness::claim_registration(db, row).await? {
        return Ok(None);
    }
    let source = PinSource::parse(row.pin_source.as_deref().unwrap_or_default());
    let outcome = match open_pin(meta, row) {
        None => Outcome::Failed("pin_unavailable"),
        Some(pin) => {
            let phone = &row.phone_number_id;
            match meta
                .graph
                .register_phone_number(phone, token, pin.expose())
                .await
            {
                Ok(()) => {
                    let name = token_rows::phone_pin(row.mode, phone);
                    let sealed = meta.keyring.seal(pin.expose().as_bytes(), &name);
                    let mut tx = db.writer().begin().await?;
                    db::phone_pins::store(&mut tx, row.mode, phone, &sealed, source).await?;
                    finish(&mut tx, row, &Outcome::Registered).await?;
                    tx.commit().await?;
                    return Ok(Some(Outcome::Registered));
                }
                Err(e) => {
                    tracing::warn!(error = %e, workspace_id = %row.workspace_id, "Meta refused a registration that waited for the display name");
                    Outcome::Failed(why(&e))
                }
            }
        }
    };
    let mut tx = db.writer().begin().await?;
    finish(&mut tx, row, &outcome).await?;
    tx.commit().await?;
    Ok(Some(outcome))
}

/// Ends the registration and audits it, in the caller's transaction.
async fn finish(
    tx: &mut sqlx::AnyConnection,
    row: &NumberRow,
    outcome: &Outcome,
) -> Result<(), sqlx::Error> {
    db::number_readiness::end_registration(tx, row, outcome.error()).await?;
    let detail =
        serde_json::json!({ "mode": row.mode.as_str(), "error": outcome.error() }).to_string();
    let action = match outcome {
        Outcome::Registered => "whatsapp_number.registered",
        Outcome::Failed(_) => "whatsapp_number.registration_failed",
    };
    let entry = AuditEntry {
        actor_kind: "system",
        action,
        target_kind: Some("phone_number"),
        target_id: Some(&row.phone_number_id),
        vendor_id: Some(&row.vendor_id),
        detail: Some(&detail),
        ..AuditEntry::default()
    };
    db::audit::record_with(&mut *tx, entry).await
}
