//! The product's rules, one implementation each, grouped by area. The REST API, the
//! server functions and the operations CLI are thin adapters over these functions.
//!
//! - `connect`: sessions for vendors, the connect pages, completing both Meta flows;
//! - `coexistence`: WhatsApp Business app numbers: their one-time contacts and history
//!   syncs, and what Meta sends of the app (history, contacts, messages sent from it);
//! - `vendors`: vendor accounts, API keys and origins, the key check, workspace status;
//! - `console`: vendors' own users of the vendor console, their invitations and sign-in;
//! - `staff`: staff accounts, sign-in, passwords, one-time messages;
//! - `reports`: what the admin pages show;
//! - `webhooks`: events for vendors, their signing, endpoints and delivery;
//! - `readiness`: whether each connected WhatsApp number can send, and its registration
//!   once Meta approves the display name;
//! - `reseal`: every sealed value re-encrypted under the first key (key rotation).

mod actor;
pub mod coexistence;
pub mod connect;
pub mod console;
mod error;
pub mod lifecycle;
pub mod readiness;
pub mod reports;
pub mod reseal;
pub mod staff;
pub mod sweeper;
pub mod time_text;
pub mod vendors;
pub mod webhooks;

pub use actor::Actor;
pub use error::ServiceError;
