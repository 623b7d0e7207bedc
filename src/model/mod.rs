//! Types shared by the server and the wasm client: what server functions take and
//! return. No server-only code here.

pub mod add_number;
pub mod admin;
pub mod coexistence;
pub mod connect;
mod connect_error;
mod connection_status;
mod event_origins;
mod integration_type;
mod mode;
mod named;
pub mod readiness;
mod staff_role;
pub mod theme;
mod vendor_role;
pub mod whatsapp;

pub use connection_status::ConnectionStatus;
pub use event_origins::{twin_origin, EventOrigins};
pub use integration_type::IntegrationType;
pub use mode::Mode;
pub use named::Named;
pub use staff_role::StaffRole;
pub use vendor_role::VendorRole;

/// How both typed errors take a failure of the server function machinery. On the
/// server it is a request that could not be decoded: logged, answered with 400 and
/// `bad_request` (without the decoder's text). In the browser it is a failed call to
/// the server: `transport` with what went wrong.
pub(crate) fn machinery_failure<E>(
    error: leptos::server_fn::error::ServerFnErrorErr,
    bad_request: E,
    transport: impl FnOnce(String) -> E,
) -> E {
    #[cfg(feature = "ssr")]
    {
        let _ = transport;
        tracing::info!(%error, "refused an undecodable server function request");
        crate::response_status::set(400);
        bad_request
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = bad_request;
        transport(error.to_string())
    }
}
