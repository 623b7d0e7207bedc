use std::process::ExitCode;

use super::args::ServeArgs;
use crate::{config::Environment, startup::Application, telemetry};

pub async fn run(database_url: String, environment: Environment, args: ServeArgs) -> ExitCode {
    let _flushed_at_exit = telemetry::init(args.log_format);
    if args.demo && environment == Environment::Production {
        eprintln!("whatsportal: the demo is for development only");
        return ExitCode::FAILURE;
    }
    let demo = args.demo.then_some(args.demo_addr);
    let settings = match args.into_settings(database_url, environment) {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("whatsportal: {message}");
            return ExitCode::FAILURE;
        }
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
    if let Some(demo_addr) = demo {
        if let Err(message) = start_demo(&app, demo_addr).await {
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
