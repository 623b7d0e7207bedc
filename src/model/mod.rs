//! Types shared by the server and the wasm client: what server functions take and
//! return. No server-only code here.

pub mod admin;
pub mod connect;
