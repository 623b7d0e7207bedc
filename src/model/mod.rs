//! Types shared by the server and the wasm client: what server functions take and
//! return. No server-only code here.

pub mod admin;
pub mod connect;
mod integration_type;
mod mode;
mod staff_role;

pub use integration_type::IntegrationType;
pub use mode::Mode;
pub use staff_role::StaffRole;

/// On the server, a server function request that could not be decoded: logged, and
/// answered with 400 (the typed error says so without the decoder's text).
#[cfg(feature = "ssr")]
pub(crate) fn refuse_undecodable(error: &leptos::server_fn::error::ServerFnErrorErr) {
    tracing::info!(%error, "refused an undecodable server function request");
    crate::response_status::set(400);
}
