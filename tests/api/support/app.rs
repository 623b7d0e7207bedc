use serde_json::{json, Value};
use whatsportal::{
    config::Settings,
    db::Db,
    services::{
        vendors::{self, accounts::NewVendorRequest},
        Actor,
    },
    startup::Application,
};

/// The origin every seeded vendor allows.
pub const ORIGIN: &str = "https://app.example.com";

pub struct TestApp {
    pub address: String,
    /// `http://127.0.0.1:PORT` of the metrics listener, when the settings turned it on.
    pub metrics_address: Option<String>,
    pub db: Db,
    pub database_url: String,
    /// A browser: it keeps the cookies the server sets (a connect page's binding), and
    /// follows redirects.
    pub client: reqwest::Client,
    /// The same browser's cookies, for clients of other settings (no redirects, short
    /// timeouts) that must act as the same browser.
    pub jar: std::sync::Arc<reqwest::cookie::Jar>,
    /// The sessions whose connect page this browser has opened (held while one opens:
    /// calls made at once wait for the page).
    opened: tokio::sync::Mutex<std::collections::HashSet<String>>,
    /// How the server reaches Meta in each mode.
    pub meta: std::sync::Arc<whatsportal::meta::context::MetaContexts>,
    _sqlite_dir: Option<tempfile::TempDir>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// A vendor created for a test, with its first key.
#[derive(Clone)]
pub struct SeededVendor {
    pub vendor_id: String,
    pub key_id: String,
    pub api_key: String,
}

/// A database of its own for one test: a SQLite file in a temporary folder, or a new
/// database on the PostgreSQL server named by `TEST_DATABASE_URL`.
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => (fresh_postgres_database(&base).await, None),
        _ => {
            let dir = tempfile::tempdir().expect("temporary folder");
            let url = format!("sqlite:{}", dir.path().join("test.db").display());
            (url, Some(dir))
        }
    }
}

async fn fresh_postgres_database(base: &str) -> String {
    use sqlx::Connection;
    let name = whatsportal::db::new_id("t");
    let mut admin = sqlx::PgConnection::connect(base)
        .await
        .expect("connect to TEST_DATABASE_URL");
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    admin.close().await.ok();
    let mut url = url::Url::parse(base).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&name);
    url.to_string()
}

/// Starts the real server on a random port with a database of its own.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the real server with the test settings changed by `configure`.
pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let (database_url, sqlite_dir) = fresh_database().await;
    let mut app = spawn_app_on(database_url, configure).await;
    app._sqlite_dir = sqlite_dir;
    app
}

/// Starts the real server on an existing database (a restart).
pub async fn spawn_app_on(database_url: String, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let sqlite_dir = None;
    let mut settings = Settings::for_tests(database_url.clone());
    configure(&mut settings);
    let app = Application::build(settings)
        .await
        .expect("the application starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_address = app
        .metrics_port()
        .map(|port| format!("http://127.0.0.1:{port}"));
    let db = app.db().clone();
    let meta = app.meta();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    TestApp {
        address,
        metrics_address,
        db,
        database_url,
        client: reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .build()
            .expect("a client"),
        jar,
        opened: Default::default(),
        meta,
        _sqlite_dir: sqlite_dir,
        stop: Some(stop),
        server: Some(server),
    }
}

impl TestApp {
    /// Opens the connect page of `session` once, as the vendor's page does in the
    /// customer's browser: the session is then bound to this test's browser (its cookie).
    pub async fn open_once(&self, session: &str, connect_path: &str) {
        let mut opened = self.opened.lock().await;
        if opened.insert(session.to_owned()) {
            self.client
                .get(format!(
                    "{}{connect_path}?session_token={session}",
                    self.address
                ))
                .send()
                .await
                .expect("the connect page answers");
        }
    }

    /// A client acting as this test's browser (its cookies), following no redirects.
    pub fn browser_without_redirects(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_provider(self.jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client")
    }

    /// Stops the server as a shutdown does, keeping its database.
    pub async fn shut_down(&mut self) {
        self.begin_shut_down();
        self.wait_stopped().await;
    }

    /// Sends the server its stop (SIGTERM's part) without waiting for it to end.
    pub fn begin_shut_down(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Waits until the server has stopped; returns whether it ended cleanly.
    pub async fn wait_stopped(&mut self) -> bool {
        match self.server.take() {
            Some(server) => matches!(server.await, Ok(Ok(()))),
            None => true,
        }
    }

    /// A new test key of the vendor `vendor_id` (its sessions run in test mode).
    pub async fn test_key(&self, vendor_id: &str) -> String {
        whatsportal::services::vendors::keys::create_key(
            &self.db,
            Actor::CLI,
            vendor_id,
            whatsportal::model::Mode::Test,
        )
        .await
        .expect("a test key")
        .api_key
        .expose()
        .to_owned()
    }

    /// A vendor allowing `ORIGIN`, with one live key.
    pub async fn seed_vendor(&self) -> SeededVendor {
        let created = vendors::accounts::create_vendor(
            &self.db,
            whatsportal::config::Environment::Development,
            Actor::CLI,
            &NewVendorRequest {
                name: "Acme CRM".into(),
                logo_url: Some("https://cdn.example.com/acme.png".into()),
                origins: vec![ORIGIN.into()],
                issue_key: true,
            },
        )
        .await
        .expect("seed a vendor");
        let key = created.key.expect("a first key was asked for");
        SeededVendor {
            vendor_id: created.vendor_id,
            key_id: key.key_id,
            api_key: key.api_key.expose().to_owned(),
        }
    }

    /// The status `POST /api/vendor/sessions` answers for a valid session of `external_id`.
    pub async fn session_status(&self, api_key: &str, external_id: &str) -> u16 {
        self.create_session(api_key, &session_body(external_id))
            .await
            .status()
            .as_u16()
    }

    /// A new session of `api_key` for `external_id`; returns its token.
    pub async fn session_token(&self, api_key: &str, external_id: &str) -> String {
        let created: Value = self
            .create_session(api_key, &session_body(external_id))
            .await
            .json()
            .await
            .unwrap();
        created["session_token"].as_str().unwrap().to_owned()
    }

    /// `POST /api/vendor/sessions` with a JSON body and a key.
    pub async fn create_session(&self, api_key: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(format!("{}/api/vendor/sessions", self.address))
            .bearer_auth(api_key)
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// `POST /api/vendor/sessions` with a raw body and headers of the test's choosing.
    pub fn raw_session_request(&self) -> reqwest::RequestBuilder {
        self.client
            .post(format!("{}/api/vendor/sessions", self.address))
    }
}

/// A valid request body for `externalId`.
pub fn session_body(external_id: &str) -> Value {
    json!({
        "workspaceName": "Acme Co",
        "externalId": external_id,
        "origin": ORIGIN,
        "integrationType": "whatsapp",
        "state": "csrf-123",
    })
}

/// How long a change made by another process (the CLI, another instance) may take to
/// reach a server's kept keys and origins: the documented second.
pub const CHANGE_REACHES_SERVER: std::time::Duration = std::time::Duration::from_millis(1_000);

/// Creates sessions with `api_key` until one is answered with `status`, asserts that it
/// was within `CHANGE_REACHES_SERVER` (plus a request's slack), and returns that answer.
pub async fn answered_soon(
    app: &TestApp,
    api_key: &str,
    body: &Value,
    status: u16,
) -> reqwest::Response {
    let started = std::time::Instant::now();
    let deadline = CHANGE_REACHES_SERVER + std::time::Duration::from_millis(500);
    loop {
        let response = app.create_session(api_key, body).await;
        if response.status().as_u16() == status {
            return response;
        }
        assert!(
            started.elapsed() < deadline,
            "still {} after {:?}",
            response.status(),
            started.elapsed()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Asserts the status and that the body is `{"error": "<text containing needle>"}`;
/// returns the message.
pub async fn assert_error(response: reqwest::Response, status: u16, needle: &str) -> String {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("application/json"),
        "content type {content_type}"
    );
    let body: Value = response.json().await.expect("a JSON body");
    let message = body["error"]
        .as_str()
        .expect("a string field `error`")
        .to_owned();
    assert!(
        message.contains(needle),
        "error {message:?} does not mention {needle:?}"
    );
    message
}
