//! The product's rules, one implementation each. The REST API, the server functions and
//! the operations CLI are thin adapters over these functions.

mod actor;
pub mod admin_flash;
pub mod admin_reports;
pub mod audit_report;
pub mod complete_whatsapp;
pub mod connect_page;
pub mod connect_pages;
pub mod create_session;
mod error;
pub mod meta_context;
pub(crate) mod passwords;
pub mod session_claim;
pub mod session_sweeper;
pub mod staff_admin;
pub mod staff_auth;
mod time_text;
pub mod vendor_access;
pub mod vendor_admin;
pub mod vendor_auth;
pub mod webhook_admin;
pub mod webhook_delivery;
pub mod webhook_events;
pub mod webhook_signing;
pub mod workspace_report;
pub mod workspace_status;

pub use actor::Actor;
pub use error::ServiceError;
