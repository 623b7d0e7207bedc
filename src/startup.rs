//! Building the application: state, routes, listener.

use std::{future::Future, sync::Arc};

use axum::{extract::FromRef, Router};
use leptos::prelude::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tokio::net::TcpListener;
use tower_http::{
    compression::CompressionLayer,
    trace::{DefaultOnResponse, TraceLayer},
};

use crate::{
    api, app, assets,
    config::Settings,
    db::{self, Db},
    health,
    services::session_sweeper,
};

/// What every handler and server function can reach.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: Db,
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] db::ConnectError),
    #[error("could not listen on {0}: {1}")]
    Listen(std::net::SocketAddr, std::io::Error),
}

/// A built server, bound to its port but not yet serving.
pub struct Application {
    listener: TcpListener,
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

/// Every route of the product.
pub fn build_router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let options = state.leptos_options.clone();
    Router::new()
        .merge(api::router())
        .merge(health::router())
        .merge(assets::router(
            &state.settings.site_root,
            options.hash_files,
        ))
        .leptos_routes(&state, routes, move || app::shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(
            app::shell,
        ))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(crate::telemetry::request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .with_state(state)
}

impl Application {
    /// Opens the database (applying migrations) and binds the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let db = db::connect(&settings.database_url, settings.database_max_connections).await?;
        let listener = TcpListener::bind(settings.addr)
            .await
            .map_err(|e| StartupError::Listen(settings.addr, e))?;
        let state = AppState {
            db,
            leptos_options: leptos_options(&settings),
            settings: Arc::new(settings),
        };
        Ok(Self {
            router: build_router(state.clone()),
            listener,
            state,
        })
    }

    /// The port actually bound (the settings may have asked for port 0).
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// Serves until `shutdown` completes, then finishes the requests in flight.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let sweeper =
            session_sweeper::spawn(self.state.db.clone(), self.state.settings.session_retention);
        let served = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await;
        sweeper.abort();
        self.state.db.close().await;
        served
    }
}
