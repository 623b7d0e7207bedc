//! The vendor page's server actions, shared by its sections.

use leptos::prelude::*;

use crate::{
    pages::admin::refresh::Refresh,
    server_fns::admin::{
        AddOrigin, CreateKey, RedeliverWebhook, RemoveOrigin, RemoveWebhook, RevokeKey,
        SetRateLimit, SetTheme, SetVendorActive, SetWebhook, UpdateVendor,
    },
};

/// The vendor page's actions. They belong to the page, not to its sections, so that
/// their results (a key shown once, an error) outlive the reload of the page's data.
#[derive(Clone, Copy)]
pub struct VendorActions {
    pub update: ServerAction<UpdateVendor>,
    pub set_active: ServerAction<SetVendorActive>,
    pub create_key: ServerAction<CreateKey>,
    pub revoke_key: ServerAction<RevokeKey>,
    pub add_origin: ServerAction<AddOrigin>,
    pub remove_origin: ServerAction<RemoveOrigin>,
    pub set_webhook: ServerAction<SetWebhook>,
    pub remove_webhook: ServerAction<RemoveWebhook>,
    pub redeliver_webhook: ServerAction<RedeliverWebhook>,
    pub set_rate_limit: ServerAction<SetRateLimit>,
    pub set_theme: ServerAction<SetTheme>,
}

impl VendorActions {
    /// Makes the actions and reloads the page's data after each one.
    pub fn provide(refresh: Refresh) {
        let actions = Self {
            update: ServerAction::new(),
            set_active: ServerAction::new(),
            create_key: ServerAction::new(),
            revoke_key: ServerAction::new(),
            add_origin: ServerAction::new(),
            remove_origin: ServerAction::new(),
            set_webhook: ServerAction::new(),
            remove_webhook: ServerAction::new(),
            redeliver_webhook: ServerAction::new(),
            set_rate_limit: ServerAction::new(),
            set_theme: ServerAction::new(),
        };
        refresh.after(actions.update.version());
        refresh.after(actions.set_active.version());
        refresh.after(actions.create_key.version());
        refresh.after(actions.revoke_key.version());
        refresh.after(actions.add_origin.version());
        refresh.after(actions.remove_origin.version());
        refresh.after(actions.set_webhook.version());
        refresh.after(actions.remove_webhook.version());
        refresh.after(actions.redeliver_webhook.version());
        refresh.after(actions.set_rate_limit.version());
        refresh.after(actions.set_theme.version());
        provide_context(actions);
    }
}
