//! `GET /healthz` (the process answers) and `GET /readyz` (the instance takes requests:
//! the database answers, its write queue is not backed up, and it is not draining
//! before a stop).

use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use serde_json::{json, Value};

use crate::{db::Db, shutdown::StopSignal, state::AppState};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

async fn readyz(
    State(db): State<Db>,
    State(stopping): State<StopSignal>,
) -> (StatusCode, Json<Value>) {
    if stopping.is_stopping() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "draining" })),
        );
    }
    if db.group_commit().is_busy() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "busy", "database": "writes queued" })),
        );
    }
    // Bounded: a database that does not answer at all must not hold the balancer's check.
    let ping = tokio::time::timeout(std::time::Duration::from_secs(2), db.ping()).await;
    match ping.unwrap_or(Err(sqlx::Error::PoolTimedOut)) {
        Ok(()) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": "ok" })),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
    }
}
