//! The HTTP status of the answer being made, from a page render or a server function.

/// The `Retry-After` (seconds) of a 503: about how long a PostgreSQL restart or a
/// pool's reconnection takes (the usual reason for one, `db::is_unavailable`).
pub const RETRY_AFTER_SECONDS: u32 = 5;

/// Sets the status of the current answer on the server; in the browser there is no
/// answer to set, and this does nothing. Pages and server functions answer 503 only when
/// the database cannot serve for a moment, so a 503 also says when to try again
/// (`Retry-After`), as the vendor API's does.
pub fn set(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
        if status == axum::http::StatusCode::SERVICE_UNAVAILABLE {
            response.insert_header(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(RETRY_AFTER_SECONDS),
            );
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
