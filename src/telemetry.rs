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

/// A failed request, logged by whose failure it is:
/// - a 503 (the instance draining, the database unavailable) is expected during restarts:
///   a warning;
/// - a 502 or 504 passes on Meta's failure (unreachable, timed out, answering 5xx), which
///   this server cannot mend and which the connect events record: a warning;
/// - every other server error is this server's own: an error.
pub fn request_failed(
    failure: tower_http::classify::ServerErrorsFailureClass,
    latency: std::time::Duration,
    _span: &tracing::Span,
) {
    use axum::http::StatusCode;
    use tower_http::classify::ServerErrorsFailureClass;
    let latency_ms = latency.as_millis();
    match failure {
        ServerErrorsFailureClass::StatusCode(status @ StatusCode::SERVICE_UNAVAILABLE) => {
            tracing::warn!(%status, latency_ms, "service unavailable");
        }
        ServerErrorsFailureClass::StatusCode(
            status @ (StatusCode::BAD_GATEWAY | StatusCode::GATEWAY_TIMEOUT),
        ) => {
            tracing::warn!(%status, latency_ms, "upstream failed");
        }
        failure => tracing::error!(classification = %failure, latency_ms, "response failed"),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::{loggable_path, request_failed};

    /// What a subscriber wrote, for a test to read.
    #[derive(Clone, Default)]
    struct Written(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Written {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .expect("not poisoned")
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// The line `request_failed` logs for a response of `status`.
    fn logged_for(status: u16) -> String {
        let written = Written::default();
        let writer = written.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        tracing::subscriber::with_default(subscriber, || {
            request_failed(
                tower_http::classify::ServerErrorsFailureClass::StatusCode(
                    axum::http::StatusCode::from_u16(status).expect("a status"),
                ),
                std::time::Duration::from_millis(7),
                &tracing::Span::none(),
            );
        });
        let bytes = written.0.lock().expect("not poisoned").clone();
        String::from_utf8(bytes).expect("UTF-8")
    }

    #[test]
    fn only_this_servers_own_failures_are_errors() {
        for (status, level, message) in [
            (500, " ERROR ", "response failed"),
            (503, " WARN ", "service unavailable"),
            (502, " WARN ", "upstream failed"),
            (504, " WARN ", "upstream failed"),
        ] {
            let line = logged_for(status);
            assert!(
                line.contains(level) && line.contains(message) && line.contains("latency_ms=7"),
                "{status}: {line}"
            );
        }
    }

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
