//! Completing WhatsApp Embedded Signup on the server: claim the session, exchange the
//! code at once, verify with `debug_token` that the WABA was really granted, subscribe
//! the app, register the number, then store the connection (token and PIN sealed) and
//! consume the session in one transaction. Any failure releases the claim: the session
//! stays valid and the same tab can try again.

use rand::{rngs::OsRng, TryRngCore};

use super::{
    claim::{self, graph_failure, internal},
    meta_context::{MetaContext, MetaContexts},
};
use crate::{
    db::{self, session_claims::ConnectSession, whatsapp_connections::NewWhatsAppConnection},
    model::{
        connect::{ConnectError, WhatsAppConnected, WhatsAppSignup},
        IntegrationType,
    },
    services::webhooks,
};

/// A session's PIN for two-step verification: the one already stored for the
/// workspace (a reconnect), or six new random digits.
async fn registration_pin(
    db: &db::Db,
    meta: &MetaContext,
    workspace_id: &str,
) -> Result<String, ConnectError> {
    if let Some(existing) = db::whatsapp_connections::find(db, workspace_id)
        .await
        .map_err(internal)?
    {
        if let Some(sealed) = existing.pin_ciphertext {
            let pin = meta
                .keyring
                .open(&existing.key_id, &sealed, &pin_row(workspace_id))
                .map_err(internal)?;
            return String::from_utf8(pin).map_err(internal);
        }
    }
    let mut bytes = [0u8; 4];
    OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the operating system's random number generator failed");
    Ok(format!("{:06}", u32::from_le_bytes(bytes) % 1_000_000))
}

fn token_row(workspace_id: &str) -> String {
    format!("whatsapp_connections/{workspace_id}/token")
}

fn pin_row(workspace_id: &str) -> String {
    format!("whatsapp_connections/{workspace_id}/pin")
}

/// The Meta side, once the session is claimed. Returns what to store.
async fn talk_to_meta(
    db: &db::Db,
    meta: &MetaContext,
    session: &ConnectSession,
    signup: &WhatsAppSignup,
    phone_number_id: &str,
) -> Result<(String, String), ConnectError> {
    let business_token = meta
        .graph
        .exchange_code(&signup.code)
        .await
        .map_err(|e| graph_failure(&e))?;
    let grant = meta
        .graph
        .debug_token(&business_token)
        .await
        .map_err(|e| graph_failure(&e))?;
    if !grant.is_valid || !grant.waba_ids.contains(&signup.waba_id) {
        tracing::warn!(waba_id = %signup.waba_id, "debug_token does not grant the reported WABA");
        return Err(ConnectError::NotGranted);
    }
    meta.graph
        .subscribe_app_to_waba(&signup.waba_id, &business_token)
        .await
        .map_err(|e| graph_failure(&e))?;
    let pin = registration_pin(db, meta, &session.workspace_id).await?;
    meta.graph
        .register_phone_number(phone_number_id, &business_token, &pin)
        .await
        .map_err(|e| graph_failure(&e))?;
    Ok((business_token, pin))
}

#[tracing::instrument(skip_all)]
pub async fn complete_whatsapp(
    db: &db::Db,
    metas: &MetaContexts,
    raw_token: &str,
    signup: &WhatsAppSignup,
) -> Result<WhatsAppConnected, ConnectError> {
    claim::complete_claimed(
        db,
        raw_token,
        IntegrationType::WhatsApp,
        async |session, claim_id| {
            let meta = metas.for_mode(session.mode);
            let phone_number_id = signup
                .phone_number_id
                .as_deref()
                .filter(|p| !p.is_empty())
                .ok_or(ConnectError::PhoneNumberRequired)?;
            let (business_token, pin) =
                talk_to_meta(db, meta, session, signup, phone_number_id).await?;
            let token = meta
                .keyring
                .seal(business_token.as_bytes(), &token_row(&session.workspace_id));
            let pin = meta
                .keyring
                .seal(pin.as_bytes(), &pin_row(&session.workspace_id));
            let stored = db::whatsapp_connections::store_and_consume(
                db,
                NewWhatsAppConnection {
                    workspace_id: &session.workspace_id,
                    waba_id: &signup.waba_id,
                    phone_number_id,
                    business_id: signup.business_id.as_deref(),
                    token_ciphertext: &token.ciphertext,
                    pin_ciphertext: &pin.ciphertext,
                    key_id: &token.key_id,
                },
                &session.id,
                claim_id,
                &webhooks::events::whatsapp_connected(
                    session,
                    &signup.waba_id,
                    phone_number_id,
                    signup.business_id.as_deref(),
                ),
            )
            .await
            .map_err(internal)?;
            if !stored {
                return Err(ConnectError::AlreadyUsed);
            }
            Ok(WhatsAppConnected {
                account_id: session.account_id.clone(),
                waba_id: signup.waba_id.clone(),
                phone_number_id: phone_number_id.to_owned(),
                state: session.state.clone(),
                livemode: session.mode.is_live(),
                target_origin: session.origin.clone(),
            })
        },
    )
    .await
}
