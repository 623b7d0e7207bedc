//! A vendor's webhook endpoint on 127.0.0.1 for the tests: it records what it receives
//! (webhook-id, timestamp, signature, body) and answers as a test tells it.

use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::Duration,
};

use axum::{extract::State, http::HeaderMap, routing::post, Router};

use super::app::TestApp;

/// What the receiver got: webhook-id, timestamp, signature, body.
pub type Received = (String, i64, String, String);

#[derive(Clone, Default)]
pub struct Receiver {
    answers: Arc<Mutex<VecDeque<u16>>>,
    received: Arc<Mutex<Vec<(Received, u16)>>>,
}

impl Receiver {
    /// Answers the next requests with `statuses`, then 200.
    pub fn answer(&self, statuses: &[u16]) {
        self.answers.lock().unwrap().extend(statuses);
    }

    /// Answers every request from now on with 200.
    pub fn answer_ok(&self) {
        self.answers.lock().unwrap().clear();
    }

    pub fn received(&self) -> Vec<(Received, u16)> {
        self.received.lock().unwrap().clone()
    }

    pub async fn wait_for(&self, count: usize) -> Vec<(Received, u16)> {
        for _ in 0..200 {
            let got = self.received();
            if got.len() >= count {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the receiver got {} requests, not {count}",
            self.received().len()
        );
    }
}

async fn receive(
    State(receiver): State<Receiver>,
    headers: HeaderMap,
    body: String,
) -> axum::http::StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let status = receiver.answers.lock().unwrap().pop_front().unwrap_or(200);
    let entry = (
        header("webhook-id"),
        header("webhook-timestamp").parse().unwrap_or_default(),
        header("webhook-signature"),
        body,
    );
    receiver.received.lock().unwrap().push((entry, status));
    axum::http::StatusCode::from_u16(status).unwrap()
}

/// A receiver on 127.0.0.1; returns it and its URL.
pub async fn start_receiver() -> (Receiver, String) {
    let receiver = Receiver::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    let router = Router::new()
        .route("/hooks", post(receive))
        .with_state(receiver.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (receiver, url)
}

/// Sets the vendor's endpoint as an admin does; returns the signing secret.
pub async fn set_endpoint(app: &TestApp, vendor_id: &str, url: &str) -> String {
    let mut admin = app.signed_in("admin").await;
    let secret = admin
        .ok("webhooks/set", &[("vendor_id", vendor_id), ("url", url)])
        .await;
    secret.as_str().unwrap().to_owned()
}
