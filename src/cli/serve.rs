use std::{process::ExitCode, time::Duration};

use super::args::{MetaArgs, ServeArgs};
use crate::{
    config::{Environment, MetaMode, MetaSettings, Settings},
    startup::Application,
    telemetry,
};

fn meta_settings(args: MetaArgs, environment: Environment) -> MetaSettings {
    let default_mode = match environment {
        Environment::Development => MetaMode::Simulator,
        Environment::Production => MetaMode::Live,
    };
    let timeout = Duration::from_millis(args.meta_timeout_ms.max(1));
    match args.meta_mode.unwrap_or(default_mode) {
        MetaMode::Simulator => MetaSettings {
            timeout,
            ..MetaSettings::simulator()
        },
        MetaMode::Live => MetaSettings {
            mode: MetaMode::Live,
            app_id: args.meta_app_id,
            app_secret: args.meta_app_secret,
            config_id: args.meta_config_id,
            api_version: args.meta_api_version,
            graph_url: args.meta_graph_url,
            sdk_url: args.meta_sdk_url,
            web_origin: args.meta_web_origin,
            timeout,
        },
    }
}

pub async fn run(database_url: String, args: ServeArgs) -> ExitCode {
    telemetry::init(args.log_format);
    let settings = Settings {
        environment: args.environment,
        database_url,
        database_max_connections: args.database_max_connections,
        addr: args.addr,
        site_root: args.site_root,
        data_dir: args.data_dir,
        session_retention: Duration::from_secs(args.session_retention_hours.saturating_mul(3600)),
        allow_simulator_in_production: args.meta.meta_allow_simulator_in_production,
        meta: meta_settings(args.meta, args.environment),
        encryption_keys: args.encryption_keys,
        trust_forwarded_for: args.trust_forwarded_for,
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
