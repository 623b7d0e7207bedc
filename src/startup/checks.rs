//! What the server refuses to start with, and where its encryption keys come from.

use crate::{
    config::{Environment, MetaMode, Settings},
    crypto::{Keyring, KeyringError},
    services::connect::full_page_dialog,
};

use super::StartupError;

/// Development turns on fault injection, plain-HTTP cookies and private webhook
/// addresses: it listens on a loopback address only, unless told otherwise explicitly.
pub(super) fn check_development(settings: &Settings) -> Result<(), StartupError> {
    let exposed = !settings.addr.ip().is_loopback();
    if settings.environment == Environment::Development
        && exposed
        && !settings.allow_network_in_development
    {
        return Err(StartupError::Refused(format!(
            "development listens on a loopback address only, and {} is not one: set \
             WHATSPORTAL_ENV=production for a deployment, or pass \
             --allow-network-in-development if this development server must be reachable \
             from the network",
            settings.addr.ip()
        )));
    }
    Ok(())
}

/// What production refuses to start with.
pub(super) fn check_production(settings: &Settings) -> Result<(), StartupError> {
    if settings.environment != Environment::Production {
        return Ok(());
    }
    let meta = &settings.meta;
    match meta.mode {
        MetaMode::Simulator if !settings.allow_simulator_in_production => {
            Err(StartupError::Refused(
                "production will not run against the Meta simulator: set META_MODE=live, or \
             META_ALLOW_SIMULATOR_IN_PRODUCTION=true for a staging deployment"
                    .into(),
            ))
        }
        MetaMode::Live
            if meta.app_id.is_empty()
                || meta.app_secret.is_empty()
                || meta.config_id.is_empty() =>
        {
            Err(StartupError::Refused(
                "META_APP_ID, META_APP_SECRET and META_CONFIG_ID are required in live mode".into(),
            ))
        }
        _ if settings.encryption_keys.is_none() => Err(StartupError::Keys(KeyringError::Missing)),
        _ => Ok(()),
    }
}

/// A live return page must be this server's, over HTTPS in production.
pub(super) fn check_return_url(settings: &Settings) -> Result<(), StartupError> {
    if settings.meta.mode != MetaMode::Live {
        return Ok(());
    }
    let production = settings.environment == Environment::Production;
    full_page_dialog::check_return_url(&settings.meta.return_url, production)
        .map_err(|why| StartupError::Refused(format!("META_RETURN_URL {why}")))
}

pub(super) fn keyring(settings: &Settings) -> Result<Keyring, KeyringError> {
    match &settings.encryption_keys {
        Some(spec) => Keyring::parse(spec.expose()),
        None if settings.environment == Environment::Development => {
            Keyring::load_or_create_dev(&settings.data_dir)
        }
        None => Err(KeyringError::Missing),
    }
}
