//! Registering the number by Meta's rules: read its state first (a number already on
//! the Cloud API needs no register); use the number's own PIN; never retry register
//! automatically (10 calls per number in 72 hours); and tell the customer precisely
//! what Meta's refusals mean.
//!
//! A PIN belongs to the signup that holds it until Meta accepts a register with it:
//! the customer's, accepted only for the number this signup verified on its WABA with
//! its own business token, or one generated for a number without a PIN (kept on the
//! signup before register sees it, so a number never ends up with a PIN nobody kept).
//! Only then does it become the number's PIN, per mode. Every PIN write is audited,
//! never the PIN.

use super::Signup;
use crate::{
    db::{self, audit::AuditEntry, phone_pins::PinSource},
    domain::Pin,
    meta::graph::PhoneNumberState,
    model::{connect::ConnectError, Named},
    services::connect::{
        claim::{graph_failure, internal},
        token_rows,
    },
};

/// Why registration stopped.
pub(super) enum Stop {
    /// 133005: the number already has a two-step PIN; the customer must type it.
    /// `mismatch` when the PIN tried was the customer's.
    NeedsPin {
        mismatch: bool,
    },
    Failed(ConnectError),
}

/// An audit line of a PIN written for `phone` (what was written, never the PIN).
fn pin_audit<'a>(
    signup: &'a Signup<'_>,
    action: &'a str,
    phone: &'a str,
    detail: &'a str,
) -> AuditEntry<'a> {
    AuditEntry {
        actor_kind: "connect_session",
        actor_id: Some(&signup.session.id),
        action,
        target_kind: Some("phone_number"),
        target_id: Some(phone),
        vendor_id: Some(&signup.session.vendor_id),
        detail: Some(detail),
        ..AuditEntry::default()
    }
}

fn detail(signup: &Signup<'_>, source: PinSource) -> String {
    serde_json::json!({ "mode": signup.session.mode.as_str(), "source": source.as_str() })
        .to_string()
}

/// Keeps `pin` on the signup, for the number it verified.
async fn keep_on_signup(
    signup: &Signup<'_>,
    phone: &str,
    pin: &Pin,
    source: PinSource,
) -> Result<(), ConnectError> {
    let session_id = &signup.session.id;
    let sealed = signup
        .meta
        .keyring
        .seal(pin.expose().as_bytes(), &token_rows::signup_pin(session_id));
    let pin = Some((&sealed, source.as_str()));
    db::whatsapp_signups::keep_pin(signup.db.writer(), session_id, pin).await?;
    let action = match source {
        PinSource::Customer => "whatsapp_pin.received",
        PinSource::Generated => "whatsapp_pin.generated",
    };
    let detail = detail(signup, source);
    db::audit::record(signup.db, pin_audit(signup, action, phone, &detail))
        .await
        .map_err(internal)
}

/// Keeps the PIN the customer typed for the number this signup verified; `NotStarted`
/// (nothing written) when the signup has verified no number.
pub(super) async fn keep_customer_pin(
    signup: &Signup<'_>,
    kept: &db::whatsapp_signups::Signup,
    pin: &Pin,
) -> Result<(), ConnectError> {
    let phone = kept.verified_number().ok_or(ConnectError::NotStarted)?;
    keep_on_signup(signup, phone, pin, PinSource::Customer).await
}

fn open_pin(
    signup: &Signup<'_>,
    key_id: &str,
    sealed: &str,
    row: &str,
) -> Result<Pin, ConnectError> {
    let plain = signup
        .meta
        .keyring
        .open(key_id, sealed, row)
        .map_err(internal)?;
    let text = String::from_utf8(plain).map_err(internal)?;
    Pin::parse(&text).map_err(internal)
}

/// The PIN a register call is made with.
struct PinChoice {
    pin: Pin,
    source: PinSource,
    /// Already the number's stored PIN (nothing to store when Meta accepts it).
    stored: bool,
}

/// The PIN to register with: the one the signup holds, else the number's stored one,
/// else one this workspace set on it before PINs were kept per number, else six new
/// digits (kept on the signup first).
async fn pin_for(
    signup: &Signup<'_>,
    kept: &db::whatsapp_signups::Signup,
    phone: &str,
) -> Result<PinChoice, ConnectError> {
    if let (Some(sealed), Some(key_id)) = (&kept.pin_ciphertext, &kept.pin_key_id) {
        let row = token_rows::signup_pin(&signup.session.id);
        return Ok(PinChoice {
            pin: open_pin(signup, key_id, sealed, &row)?,
            source: PinSource::parse(kept.pin_source.as_deref().unwrap_or_default()),
            stored: false,
        });
    }
    let mode = signup.session.mode;
    let stored = db::phone_pins::find(signup.db, mode, phone).await?;
    if let Some(stored) = &stored {
        let row = token_rows::phone_pin(mode, phone);
        return Ok(PinChoice {
            pin: open_pin(signup, &stored.key_id, &stored.pin_ciphertext, &row)?,
            source: match stored.from_customer() {
                true => PinSource::Customer,
                false => PinSource::Generated,
            },
            stored: true,
        });
    }
    let workspace_id = &signup.session.workspace_id;
    let legacy = db::whatsapp_connections::find(signup.db, workspace_id)
        .await?
        .filter(|c| c.phone_number_id.as_deref() == Some(phone));
    let pin = match legacy
        .as_ref()
        .and_then(|c| Some((c.key_id.as_deref()?, c.pin_ciphertext.as_deref()?)))
    {
        Some((key_id, sealed)) => open_pin(
            signup,
            key_id,
            sealed,
            &token_rows::legacy_pin(workspace_id),
        )?,
        None => Pin::generate(),
    };
    keep_on_signup(signup, phone, &pin, PinSource::Generated).await?;
    Ok(PinChoice {
        pin,
        source: PinSource::Generated,
        stored: false,
    })
}

/// Meta accepted `pin` for `phone`: it is now the number's PIN in this mode, and the
/// signup no longer holds it.
async fn keep_for_number(
    signup: &Signup<'_>,
    phone: &str,
    pin: &Pin,
    source: PinSource,
) -> Result<(), sqlx::Error> {
    let mode = signup.session.mode;
    let sealed = signup
        .meta
        .keyring
        .seal(pin.expose().as_bytes(), &token_rows::phone_pin(mode, phone));
    let detail = detail(signup, source);
    let mut tx = signup.db.writer().begin().await?;
    db::phone_pins::store(&mut tx, mode, phone, &sealed, source).await?;
    db::whatsapp_signups::keep_pin(&mut *tx, &signup.session.id, None).await?;
    let entry = pin_audit(signup, "whatsapp_pin.stored", phone, &detail);
    db::audit::record_with(&mut *tx, entry).await?;
    tx.commit().await
}

/// How the number ended up.
pub(super) enum Registered {
    /// On the Cloud API already.
    Done,
    /// Registered by this call: what Meta said of it before is out of date.
    Now,
    /// Its display name awaits Meta's approval: registered once approved, with this PIN.
    Deferred { pin: Pin, source: PinSource },
}

/// Registers the number whose state `state` Meta just gave, unless it is registered
/// already or its display name still awaits approval (then the PIN it will use is
/// chosen now).
pub(super) async fn ensure_registered(
    signup: &Signup<'_>,
    kept: &db::whatsapp_signups::Signup,
    phone: &str,
    token: &str,
    state: &PhoneNumberState,
) -> Result<Registered, Stop> {
    if state.is_registered() {
        return Ok(Registered::Done);
    }
    let choice = pin_for(signup, kept, phone).await.map_err(Stop::Failed)?;
    if state.name_awaits_approval() {
        return Ok(Registered::Deferred {
            pin: choice.pin,
            source: choice.source,
        });
    }
    let graph = &signup.meta.graph;
    let Err(error) = graph
        .register_phone_number(phone, token, choice.pin.expose())
        .await
    else {
        if choice.stored {
            return Ok(Registered::Now);
        }
        return keep_for_number(signup, phone, &choice.pin, choice.source)
            .await
            .map(|()| Registered::Now)
            .map_err(|e| Stop::Failed(e.into()));
    };
    let from_customer = choice.source == PinSource::Customer;
    Err(match error.code() {
        Some(133005) => Stop::NeedsPin {
            mismatch: from_customer,
        },
        Some(133006) => Stop::Failed(ConnectError::NumberNeedsVerification),
        Some(133016) => Stop::Failed(ConnectError::RegisterBlocked),
        _ => Stop::Failed(graph_failure(&error)),
    })
}
