//! Widgets of the admin area.

mod code_input;
mod flash_view;
mod form_error;
mod load_error;
mod pager;
mod secret_once;
mod table_scroll;

pub use code_input::AuthenticatorCode;
pub use flash_view::FlashView;
pub use form_error::FormError;
pub use load_error::LoadError;
pub use pager::Pager;
pub use secret_once::SecretOnce;
pub use table_scroll::TableScroll;
