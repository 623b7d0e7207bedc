//! The Graph API client: base URL, version and app credentials from configuration,
//! `appsecret_proof` on every call made with a token, a time limit per call, and one
//! retry after a pause on transient failures (never for `register`, whose quota Meta
//! counts). Tokens and codes are never logged, and URLs (which carry them in queries)
//! are never logged either.

mod answers;
mod coexistence;
mod error;
mod lifecycle;
mod number_addition;
mod pages;
mod whatsapp;

pub use error::{GraphError, GraphErrorKind};
pub use pages::ManagedPage;
pub use whatsapp::{
    DebugToken, HealthEntity, HealthError, HealthStatus, PhoneNumber, PhoneNumberState, Waba,
};

use std::time::Duration;

use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::Value;
use sha2::Sha256;

use crate::config::{MetaSettings, Secret};

/// Pause before the single retry of a transient failure.
const RETRY_AFTER: Duration = Duration::from_millis(300);

#[derive(Debug, Clone)]
pub struct GraphClient {
    http: reqwest::Client,
    base_url: String,
    version: String,
    app_id: String,
    app_secret: Secret,
}

/// One call: what to send, and who to send it as.
struct Call<'a> {
    method: Method,
    /// Path under the version, without a leading slash: `debug_token`, `123/register`.
    path: &'a str,
    query: &'a [(&'a str, &'a str)],
    token: Option<&'a str>,
    body: Option<Value>,
    /// A name for the logs.
    name: &'static str,
    /// When a transient failure may be retried.
    retry: Retry,
}

/// When a call is sent a second time after a transient failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retry {
    /// Reads and subscriptions: they have no effect twice.
    OnTransient,
    /// Single-use codes: only when the first request never reached Meta (a failure after
    /// it was sent may have spent the code, and a second exchange would be refused).
    IfUnsent,
    /// Calls Meta counts against a quota (register).
    Never,
}

impl Retry {
    fn allows(self, error: &GraphError) -> bool {
        match self {
            Self::OnTransient => error.is_transient(),
            Self::IfUnsent => matches!(error, GraphError::Unreached(_)),
            Self::Never => false,
        }
    }
}

impl<'a> Call<'a> {
    /// A `GET` of `path`, as the token given (or without one).
    fn get(name: &'static str, path: &'a str, query: &'a [(&'a str, &'a str)]) -> Self {
        Self {
            method: Method::GET,
            path,
            query,
            token: None,
            body: None,
            name,
            retry: Retry::OnTransient,
        }
    }

    /// A `POST` of `path`.
    fn post(name: &'static str, path: &'a str, query: &'a [(&'a str, &'a str)]) -> Self {
        Self {
            method: Method::POST,
            ..Self::get(name, path, query)
        }
    }

    /// A `DELETE` of `path`.
    fn delete(name: &'static str, path: &'a str) -> Self {
        Self {
            method: Method::DELETE,
            ..Self::get(name, path, &[])
        }
    }

    fn with_token(mut self, token: &'a str) -> Self {
        self.token = Some(token);
        self
    }

    fn with_body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Never retried automatically.
    fn once(mut self) -> Self {
        self.retry = Retry::Never;
        self
    }

    /// Spends a single-use code: retried only when it surely did not reach Meta.
    fn spending_a_code(mut self) -> Self {
        self.retry = Retry::IfUnsent;
        self
    }
}

/// `appsecret_proof`: hex HMAC-SHA256 of the access token keyed by the app secret.
pub fn appsecret_proof(app_secret: &str, token: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(token.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

impl GraphClient {
    /// A client for `base_url` (e.g. `https://graph.facebook.com`, or the simulator's).
    pub fn new(settings: &MetaSettings, base_url: impl Into<String>) -> Self {
        let http = reqwest::Client::builder()
            .timeout(settings.timeout)
            .connect_timeout(settings.timeout.min(Duration::from_secs(5)))
            .build()
            .expect("the HTTP client builds with static settings");
        Self {
            http,
            base_url: base_url.into().trim_end_matches('/').to_owned(),
            version: settings.api_version.clone(),
            app_id: settings.app_id.clone(),
            app_secret: settings.app_secret.clone(),
        }
    }

    /// The app these calls are made as.
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The app's own access token, for calls such as `debug_token`.
    fn app_token(&self) -> String {
        format!("{}|{}", self.app_id, self.app_secret.expose())
    }

    /// One HTTP call, counted and timed (`observe`).
    async fn send_once(&self, call: &Call<'_>) -> Result<Value, GraphError> {
        let started = std::time::Instant::now();
        let result = self.exchange(call).await;
        let outcome = result.as_ref().map_or_else(GraphError::class, |_| "ok");
        crate::observe::record::graph_call(call.name, outcome, started.elapsed());
        result
    }

    async fn exchange(&self, call: &Call<'_>) -> Result<Value, GraphError> {
        let url = format!("{}/{}/{}", self.base_url, self.version, call.path);
        let mut request = self
            .http
            .request(call.method.clone(), url)
            .query(call.query);
        if let Some(token) = call.token {
            request = request.bearer_auth(token).query(&[(
                "appsecret_proof",
                appsecret_proof(self.app_secret.expose(), token),
            )]);
        }
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        let response = request.send().await.map_err(GraphError::from_transport)?;
        let status = response.status();
        let regain = response
            .headers()
            .get("x-business-use-case-usage")
            .and_then(|v| v.to_str().ok())
            .and_then(error::regain_access_minutes);
        let bytes = response.bytes().await.map_err(GraphError::from_transport)?;
        let body: Option<Value> = serde_json::from_slice(&bytes).ok();
        if let Some(error) = body
            .as_ref()
            .and_then(|b| GraphError::from_body(status.as_u16(), b, regain))
        {
            return Err(error);
        }
        if status.is_server_error() {
            return Err(GraphError::Unavailable(status.as_u16()));
        }
        match body {
            Some(body) if status.is_success() => Ok(body),
            Some(_) => Err(GraphError::Malformed(format!(
                "{} answered {status} without an error object",
                call.name
            ))),
            None => Err(GraphError::Malformed(format!(
                "{} answered {status} with a body that is not JSON",
                call.name
            ))),
        }
    }

    /// Sends a call, retrying once after a pause when the failure is transient and the
    /// call allows it. Reads and subscriptions have no effect twice; `register` is sent
    /// once only, as Meta asks.
    async fn send(&self, call: Call<'_>) -> Result<Value, GraphError> {
        match self.send_once(&call).await {
            Err(first) if call.retry.allows(&first) => {
                first.log(call.name, "retrying once");
                tokio::time::sleep(RETRY_AFTER).await;
                self.send_once(&call)
                    .await
                    .inspect_err(|e| e.log(call.name, "failed after a retry"))
            }
            Err(e) => {
                e.log(call.name, "failed");
                Err(e)
            }
            ok => ok,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_exchanged_again_only_when_the_first_request_never_left() {
        let unreached = GraphError::Unreached("connection refused".into());
        let cut = GraphError::Network("connection reset".into());
        assert!(Retry::IfUnsent.allows(&unreached));
        assert!(!Retry::IfUnsent.allows(&cut));
        assert!(!Retry::IfUnsent.allows(&GraphError::Timeout));
        assert!(Retry::OnTransient.allows(&cut));
        assert!(!Retry::Never.allows(&unreached));
    }

    #[test]
    fn appsecret_proof_is_hmac_sha256_hex() {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog"), a published vector.
        assert_eq!(
            appsecret_proof("key", "The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }
}
