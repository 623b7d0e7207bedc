//! The vendor page's server actions, shared by its sections.

use leptos::prelude::*;

use crate::server_fns::admin::{
    AddOrigin, AddReturnUrl, CreateKey, InviteUser, RedeliverWebhook, RemoveOrigin,
    RemoveReturnUrl, RemoveWebhook, ResetUser, RevokeKey, RotateKey, SendTestWebhook,
    SetCoexistenceDefault, SetRateLimit, SetTheme, SetUserDisabled, SetUserRole, SetVendorActive,
    SetWebhook, UpdateVendor,
};

/// The vendor page's actions, one per form; a form's error comes back on the page the
/// server's redirect loads.
#[derive(Clone, Copy)]
pub struct VendorActions {
    pub update: ServerAction<UpdateVendor>,
    pub set_active: ServerAction<SetVendorActive>,
    pub create_key: ServerAction<CreateKey>,
    pub revoke_key: ServerAction<RevokeKey>,
    pub rotate_key: ServerAction<RotateKey>,
    pub add_origin: ServerAction<AddOrigin>,
    pub remove_origin: ServerAction<RemoveOrigin>,
    pub add_return_url: ServerAction<AddReturnUrl>,
    pub remove_return_url: ServerAction<RemoveReturnUrl>,
    pub set_webhook: ServerAction<SetWebhook>,
    pub remove_webhook: ServerAction<RemoveWebhook>,
    pub redeliver_webhook: ServerAction<RedeliverWebhook>,
    pub send_test_webhook: ServerAction<SendTestWebhook>,
    pub invite_user: ServerAction<InviteUser>,
    pub reset_user: ServerAction<ResetUser>,
    pub set_user_role: ServerAction<SetUserRole>,
    pub set_user_disabled: ServerAction<SetUserDisabled>,
    pub set_rate_limit: ServerAction<SetRateLimit>,
    pub set_theme: ServerAction<SetTheme>,
    pub set_coexistence_default: ServerAction<SetCoexistenceDefault>,
}

impl VendorActions {
    /// Makes the actions for the page's sections.
    pub fn provide() {
        let actions = Self {
            update: ServerAction::new(),
            set_active: ServerAction::new(),
            create_key: ServerAction::new(),
            revoke_key: ServerAction::new(),
            rotate_key: ServerAction::new(),
            add_origin: ServerAction::new(),
            remove_origin: ServerAction::new(),
            add_return_url: ServerAction::new(),
            remove_return_url: ServerAction::new(),
            set_webhook: ServerAction::new(),
            remove_webhook: ServerAction::new(),
            redeliver_webhook: ServerAction::new(),
            send_test_webhook: ServerAction::new(),
            invite_user: ServerAction::new(),
            reset_user: ServerAction::new(),
            set_user_role: ServerAction::new(),
            set_user_disabled: ServerAction::new(),
            set_rate_limit: ServerAction::new(),
            set_theme: ServerAction::new(),
            set_coexistence_default: ServerAction::new(),
        };
        provide_context(actions);
    }
}
