//! Registering the number by Meta's rules: read its state first (a number already on
//! the Cloud API needs no register); use the number's own PIN, stored sealed per phone
//! number before it is sent; never retry register automatically (10 calls per number in
//! 72 hours); and tell the customer precisely what Meta's refusals mean.

use super::Signup;
use crate::{
    db::{self, phone_pins::PinSource},
    domain::Pin,
    model::connect::ConnectError,
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

async fn store_pin(
    signup: &Signup<'_>,
    phone: &str,
    pin: &Pin,
    source: PinSource,
) -> Result<(), ConnectError> {
    let sealed = signup
        .meta
        .keyring
        .seal(pin.expose().as_bytes(), &token_rows::phone_pin(phone));
    db::phone_pins::store(signup.db, phone, &sealed, source)
        .await
        .map_err(internal)
}

/// Keeps the PIN the customer typed as the number's PIN.
pub(super) async fn keep_customer_pin(
    signup: &Signup<'_>,
    phone: &str,
    pin: &Pin,
) -> Result<(), ConnectError> {
    store_pin(signup, phone, pin, PinSource::Customer).await
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

/// The number's PIN and whether the customer gave it: the stored one, else one this
/// workspace set on it before PINs were kept per number, else six new digits. Stored
/// before register sees it, so a number never ends up with a PIN nobody kept.
async fn pin_for(signup: &Signup<'_>, phone: &str) -> Result<(Pin, bool), ConnectError> {
    if let Some(stored) = db::phone_pins::find(signup.db, phone)
        .await
        .map_err(internal)?
    {
        let pin = open_pin(
            signup,
            &stored.key_id,
            &stored.pin_ciphertext,
            &token_rows::phone_pin(phone),
        )?;
        return Ok((pin, stored.from_customer()));
    }
    let workspace_id = &signup.session.workspace_id;
    let legacy = db::whatsapp_connections::find(signup.db, workspace_id)
        .await
        .map_err(internal)?
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
    store_pin(signup, phone, &pin, PinSource::Generated).await?;
    Ok((pin, false))
}

pub(super) async fn ensure_registered(
    signup: &Signup<'_>,
    phone: &str,
    token: &str,
) -> Result<(), Stop> {
    let graph = &signup.meta.graph;
    let state = graph
        .phone_number_state(phone, token)
        .await
        .map_err(|e| Stop::Failed(graph_failure(&e)))?;
    if state.is_registered() {
        return Ok(());
    }
    let (pin, from_customer) = pin_for(signup, phone).await.map_err(Stop::Failed)?;
    let Err(error) = graph
        .register_phone_number(phone, token, pin.expose())
        .await
    else {
        return Ok(());
    };
    Err(match error.code() {
        Some(133005) => Stop::NeedsPin {
            mismatch: from_customer,
        },
        Some(133006) => Stop::Failed(ConnectError::NumberNeedsVerification),
        Some(133016) => Stop::Failed(ConnectError::RegisterBlocked),
        _ => Stop::Failed(graph_failure(&error)),
    })
}
