//! WhatsPortal staff: accounts, sign-in and sessions, password hashing, and the
//! one-time messages of the admin pages.

pub mod accounts;
pub mod auth;
pub mod flash;
pub(crate) mod passwords;
