//! Building the application: state, routes, listener.

use std::{
    future::{Future, IntoFuture},
    sync::Arc,
};

use axum::{
    http::{header, HeaderValue},
    Router,
};
use leptos::prelude::{provide_context, LeptosOptions};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::{
    compression::CompressionLayer,
    set_header::SetResponseHeaderLayer,
    trace::{DefaultOnResponse, TraceLayer},
};

use crate::{
    api, app, assets,
    config::{Environment, MetaMode, Settings, ShutdownSettings},
    crypto::{Keyring, KeyringError},
    db::{self, Db},
    health,
    meta::simulator::{self, Simulator},
    services::{
        connect::full_page_dialog,
        connect::meta_context::{MetaContext, MetaContexts},
        lifecycle, sweeper,
    },
    shutdown::Draining,
    state::AppState,
};

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] db::ConnectError),
    #[error("could not listen on {0}: {1}")]
    Listen(std::net::SocketAddr, std::io::Error),
    #[error(transparent)]
    Keys(#[from] KeyringError),
    #[error("{0}")]
    Refused(String),
}

/// Development turns on fault injection, plain-HTTP cookies and private webhook
/// addresses: it listens on a loopback address only, unless told otherwise explicitly.
fn check_development(settings: &Settings) -> Result<(), StartupError> {
    let exposed = !settings.addr.ip().is_loopback();
    if settings.environment == Environment::Development
        && exposed
        && !settings.allow_network_in_development
    {
        return Err(StartupError::Refused(format!(
            "development listens on a loopback address only, and {} is not one: set \
             WHATSPORTAL_ENV=production for a deployment, or pass \
             --allow-network-in-development if this development server must be reachable \
             from the network",
            settings.addr.ip()
        )));
    }
    Ok(())
}

/// What production refuses to start with.
fn check_production(settings: &Settings) -> Result<(), StartupError> {
    if settings.environment != Environment::Production {
        return Ok(());
    }
    let meta = &settings.meta;
    match meta.mode {
        MetaMode::Simulator if !settings.allow_simulator_in_production => {
            Err(StartupError::Refused(
                "production will not run against the Meta simulator: set META_MODE=live, or \
             META_ALLOW_SIMULATOR_IN_PRODUCTION=true for a staging deployment"
                    .into(),
            ))
        }
        MetaMode::Live
            if meta.app_id.is_empty()
                || meta.app_secret.is_empty()
                || meta.config_id.is_empty() =>
        {
            Err(StartupError::Refused(
                "META_APP_ID, META_APP_SECRET and META_CONFIG_ID are required in live mode".into(),
            ))
        }
        _ if settings.encryption_keys.is_none() => Err(StartupError::Keys(KeyringError::Missing)),
        _ => Ok(()),
    }
}

/// A live return page must be this server's, over HTTPS in production.
fn check_return_url(settings: &Settings) -> Result<(), StartupError> {
    if settings.meta.mode != MetaMode::Live {
        return Ok(());
    }
    let production = settings.environment == Environment::Production;
    full_page_dialog::check_return_url(&settings.meta.return_url, production)
        .map_err(|why| StartupError::Refused(format!("META_RETURN_URL {why}")))
}

fn keyring(settings: &Settings) -> Result<Keyring, KeyringError> {
    match &settings.encryption_keys {
        Some(spec) => Keyring::parse(spec.expose()),
        None if settings.environment == Environment::Development => {
            Keyring::load_or_create_dev(&settings.data_dir)
        }
        None => Err(KeyringError::Missing),
    }
}

/// How this server reaches itself (for the simulator's Graph API).
fn self_base_url(listener: &TcpListener) -> String {
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
    match listener.local_addr().map(|a| a.ip()) {
        Ok(ip) if !ip.is_unspecified() && ip.is_ipv4() => format!("http://{ip}:{port}"),
        _ => format!("http://127.0.0.1:{port}"),
    }
}

/// A built server, bound to its port but not yet serving.
pub struct Application {
    listener: TcpListener,
    /// The metrics listener, when `metrics_addr` is set.
    metrics_listener: Option<TcpListener>,
    router: Router,
    state: AppState,
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

/// Every route of the product; the simulator's too when it stands in for Meta.
pub fn build_router(state: AppState, simulator: Option<Arc<Simulator>>) -> Router {
    let routes = generate_route_list(app::App);
    let options = state.leptos_options.clone();
    let context_state = state.clone();
    let mut router = Router::new()
        .merge(api::router())
        .merge(health::router())
        .merge(crate::sdk::router())
        .merge(crate::docs::router())
        .merge(crate::meta_callbacks::router())
        .merge(assets::router(
            &state.settings.site_root,
            options.hash_files,
        ))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context_state.clone()),
            move || app::shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::shell,
        ));
    if let Some(simulator) = simulator {
        let with_faults = state.settings.environment == Environment::Development;
        router = router.merge(simulator::router(simulator, with_faults));
    }
    if state.settings.metrics_addr.is_some() {
        // Names each matched route for the request metrics (`observe::http::track`).
        router = router.route_layer(axum::middleware::from_fn(crate::observe::http::name_route));
    }
    if state.settings.environment == Environment::Production {
        // Browsers that once reached the product over HTTPS never try plain HTTP again.
        router = router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    router = router
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            crate::http::admin_guard::redirect_signed_out,
        ))
        .layer(axum::middleware::from_fn(
            crate::http::nul_guard::refuse_nul,
        ))
        .layer(axum::middleware::from_fn(
            crate::http::csrf::refuse_cross_site,
        ))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(crate::telemetry::request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
                .on_failure(crate::telemetry::request_failed),
        );
    if state.settings.metrics_addr.is_some() {
        router = router.layer(axum::middleware::from_fn(crate::observe::http::track));
    }
    router.with_state(state)
}

impl Application {
    /// Opens the database (applying migrations) and binds the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        check_development(&settings)?;
        check_production(&settings)?;
        check_return_url(&settings)?;
        let keyring = keyring(&settings)?;
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
        let test_settings = simulator::settings(settings.meta.timeout);
        let meta = MetaContexts {
            live: MetaContext::new(&settings.meta, keyring.clone(), &base_url),
            test: MetaContext::new(&test_settings, keyring, &base_url),
        };
        let state = AppState {
            db,
            leptos_options: leptos_options(&settings),
            settings: Arc::new(settings),
            meta: Arc::new(meta),
            meta_events: Arc::new(tokio::sync::Notify::new()),
            draining: Draining::default(),
        };
        Ok(Self {
            // Mounted in every environment: test keys' sessions run against it.
            router: build_router(
                state.clone(),
                Some(Simulator::new(
                    state.db.clone(),
                    state.settings.environment == Environment::Production,
                )),
            ),
            listener,
            metrics_listener,
            state,
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
        } = self;
        tokio::spawn(crate::services::staff::passwords::prepare());
        let (stopper, stop) = crate::shutdown::stop_channel();
        // The exporter first: it installs the recorder the workers' first rounds record to.
        let exporter = metrics_listener.map(|listener| {
            let exporter = crate::observe::spawn(listener, state.db.clone(), stop.clone());
            ("metrics", exporter)
        });
        let mut workers = spawn_workers(&state, &stop);
        workers.extend(exporter);
        let ShutdownSettings { drain, grace } = state.settings.shutdown;
        let (closing_tx, closing_rx) = tokio::sync::oneshot::channel::<()>();
        let draining = state.draining.clone();
        let drain_then_close = async move {
            shutdown.await;
            draining.start();
            stopper.stop();
            tracing::info!(
                drain_seconds = drain.as_secs_f64(),
                "draining: /readyz answers 503"
            );
            tokio::time::sleep(drain).await;
            tracing::info!("no longer accepting connections; finishing the requests in flight");
            let _ = closing_tx.send(());
        };
        let served = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .with_graceful_shutdown(drain_then_close)
        .into_future();
        let grace_over = async move {
            match closing_rx.await {
                Ok(()) => tokio::time::sleep(grace).await,
                // The server ended on its own (an error): nothing to bound.
                Err(_) => std::future::pending().await,
            }
        };
        let served = tokio::select! {
            served = served => served,
            () = grace_over => {
                tracing::warn!("requests still in flight after the grace period are cut off");
                Ok(())
            }
        };
        let aborted =
            crate::shutdown::join_until(workers, tokio::time::Instant::now() + grace).await;
        state.db.close().await;
        tracing::info!(aborted_workers = aborted, "stopped");
        served
    }
}

/// The background workers every instance runs; each ends after its current round once
/// `stop` fires.
fn spawn_workers(
    state: &AppState,
    stop: &crate::shutdown::StopSignal,
) -> Vec<(&'static str, tokio::task::JoinHandle<()>)> {
    let db = &state.db;
    vec![
        (
            "webhook delivery",
            crate::services::webhooks::delivery::spawn(
                db.clone(),
                state.meta.keyring().clone(),
                state.settings.webhooks.clone(),
                stop.clone(),
            ),
        ),
        (
            "sweeper",
            sweeper::spawn(db.clone(), state.settings.retention.clone(), stop.clone()),
        ),
        (
            "Meta changes",
            lifecycle::meta_events::spawn(db.clone(), state.meta_events.clone(), stop.clone()),
        ),
        (
            "token health",
            lifecycle::token_health::spawn(db.clone(), state.meta.clone(), stop.clone()),
        ),
    ]
}
