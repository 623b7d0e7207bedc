//! The router: every route of the product and the layers around them.

use std::sync::Arc;

use axum::{
    http::{header, HeaderName, HeaderValue},
    Router,
};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{
    compression::CompressionLayer,
    set_header::SetResponseHeaderLayer,
    trace::{DefaultOnResponse, TraceLayer},
};

use crate::{
    api, app, assets,
    config::Environment,
    health,
    simulator::{self, Simulator},
    state::AppState,
};

/// The powerful features every answer turns off for its page and whatever it embeds.
const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), \
     magnetometer=(), microphone=(), payment=(), usb=()";

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
        .merge(crate::connect_links::router())
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
        // No page of the product uses the device's sensors, camera, microphone or payment.
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ))
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
        .layer(axum::middleware::from_fn_with_state(
            state.settings.request_limits,
            crate::http::slow_clients::bound,
        ))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(crate::telemetry::request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
                .on_failure(crate::telemetry::request_failed),
        );
    if state.settings.environment == Environment::Development {
        let public = state.settings.public_url.as_deref();
        let known = crate::http::dev_host::KnownHosts {
            public: public
                .and_then(|url| url::Url::parse(url).ok())
                .and_then(|url| url.host_str().map(str::to_owned)),
        };
        router = router.layer(axum::middleware::from_fn_with_state(
            known,
            crate::http::dev_host::refuse_other_hosts,
        ));
    }
    if state.settings.metrics_addr.is_some() {
        router = router.layer(axum::middleware::from_fn(crate::observe::http::track));
    }
    router.with_state(state)
}
