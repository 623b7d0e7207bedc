//! WhatsPortal staff: accounts, sign-in and sessions, password hashing, and the
//! one-time messages of the admin pages.

pub mod accounts;
pub mod auth;
pub mod devices;
pub mod flash;
pub mod throttle;

pub use passwords::checks_run as password_checks_run;
pub(crate) mod passwords;
