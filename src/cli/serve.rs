use std::{process::ExitCode, time::Duration};

use super::args::ServeArgs;
use crate::{config::Settings, startup::Application, telemetry};

pub async fn run(database_url: String, args: ServeArgs) -> ExitCode {
    telemetry::init(args.log_format);
    let settings = Settings {
        database_url,
        database_max_connections: args.database_max_connections,
        addr: args.addr,
        site_root: args.site_root,
        session_retention: Duration::from_secs(args.session_retention_hours.saturating_mul(3600)),
    };
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(e) => {
            tracing::error!(error = %e, "could not start");
            eprintln!("whatsportal: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(port = app.port(), "listening");
    match app.run_until(shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("whatsportal: server error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
    // Give load balancers a moment to notice before connections close.
    tokio::time::sleep(Duration::from_millis(100)).await;
}
