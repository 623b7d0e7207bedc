//! The admin area's server functions: thin adapters over the services, each checking
//! the signed-in staff member's role first. All are POST (form or JSON); none changes
//! anything on GET.

mod access;
mod auth;
#[cfg(feature = "ssr")]
mod caller;
#[cfg(feature = "ssr")]
mod outcome;
mod reports;
#[cfg(feature = "ssr")]
mod run;
mod staff;
mod vendors;
mod webhooks;

pub use access::*;
pub use auth::*;
pub use reports::*;
pub use staff::*;
pub use vendors::*;
pub use webhooks::*;
