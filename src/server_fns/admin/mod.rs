//! The server functions of the admin area and the vendor console: thin adapters over
//! the services, each checking the caller first (a staff member's role, or a vendor
//! user's vendor and role). All are POST (form or JSON); none changes anything on GET.

mod access;
mod auth;
#[cfg(feature = "ssr")]
mod caller;
mod console_auth;
#[cfg(feature = "ssr")]
mod outcome;
#[cfg(feature = "ssr")]
mod principal;
mod reports;
#[cfg(feature = "ssr")]
mod run;
mod staff;
mod team;
mod vendors;
mod webhooks;

pub use access::*;
pub use auth::*;
pub use console_auth::*;
pub use reports::*;
pub use staff::*;
pub use team::*;
pub use vendors::*;
pub use webhooks::*;
