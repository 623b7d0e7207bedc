//! Metrics in Prometheus' text format, served on a listener of their own
//! (`WHATSPORTAL_METRICS_ADDR`, off by default) so that the public port never shows them.
//! Recorded with the `metrics` facade and rendered by `metrics-exporter-prometheus`;
//! when the listener is off no recorder is installed and recording costs next to nothing.
//! What is recorded, and under which names: `record` (product events), `http`
//! (requests by route).

pub mod http;
pub mod record;

use std::{sync::OnceLock, time::Duration};

use axum::{extract::State, http::header, response::IntoResponse, routing::get, Router};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tokio::net::TcpListener;

use crate::{db::Db, shutdown::StopSignal};

/// Latency buckets, in seconds: from a cached page to a slow Graph call.
const LATENCY_BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];
/// Webhook queue age buckets, in seconds: from at once to the day-long retry schedule.
const QUEUE_AGE_BUCKETS: [f64; 10] = [
    1.0, 5.0, 30.0, 60.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 86400.0,
];

/// The process-wide recorder (one per process: tests may start several servers).
pub fn install() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&LATENCY_BUCKETS)
                .and_then(|builder| {
                    builder.set_buckets_for_metric(
                        Matcher::Full(record::WEBHOOK_QUEUE_AGE.to_owned()),
                        &QUEUE_AGE_BUCKETS,
                    )
                })
                .expect("the buckets are not empty")
                .build_recorder();
            let handle = recorder.handle();
            // Only fails when another recorder is installed, which this process never does.
            let _ = metrics::set_global_recorder(recorder);
            record::describe();
            handle
        })
        .clone()
}

#[derive(Clone)]
struct Exporter {
    handle: PrometheusHandle,
    db: Db,
}

async fn scrape(State(exporter): State<Exporter>) -> impl IntoResponse {
    record::pool(&exporter.db);
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        exporter.handle.render(),
    )
}

/// Serves `GET /metrics` on `listener` until `stop` fires; keeps the histograms bounded.
pub fn spawn(listener: TcpListener, db: Db, mut stop: StopSignal) -> tokio::task::JoinHandle<()> {
    let handle = install();
    let upkeep = handle.clone();
    let router = Router::new()
        .route("/metrics", get(scrape))
        .with_state(Exporter { handle, db });
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_secs(5));
        let upkeep = async move {
            loop {
                ticks.tick().await;
                upkeep.run_upkeep();
            }
        };
        let served = axum::serve(listener, router).with_graceful_shutdown(async move {
            stop.stopped().await;
        });
        tokio::select! {
            result = served => {
                if let Err(e) = result {
                    tracing::warn!(error = %e, "the metrics listener failed");
                }
            }
            () = upkeep => {}
        }
    })
}
