//! Request-level concerns shared by every route: cross-site refusal and the client's address.

pub mod client_address;
pub mod csrf;
