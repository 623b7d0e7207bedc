//! Validated values. Each type's `parse` is the only way to build it from outside input,
//! so a value of the type is proof that it passed the rules of the contract.

mod addresses;
mod external_id;
mod logo_url;
mod meta_values;
mod new_number;
mod origin;
mod password;
mod prefill;
mod return_url;
mod secret_token;
mod session_ref;
mod session_state;
mod staff_email;
mod text;
mod vendor_name;
mod workspace_name;

pub use addresses::{throttle_key, TrustedProxies};
pub use external_id::ExternalId;
pub use logo_url::LogoUrl;
pub use meta_values::{AttemptId, MetaCredential, MetaId, Pin};
pub use new_number::{CodeMethod, NewNumber, VerificationCode};
pub use origin::Origin;
pub use password::NewPassword;
pub use prefill::Prefill;
pub use return_url::ReturnUrl;
pub use secret_token::{
    ApiKey, BrowserKey, ConsoleSessionToken, DialogState, HandOffCode, InvitationToken,
    SessionToken, SetupLinkToken, StaffSessionToken, TokenHash,
};
pub use session_ref::SessionRef;
pub use session_state::SessionState;
pub use staff_email::StaffEmail;
pub use vendor_name::VendorName;
pub use workspace_name::WorkspaceName;

/// Why a value was refused. The message names the field and says what is expected,
/// so it can go to a vendor's developer or a staff member as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

impl Invalid {
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}
