//! Logging. Request logs name the method and path only: query strings carry session
//! tokens and are never written, and a path segment that looks like a secret (a session
//! token or an API key pasted where an id belongs) is written as `[redacted]`.

use std::io::IsTerminal;

use tracing_subscriber::{fmt, prelude::*, EnvFilter};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Installs the global subscriber; `RUST_LOG` overrides the default filter. Lines are
/// written by a thread of their own, so a request never waits on stderr (unless a
/// burst fills the buffer: then it waits rather than losing lines); colours only when
/// stderr is a terminal. Keep the guard until the process ends: dropping it flushes
/// what is buffered.
pub fn init(format: LogFormat) -> tracing_appender::non_blocking::WorkerGuard {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let (writer, guard) = tracing_appender::non_blocking::NonBlockingBuilder::default()
        .lossy(false)
        .thread_name("whatsportal-log")
        .finish(std::io::stderr());
    let colours = std::io::stderr().is_terminal();
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Text => registry
            .with(fmt::layer().with_ansi(colours).with_writer(writer))
            .try_init(),
        LogFormat::Json => registry
            .with(fmt::layer().json().with_writer(writer))
            .try_init(),
    };
    // A second call (tests start many servers in one process) keeps the first subscriber.
    drop(result);
    guard
}

/// The path as logged: a segment of 32 or more hex digits (the shape of our session
/// tokens and API keys) is replaced, whatever route it reached.
fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    let secret_like =
        |segment: &str| segment.len() >= 32 && segment.bytes().all(|b| b.is_ascii_hexdigit());
    if !path.split('/').any(secret_like) {
        return path.into();
    }
    path.split('/')
        .map(|segment| {
            if secret_like(segment) {
                "[redacted]"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
        .into()
}

/// The span of one HTTP request: method and path, never the query.
pub fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %loggable_path(request.uri().path()),
    )
}

/// A failed request: a 503 (the instance draining, the database unavailable) is expected
/// during restarts and is a warning, every other server error an error.
pub fn request_failed(
    failure: tower_http::classify::ServerErrorsFailureClass,
    latency: std::time::Duration,
    _span: &tracing::Span,
) {
    use tower_http::classify::ServerErrorsFailureClass;
    let latency_ms = latency.as_millis();
    match failure {
        ServerErrorsFailureClass::StatusCode(status)
            if status == axum::http::StatusCode::SERVICE_UNAVAILABLE =>
        {
            tracing::warn!(%status, latency_ms, "service unavailable");
        }
        failure => tracing::error!(classification = %failure, latency_ms, "response failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn a_token_in_a_path_is_never_logged() {
        let token = "7cfee12f64aacc5e3dc40c57c55936e43a63c56064919b2fecf87d5dd1a9af7f";
        assert_eq!(
            loggable_path(&format!("/api/vendor/sessions/{token}")),
            "/api/vendor/sessions/[redacted]"
        );
        assert_eq!(
            loggable_path(&format!("/api/vendor/workspaces/{token}/whatsapp")),
            "/api/vendor/workspaces/[redacted]/whatsapp"
        );
        // Ids and Meta's numeric ids stay readable.
        for path in [
            "/api/vendor/sessions/ses_01a24deb632b13ac57462c36",
            "/api/vendor/workspaces/customer_123/pages/611000000001001",
            "/vendor/connect/whatsapp",
        ] {
            assert_eq!(loggable_path(path), path);
        }
    }
}
