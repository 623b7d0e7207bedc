//! The live demo on the embedded defaults: a small "vendor product" on a second origin
//! that uses the hosted SDK with a test key of a seeded demo vendor, shows the result the
//! page received next to what its server confirmed with the vendor API. Development only.

mod seed;

use crate::model::Named;
use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use axum::{
    extract::{Query, State},
    http::StatusCode,
    response::{Html, IntoResponse, Response},
    routing::{get, post},
    Json, Router,
};
use serde::Deserialize;

use crate::{http::static_file::static_file, model::IntegrationType};

pub use seed::{seed, DemoSeed, ADMIN_EMAIL};

const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("demo.js");
const STYLE: &str = include_str!("demo.css");
/// The customer of the demo product who connects.
const EXTERNAL_ID: &str = "demo-customer";

#[derive(Clone)]
struct Demo {
    /// Where WhatsPortal answers (`http://127.0.0.1:3000`).
    app: String,
    /// This demo's own origin, registered for the demo vendor.
    origin: String,
    api_key: Arc<str>,
    webhook_secret: Arc<str>,
    /// The webhooks received, newest last, with whether their signature verified.
    received: Arc<Mutex<Vec<serde_json::Value>>>,
    client: reqwest::Client,
}

#[derive(Deserialize)]
struct SessionQuery {
    /// Anything but `meta_page` asks for WhatsApp, as the demo's buttons do.
    #[serde(rename = "type")]
    kind: String,
    /// Present: the WhatsApp page offers to keep the WhatsApp Business app.
    coexistence: Option<String>,
}

/// The demo product's backend: creates a session with its (test) key.
async fn create_session(State(demo): State<Demo>, Query(query): Query<SessionQuery>) -> Response {
    let integration = IntegrationType::parse(&query.kind).unwrap_or(IntegrationType::WhatsApp);
    let body = serde_json::json!({
        "workspaceName": "Demo Customer Co",
        "externalId": EXTERNAL_ID,
        "origin": demo.origin,
        "integrationType": integration.as_str(),
        "state": "demo-state",
        "coexistence": query.coexistence.is_some(),
    });
    forward(
        demo.client
            .post(format!("{}/api/vendor/sessions", demo.app))
            .bearer_auth(&*demo.api_key)
            .json(&body),
    )
    .await
}

/// The demo product's backend confirms what the page received.
async fn verify(State(demo): State<Demo>) -> Response {
    forward(
        demo.client
            .get(format!("{}/api/vendor/workspaces/{EXTERNAL_ID}", demo.app))
            .bearer_auth(&*demo.api_key),
    )
    .await
}

/// The demo product's backend asks the simulator for a Meta event (test keys only).
async fn send_test_event(
    State(demo): State<Demo>,
    Json(body): Json<serde_json::Value>,
) -> Response {
    forward(
        demo.client
            .post(format!(
                "{}/api/vendor/test/workspaces/{EXTERNAL_ID}/events",
                demo.app
            ))
            .bearer_auth(&*demo.api_key)
            .json(&body),
    )
    .await
}

async fn forward(request: reqwest::RequestBuilder) -> Response {
    match request.send().await {
        Ok(answer) => {
            let status =
                StatusCode::from_u16(answer.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
            match answer.json::<serde_json::Value>().await {
                Ok(body) => (status, Json(body)).into_response(),
                Err(_) => StatusCode::BAD_GATEWAY.into_response(),
            }
        }
        Err(e) => {
            tracing::warn!(error = %e.without_url(), "the demo could not reach the server");
            StatusCode::BAD_GATEWAY.into_response()
        }
    }
}

/// The demo product's webhook endpoint: checks the signature and keeps the event.
async fn receive_webhook(
    State(demo): State<Demo>,
    headers: axum::http::HeaderMap,
    body: String,
) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let timestamp = header("webhook-timestamp").parse().unwrap_or_default();
    let expected = crate::services::webhooks::signing::sign(
        &demo.webhook_secret,
        header("webhook-id"),
        timestamp,
        &body,
    );
    let verified = expected.as_deref() == Some(header("webhook-signature"));
    let event: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    if let Ok(mut received) = demo.received.lock() {
        received.push(serde_json::json!({ "signature_verified": verified, "event": event }));
    }
    if verified {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::UNAUTHORIZED
    }
}

async fn received_webhooks(State(demo): State<Demo>) -> Json<Vec<serde_json::Value>> {
    Json(demo.received.lock().map(|r| r.clone()).unwrap_or_default())
}

/// Serves the demo product on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: String,
    api_key: String,
    webhook_secret: String,
) {
    let origin = match listener.local_addr() {
        Ok(addr) => origin_of(addr),
        Err(_) => return,
    };
    let demo = Demo {
        app: app.clone(),
        origin,
        api_key: api_key.into(),
        webhook_secret: webhook_secret.into(),
        received: Arc::default(),
        client: reqwest::Client::new(),
    };
    let page = PAGE.replace("__APP__", &app);
    let router = Router::new()
        .route("/", get(move || async move { Html(page.clone()) }))
        .route(
            "/demo.js",
            get(|| async { static_file("text/javascript; charset=utf-8", SCRIPT, &[]) }),
        )
        .route(
            "/demo.css",
            get(|| async { static_file("text/css; charset=utf-8", STYLE, &[]) }),
        )
        .route("/session", post(create_session))
        .route("/verify", get(verify))
        .route("/test-event", post(send_test_event))
        .route("/webhooks", post(receive_webhook).get(received_webhooks))
        .with_state(demo);
    if let Err(e) = axum::serve(listener, router).await {
        tracing::error!(error = %e, "the demo product stopped");
    }
}

/// `http://127.0.0.1:PORT` for a local address.
pub fn origin_of(addr: SocketAddr) -> String {
    format!("http://127.0.0.1:{}", addr.port())
}
