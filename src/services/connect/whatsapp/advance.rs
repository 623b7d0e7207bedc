//! Taking a signup as far as it can go with what is kept: verify the WABA (and the
//! number) with the business token, subscribe the app, register the number, store the
//! connection and consume the session.

use super::{register, Brought, Signup};
use crate::{
    db::{
        self,
        number_readiness::{FirstReading, Registration},
        whatsapp_connections::{ConnectionStatus, NewWhatsAppConnection},
        whatsapp_signups,
    },
    meta::graph::{GraphError, GraphErrorKind, PhoneNumberState},
    model::{
        connect::{ConnectError, WhatsAppConnected},
        whatsapp::WhatsAppStep,
        Named,
    },
    services::{
        coexistence::sync as coexistence_sync,
        connect::{
            claim::{graph_failure, internal},
            complete::{complete, Completion, Connected},
            token_rows,
        },
        readiness::{assess::assess, ReadinessView},
        webhooks,
    },
};

/// The associated data a connection's business token is sealed with.
/// A WABA the token cannot read: Meta answers code 100 (subcode 33, "does not exist,
/// cannot be loaded due to missing permissions") or a permission error.
fn waba_failure(error: &GraphError) -> ConnectError {
    match error {
        GraphError::Api {
            kind: GraphErrorKind::Rejected | GraphErrorKind::PermissionDenied,
            ..
        } => ConnectError::NotGranted,
        other => graph_failure(other),
    }
}

/// A number verified on the WABA: its id, and how Meta displays it.
struct Number {
    id: String,
    display: String,
}

/// The number the signup is for: the one the event named (it must be among the WABA's
/// numbers), or, after a WhatsApp Business app onboarding whose event named none, the
/// WABA's one number. `None`: no number yet.
async fn find_number(
    signup: &Signup<'_>,
    token: &str,
    waba_id: &str,
    named: Option<&str>,
    coexistence: bool,
) -> Result<Option<Number>, ConnectError> {
    if named.is_none() && !coexistence {
        return Ok(None);
    }
    let numbers = signup
        .meta
        .graph
        .phone_numbers(waba_id, token)
        .await
        .map_err(|e| waba_failure(&e))?;
    let found = match named {
        Some(phone) => numbers
            .into_iter()
            .find(|n| n.id == phone)
            .ok_or(ConnectError::NumberNotOnWaba)?,
        None => match <[_; 1]>::try_from(numbers) {
            Ok([only]) => only,
            Err(numbers) if numbers.is_empty() => return Ok(None),
            Err(_) => return Err(ConnectError::NumberNotNamed),
        },
    };
    Ok(Some(Number {
        id: found.id,
        display: found.display_phone_number,
    }))
}

/// Confirms what the browser reported, functionally: the token reads the WABA, and the
/// number is among the WABA's numbers. Then subscribes the app. Returns the WABA's name
/// and the number.
async fn verify(
    signup: &Signup<'_>,
    token: &str,
    waba_id: &str,
    named: Option<&str>,
    coexistence: bool,
) -> Result<(String, Option<Number>), ConnectError> {
    let graph = &signup.meta.graph;
    let waba = graph
        .waba(waba_id, token)
        .await
        .map_err(|e| waba_failure(&e))?;
    if waba.id != waba_id {
        return Err(ConnectError::NotGranted);
    }
    let number = find_number(signup, token, waba_id, named, coexistence).await?;
    graph
        .subscribe_app_to_waba(waba_id, token)
        .await
        .map_err(|e| graph_failure(&e))?;
    whatsapp_signups::mark_verified(
        signup.db,
        &signup.session.id,
        &waba.name,
        number.as_ref().map(|n| (n.id.as_str(), n.display.as_str())),
    )
    .await?;
    Ok((waba.name, number))
}

/// Whether `phone` is another number for a workspace whose first number is active.
async fn another_number(
    db: &db::Db,
    workspace_id: &str,
    phone: &str,
) -> Result<bool, ConnectError> {
    let first = db::whatsapp_connections::find(db, workspace_id).await?;
    Ok(first.is_some_and(|c| {
        c.status == ConnectionStatus::Active.as_str()
            && c.phone_number_id.as_deref().is_some_and(|p| p != phone)
    }))
}

/// Goes as far as the kept code and event allow, when both come from the same run of
/// Meta's dialog; otherwise says which half is awaited.
pub(super) async fn advance(
    signup: &Signup<'_>,
    brought: Brought,
) -> Result<WhatsAppStep, ConnectError> {
    let (db, session) = (signup.db, signup.session);
    let kept = whatsapp_signups::find(db, &session.id)
        .await?
        .unwrap_or_default();
    let paired = kept.token_attempt.is_some() && kept.token_attempt == kept.event_attempt;
    let (Some(sealed), Some(key_id), Some(waba_id), true) = (
        &kept.token_ciphertext,
        &kept.key_id,
        kept.waba_id.as_deref(),
        paired,
    ) else {
        return match brought {
            Brought::Code => Ok(WhatsAppStep::AwaitingEvent),
            Brought::Event => Ok(WhatsAppStep::AwaitingCode),
            Brought::Nothing => Err(ConnectError::NotStarted),
        };
    };
    advance_paired(signup, &kept, sealed, key_id, waba_id)
        .await
        .map_err(ConnectError::after_signup)
}

/// The steps after Meta's dialog, with the code and the event of one run.
async fn advance_paired(
    signup: &Signup<'_>,
    kept: &whatsapp_signups::Signup,
    sealed: &str,
    key_id: &str,
    waba_id: &str,
) -> Result<WhatsAppStep, ConnectError> {
    let (db, session) = (signup.db, signup.session);
    let keyring = &signup.meta.keyring;
    let token = signup.business_token(kept, sealed, key_id)?;
    let coexistence = kept.is_coexistence();
    let (waba_name, number) = match kept.verified_at {
        Some(_) => (
            kept.waba_name.clone().unwrap_or_default(),
            kept.phone_number_id.clone().map(|id| Number {
                id,
                display: kept.phone_display.clone().unwrap_or_default(),
            }),
        ),
        None => {
            let named = kept.phone_number_id.as_deref();
            verify(signup, &token, waba_id, named, coexistence).await?
        }
    };
    let phone = number.as_ref().map(|n| n.id.as_str());
    let stored_token = keyring.seal(
        token.as_bytes(),
        &token_rows::whatsapp(&session.workspace_id),
    );
    let display = number.as_ref().map(|n| n.display.as_str());
    let connection = |status| NewWhatsAppConnection {
        workspace_id: &session.workspace_id,
        waba_id,
        phone_number_id: phone,
        display_phone_number: display,
        token_ciphertext: &stored_token.ciphertext,
        key_id: &stored_token.key_id,
        status,
        coexistence,
    };
    let keep_unfinished = async |status| {
        db::whatsapp_connections::keep_unfinished(db, &connection(status))
            .await
            .map_err(ConnectError::from)
    };
    let Some(number) = &number else {
        keep_unfinished(ConnectionStatus::NeedsPhoneNumber).await?;
        return Ok(WhatsAppStep::NeedsPhoneNumber { waba_name });
    };
    let phone = number.id.as_str();
    let graph = &signup.meta.graph;
    let mut state = match graph.phone_number_state(phone, &token).await {
        Ok(state) => state,
        Err(e) if !coexistence => return Err(graph_failure(&e)),
        // A WhatsApp Business app number is connected without it: its readiness is
        // read by the check instead.
        Err(_) => PhoneNumberState::default(),
    };
    // A WhatsApp Business app number is connected already: registering it would take
    // it off the app, so it is never registered.
    let registered = match coexistence {
        true => register::Registered::Done,
        false => match register::ensure_registered(signup, kept, phone, &token, &state).await {
            Ok(registered) => registered,
            Err(stop) => {
                keep_unfinished(ConnectionStatus::NeedsRegistration).await?;
                return match stop {
                    register::Stop::NeedsPin { mismatch } => Ok(WhatsAppStep::NeedsPin {
                        display_phone_number: number.display.clone(),
                        mismatch,
                    }),
                    register::Stop::Failed(error) => Err(error),
                };
            }
        },
    };
    let deferred = match &registered {
        register::Registered::Deferred { pin, source } => {
            let name = token_rows::deferred_pin(&session.workspace_id, phone);
            Some((
                keyring.seal(pin.expose().as_bytes(), &name),
                source.as_str(),
            ))
        }
        register::Registered::Now => {
            // Read again: what Meta said before the registration is out of date (no
            // answer leaves the readiness unknown, for the check to read at once).
            state = graph
                .phone_number_state(phone, &token)
                .await
                .unwrap_or_default();
            None
        }
        register::Registered::Done => None,
    };
    let registration = match deferred {
        Some(_) => Registration::AwaitingName,
        None => Registration::Done,
    };
    let reading = assess(&state, registration, None);
    let blockers = reading.blockers_json();
    let view = ReadinessView::read_now(&reading, (registration, None));
    let view = serde_json::to_value(view).map_err(internal)?;
    let event = webhooks::events::whatsapp_connected(session, waba_id, phone, coexistence, view);
    let connected = WhatsAppStep::Connected(WhatsAppConnected {
        account_id: session.account_id.clone(),
        waba_id: waba_id.to_owned(),
        phone_number_id: phone.to_owned(),
        state: session.state.clone(),
        livemode: session.mode.is_live(),
        target_origin: session.origin.clone(),
        coexistence,
        missing: reading
            .codes()
            .iter()
            .map(|c| c.as_str().to_owned())
            .collect(),
    });
    let result = serde_json::to_string(&connected).map_err(internal)?;
    let completion = Completion {
        session_id: &session.id,
        claim_id: signup.claim_id,
        result: &result,
        event: &event,
    };
    let first = FirstReading {
        workspace_id: &session.workspace_id,
        phone_number_id: phone,
        can_send: reading.can_send,
        blockers: &blockers,
        checked_at: state.health_status.is_some().then(db::now_ms),
        deferred_pin: deferred.as_ref().map(|(sealed, source)| (sealed, *source)),
    };
    // A workspace whose first number is active keeps it: another number is added
    // beside it (its token sealed for its own row). Otherwise the connection is made,
    // or made again in place. A WhatsApp Business app number takes the first place, as
    // before: its one-time syncs and the app's messages follow the first number only.
    let adds = !coexistence && another_number(db, &session.workspace_id, phone).await?;
    let number_token = adds.then(|| {
        let row = token_rows::number(&session.workspace_id, phone);
        keyring.seal(token.as_bytes(), &row)
    });
    let connection = match &number_token {
        Some(sealed) => Connected::AnotherNumber(
            NewWhatsAppConnection {
                token_ciphertext: &sealed.ciphertext,
                key_id: &sealed.key_id,
                ..connection(ConnectionStatus::Active)
            },
            first,
        ),
        None => Connected::WhatsApp(connection(ConnectionStatus::Active), first),
    };
    let stored = complete(db, connection, completion).await?;
    if !stored {
        return Err(ConnectError::AlreadyUsed);
    }
    if coexistence {
        // The contacts and the chat history, asked for once each, now, while the
        // customer already sees the result; what this cannot do (Meta out of reach,
        // this instance stopping) the sync worker does.
        let (db, meta) = (db.clone(), signup.meta.clone());
        let workspace_id = session.workspace_id.clone();
        tokio::spawn(async move {
            coexistence_sync::request_pending(&db, &meta, &workspace_id, &token).await;
        });
    }
    Ok(connected)
}
