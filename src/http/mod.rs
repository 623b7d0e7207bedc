//! Request-level concerns shared by every route: cross-site refusal, the client's
//! address, and files compiled into the binary.

pub mod client_address;
pub mod csrf;
pub mod static_file;
