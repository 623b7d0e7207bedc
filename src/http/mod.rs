//! Request-level concerns shared by every route: cross-site refusal, the staff cookie
//! and the admin pages' guard, the client's address, time limits on slow clients, and
//! files compiled into the binary.

pub mod admin_guard;
pub mod client_address;
pub mod connect_cookies;
pub mod csrf;
pub mod dev_host;
pub mod nul_guard;
pub mod redirect;
pub mod slow_clients;
pub mod staff_cookie;
pub mod static_file;
