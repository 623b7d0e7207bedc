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
        MetaMode::Simulator => crate::meta::simulator::settings(timeout),
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
    if args.demo && args.environment == Environment::Production {
        eprintln!("whatsportal: the demo is for development only");
        return ExitCode::FAILURE;
    }
    let args_demo = (args.demo, args.demo_addr);
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
        webhooks: crate::config::DeliverySettings::standard(
            args.environment == Environment::Development,
        ),
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
    if args_demo.0 {
        if let Err(message) = start_demo(&app, args_demo.1).await {
            eprintln!("whatsportal: {message}");
            return ExitCode::FAILURE;
        }
    }
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

/// Seeds the demo vendor and serves the demo product beside the server; prints where
/// to click (the admin password only the first time, when it is created).
async fn start_demo(app: &Application, demo_addr: std::net::SocketAddr) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(demo_addr)
        .await
        .map_err(|e| format!("the demo could not listen on {demo_addr}: {e}"))?;
    let demo_origin = listener
        .local_addr()
        .map(crate::demo::origin_of)
        .map_err(|e| e.to_string())?;
    let seeded = crate::demo::seed(app.db(), app.keyring(), &demo_origin)
        .await
        .map_err(|e| format!("seeding the demo failed: {e}"))?;
    let app_url = format!("http://127.0.0.1:{}", app.port());
    let admin = match &seeded.new_admin_password {
        Some(password) => format!(
            "{} / {password}   (shown this once)",
            crate::demo::ADMIN_EMAIL
        ),
        None => format!(
            "{} (its password was printed on the first start; `whatsportal admin create --email ...` makes another)",
            crate::demo::ADMIN_EMAIL
        ),
    };
    println!(
        "\nDemo ready:\n  vendor product (test mode): {demo_origin}\n  admin area:                 {app_url}/admin   login {admin}\n  guide for vendors:          {app_url}/docs\n"
    );
    tokio::spawn(crate::demo::serve(
        listener,
        app_url,
        seeded.api_key,
        seeded.webhook_secret,
    ));
    Ok(())
}
