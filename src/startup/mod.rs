//! Building the application: state, routes, listeners; running it until it stops.
//! `checks`: what it refuses to start with; `router`: the routes and layers; `workers`:
//! the background workers beside the server.

mod checks;
mod connections;
mod router;
mod simulated_deliveries;
mod workers;

pub use router::build_router;

use std::{future::Future, sync::Arc};

use axum::Router;
use leptos::prelude::LeptosOptions;
use tokio::net::TcpListener;

use crate::{
    assets,
    config::{Environment, MetaMode, Settings, ShutdownSettings},
    crypto::{Keyring, KeyringError},
    db::{self, Db},
    meta::context::{MetaContext, MetaContexts},
    shutdown::{stop_channel, Stopper},
    simulator::Simulator,
    state::{AppState, AppStateParts},
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] db::SetupError),
    #[error("could not listen on {0}: {1}")]
    Listen(std::net::SocketAddr, std::io::Error),
    #[error(transparent)]
    Keys(#[from] KeyringError),
    #[error("{0}")]
    Refused(String),
}

/// How this server reaches itself (for the simulator's Graph API).
fn self_base_url(listener: &TcpListener) -> String {
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    match listener.local_addr().map(|a| a.ip()) {
        Ok(ip) if !ip.is_unspecified() && ip.is_ipv4() => format!("http://{ip}:{port}"),
        _ => format!("http://127.0.0.1:{port}"),
    }
}

/// This server's origin for absolute URLs: the configured public URL, else the origin of
/// the return page registered with Meta, else (development only) where it listens.
fn site_url(settings: &Settings, listener: &TcpListener) -> Option<Arc<str>> {
    if let Some(public) = &settings.public_url {
        return Some(public.as_str().into());
    }
    let returns = url::Url::parse(&settings.meta.return_url).ok();
    if let Some(url) = returns.filter(|_| settings.meta.mode == MetaMode::Live) {
        return Some(url.origin().ascii_serialization().into());
    }
    (settings.environment == Environment::Development).then(|| self_base_url(listener).into())
}

/// A built server, bound to its port but not yet serving.
pub struct Application {
    listener: TcpListener,
    /// The metrics listener, when `metrics_addr` is set.
    metrics_listener: Option<TcpListener>,
    router: Router,
    state: AppState,
    /// Gives the stop `state.stopping` carries.
    stopper: Stopper,
}

fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("whatsportal")
        .site_root(settings.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .site_addr(settings.addr)
        .hash_files(assets::hashed_build())
        .build()
}

impl Application {
    /// Opens the database (applying migrations) and binds the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        checks::check_development(&settings)?;
        checks::check_production(&settings)?;
        checks::check_return_url(&settings)?;
        let keyring = checks::keyring(&settings)?;
        let db = db::connect(&settings.database_url, settings.database_max_connections).await?;
        let listener = TcpListener::bind(settings.addr)
            .await
            .map_err(|e| StartupError::Listen(settings.addr, e))?;
        let metrics_listener = match settings.metrics_addr {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .map_err(|e| StartupError::Listen(addr, e))?,
            ),
            None => None,
        };
        let simulated = settings.meta.mode == MetaMode::Simulator;
        if simulated {
            tracing::warn!(
                "running against the Meta simulator: pages show a \"simulated Meta\" marker"
            );
        }
        if settings.meta.mode == MetaMode::Live && settings.meta.webhook_verify_token.is_empty() {
            tracing::warn!(
                "META_WEBHOOK_VERIFY_TOKEN is not set: Meta cannot verify the webhook callback URL \
                 (/meta/webhooks), so connections will not hear of removals and restrictions"
            );
        }
        let base_url = self_base_url(&listener);
        let site_url = site_url(&settings, &listener);
        if site_url.is_none() {
            tracing::warn!(
                "WHATSPORTAL_PUBLIC_URL is not set: Meta's Data Deletion callback cannot name its \
                 status page, and is answered 503 until it is"
            );
        }
        let mailer = match &settings.mail {
            None => None,
            Some(_) if site_url.is_none() => return Err(StartupError::Refused(
                "WHATSPORTAL_SMTP_URL needs WHATSPORTAL_PUBLIC_URL: e-mailed links are absolute"
                    .into(),
            )),
            Some(mail) => Some(Arc::new(
                crate::services::console::mail::Mailer::new(mail).map_err(StartupError::Refused)?,
            )),
        };
        let test_settings = crate::config::simulated::meta_settings(settings.meta.timeout);
        let meta = MetaContexts {
            live: MetaContext::new(&settings.meta, keyring.clone(), &base_url),
            test: MetaContext::new(&test_settings, keyring, &base_url),
        };
        let (stopper, stop) = stop_channel();
        let state = AppState::new(AppStateParts {
            db,
            leptos_options: leptos_options(&settings),
            settings: Arc::new(settings),
            meta: Arc::new(meta),
            meta_events: Arc::new(tokio::sync::Notify::new()),
            stopping: stop,
            site_url,
            mailer,
        });
        Ok(Self {
            // Mounted in every environment: test keys' sessions run against it.
            router: build_router(
                state.clone(),
                Some(Simulator::new(
                    state.db.clone(),
                    state.settings.environment == Environment::Production,
                    Some(simulated_deliveries::sink(
                        state.db.clone(),
                        state.meta_events.clone(),
                    )),
                )),
            ),
            listener,
            metrics_listener,
            state,
            stopper,
        })
    }

    /// The metrics listener's port, when metrics are on.
    pub fn metrics_port(&self) -> Option<u16> {
        let listener = self.metrics_listener.as_ref()?;
        listener.local_addr().ok().map(|a| a.port())
    }

    /// The port actually bound (the settings may have asked for port 0).
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// How each mode reaches Meta (for running the token health check on demand).
    pub fn meta(&self) -> Arc<MetaContexts> {
        self.state.meta.clone()
    }

    /// The keys sealing secrets at rest.
    pub fn keyring(&self) -> &Keyring {
        self.state.meta.keyring()
    }

    /// Serves until `shutdown` completes; then drains and stops (see `shutdown`): the
    /// requests in flight and the background workers' current rounds are finished
    /// within the grace period.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let Self {
            listener,
            metrics_listener,
            router,
            state,
            stopper,
        } = self;
        tokio::spawn(crate::services::staff::passwords::prepare());
        let stop = state.stopping.clone();
        // The exporter first: it installs the recorder the workers' first rounds record to.
        let exporter = metrics_listener.map(|listener| {
            let exporter = crate::observe::spawn(listener, state.db.clone(), stop.clone());
            ("metrics", exporter)
        });
        let mut workers = workers::spawn_workers(&state, &stop);
        workers.extend(exporter);
        let ShutdownSettings { drain, grace } = state.settings.shutdown;
        let (closing_tx, closing_rx) = tokio::sync::oneshot::channel::<()>();
        let drain_then_close = async move {
            shutdown.await;
            stopper.stop();
            tracing::info!(
                drain_seconds = drain.as_secs_f64(),
                "draining: /readyz answers 503"
            );
            tokio::time::sleep(drain).await;
            tracing::info!("no longer accepting connections; finishing the requests in flight");
            let _ = closing_tx.send(());
        };
        let limits = state.settings.connection_limits;
        let served = connections::serve(listener, router, limits, drain_then_close);
        let grace_over = async move {
            match closing_rx.await {
                Ok(()) => tokio::time::sleep(grace).await,
                // The server ended on its own (an error): nothing to bound.
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            () = served => {},
            () = grace_over => {
                tracing::warn!("requests still in flight after the grace period are cut off");
            }
        };
        let aborted =
            crate::shutdown::join_until(workers, tokio::time::Instant::now() + grace).await;
        state.db.close().await;
        tracing::info!(aborted_workers = aborted, "stopped");
        Ok(())
    }
}
