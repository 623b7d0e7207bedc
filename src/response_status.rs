//! The HTTP status of the answer being made, from a page render or a server function.

/// Sets the status of the current answer on the server; in the browser there is no
/// answer to set, and this does nothing.
pub fn set(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// Asks the client of the current answer to wait `seconds` before trying again
/// (`Retry-After`).
#[cfg(feature = "ssr")]
pub fn retry_after(seconds: u32) {
    if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        response.insert_header(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(seconds),
        );
    }
}
