//! Settings of the server, from flags and environment variables.

mod limits;
mod secret;
pub mod simulated;

pub use limits::{ConnectionLimits, RequestLimits};
pub use secret::Secret;

pub use crate::shutdown::ShutdownSettings;

use std::{net::SocketAddr, path::PathBuf, time::Duration};

/// The embedded default: a SQLite file under `./data`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:./data/whatsportal.db";

/// Development allows the Meta simulator and generates missing secrets into the data
/// folder; production refuses both unless told otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Environment {
    Development,
    Production,
}

/// Whether the connect pages talk to Meta or to the built-in Meta simulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MetaMode {
    Simulator,
    Live,
}

/// How to reach Meta. In simulator mode the URLs point at this server's own
/// `/meta-sim` routes and the app credentials are the simulator's.
#[derive(Debug, Clone)]
pub struct MetaSettings {
    pub mode: MetaMode,
    pub app_id: String,
    pub app_secret: Secret,
    /// The Embedded Signup configuration id.
    pub config_id: String,
    /// The Facebook Login for Business configuration of the Pages login; empty: log in
    /// with the Pages permissions (`scope`).
    pub pages_config_id: String,
    pub api_version: String,
    /// Base URL of the Graph API (live mode).
    pub graph_url: String,
    /// The JS SDK the connect pages load (live mode).
    pub sdk_url: String,
    /// Meta's web origin (live mode): Embedded Signup's message events are taken from it
    /// and from every other `https` host of its domain (`www.facebook.com` stands for
    /// `facebook.com`, `web.facebook.com`, ...).
    pub web_origin: String,
    /// The return page of Meta's full-page dialog, as registered among the app's valid
    /// OAuth redirect URIs: `https://<this server>/vendor/connect/return` (live mode);
    /// empty: the full-page dialog is not offered.
    pub return_url: String,
    /// Limit for one Graph call.
    pub timeout: Duration,
    /// What Meta sends in `hub.verify_token` when the app's webhook callback URL is
    /// verified; empty: verification is refused.
    pub webhook_verify_token: Secret,
}

/// How deliveries are made.
#[derive(Debug, Clone)]
pub struct DeliverySettings {
    pub poll_every: Duration,
    /// The wait after each failed attempt; once exhausted the delivery has failed.
    pub retry_after: Vec<Duration>,
    pub timeout: Duration,
    /// Development sends to private and loopback addresses; production refuses them.
    pub allow_private_addresses: bool,
}

impl DeliverySettings {
    /// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: eight attempts over about 27 hours.
    pub fn standard(allow_private_addresses: bool) -> Self {
        let minutes = |m: u64| Duration::from_secs(m * 60);
        Self {
            poll_every: Duration::from_secs(1),
            retry_after: vec![
                Duration::from_secs(5),
                minutes(5),
                minutes(30),
                minutes(120),
                minutes(300),
                minutes(600),
                minutes(600),
            ],
            timeout: Duration::from_secs(10),
            allow_private_addresses,
        }
    }
}

/// Everything the server needs to start. Tests build it directly.
/// How long records are kept. Nothing a live connection needs is among them: its
/// workspace, connection and sealed tokens are kept for as long as it exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// Sessions after they expired (with their signup steps and the funnel's data).
    pub sessions: Duration,
    /// The audit log (failed sign-ins excepted).
    pub audit_log: Duration,
    /// Failed sign-ins in the audit log.
    pub failed_sign_ins: Duration,
    /// Webhook deliveries that ended (delivered or failed) with their attempts; pending
    /// ones are never swept.
    pub webhook_deliveries: Duration,
    /// Page tokens fetched for a customer's choice and never chosen.
    pub pending_page_tokens: Duration,
}

impl Default for Retention {
    fn default() -> Self {
        let days = |d: u64| Duration::from_secs(d * 24 * 3600);
        Self {
            sessions: days(7),
            audit_log: days(365),
            failed_sign_ins: days(30),
            webhook_deliveries: days(30),
            pending_page_tokens: Duration::from_secs(3600),
        }
    }
}

/// The vendor API's default limit: five requests a second per key, sustained.
pub const DEFAULT_API_RATE_LIMIT_PER_MINUTE: u32 = 300;

#[derive(Debug, Clone)]
pub struct Settings {
    pub environment: Environment,
    pub database_url: String,
    pub database_max_connections: u32,
    /// Where to listen; port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// The folder the site is built into (`pkg/` with the wasm, JS and CSS).
    pub site_root: PathBuf,
    /// Where development secrets are generated (the encryption key).
    pub data_dir: PathBuf,
    /// How long each kind of record is kept before the sweeper deletes it.
    pub retention: Retention,
    pub meta: MetaSettings,
    /// Allows the simulator in production (for a staging deployment).
    pub allow_simulator_in_production: bool,
    /// `id:64-hex-key` entries separated by commas, the first one sealing new secrets;
    /// `None` in development generates a key into the data folder.
    pub encryption_keys: Option<Secret>,
    /// The proxies whose `X-Forwarded-For` gives the client's address (none: the
    /// connection's address is the client's).
    pub trusted_proxies: crate::domain::TrustedProxies,
    /// How webhooks are delivered.
    pub webhooks: DeliverySettings,
    /// Lets a development server listen on a non-loopback address.
    pub allow_network_in_development: bool,
    /// Vendor API requests per minute per key, unless staff set a vendor's own limit.
    pub api_rate_limit_per_minute: u32,
    /// How the instance drains and stops on SIGTERM.
    pub shutdown: ShutdownSettings,
    /// Where `GET /metrics` is served (Prometheus); `None`: no metrics.
    pub metrics_addr: Option<SocketAddr>,
    /// This server's address as browsers and Meta reach it (`https://connect.example.com`),
    /// for the absolute URLs it hands out; `None`: the origin of the return URL, else (in
    /// development) the address it listens on.
    pub public_url: Option<String>,
    /// How many connections are served at once, and how long a request head may take.
    pub connection_limits: ConnectionLimits,
    /// How long a request's body and its answer may take.
    pub request_limits: RequestLimits,
    /// Where the vendor console's links are e-mailed from; `None`: not e-mailed.
    pub mail: Option<MailSettings>,
}

/// The SMTP server and sender of the vendor console's e-mails.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// `smtps://user:password@host[:port]` or `smtp://…` (see lettre's URL format).
    pub smtp_url: Secret,
    /// `Name <address>` or `address`.
    pub from: String,
}

impl Settings {
    /// Settings for a server on a random local port with the given database, running
    /// against the Meta simulator with a fixed test key.
    pub fn for_tests(database_url: impl Into<String>) -> Self {
        Self {
            environment: Environment::Development,
            database_url: database_url.into(),
            database_max_connections: 8,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            site_root: PathBuf::from("target/site"),
            data_dir: std::env::temp_dir(),
            retention: Retention::default(),
            meta: simulated::meta_settings(Duration::from_secs(2)),
            allow_simulator_in_production: false,
            encryption_keys: Some(Secret::new(format!("test:{}", "42".repeat(32)))),
            trusted_proxies: Default::default(),
            api_rate_limit_per_minute: DEFAULT_API_RATE_LIMIT_PER_MINUTE,
            allow_network_in_development: false,
            shutdown: ShutdownSettings {
                drain: Duration::ZERO,
                grace: Duration::from_secs(5),
            },
            metrics_addr: None,
            public_url: None,
            mail: None,
            connection_limits: Default::default(),
            request_limits: Default::default(),
            // Fast retries, and a receiver on 127.0.0.1.
            webhooks: DeliverySettings {
                poll_every: Duration::from_millis(50),
                retry_after: vec![Duration::from_millis(200); 7],
                timeout: Duration::from_secs(2),
                allow_private_addresses: true,
            },
        }
    }
}

impl Settings {
    /// Whether others than this machine's user can reach the server: production, or a
    /// development server listening beyond loopback.
    pub fn reachable_by_others(&self) -> bool {
        self.environment == Environment::Production || !self.addr.ip().is_loopback()
    }

    /// The app secret Meta's callbacks are checked against, unless it is the simulator's
    /// (published in the source) on a server others can reach: then nothing that comes
    /// to `/meta/` is Meta's.
    pub fn meta_callback_secret(&self) -> Option<&str> {
        let public = self.meta.mode == MetaMode::Simulator;
        (!(public && self.reachable_by_others())).then(|| self.meta.app_secret.expose())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_simulators_public_secret_checks_callbacks_on_this_machine_only() {
        let mut settings = Settings::for_tests("sqlite::memory:");
        assert!(settings.meta_callback_secret().is_some());
        settings.addr = SocketAddr::from(([0, 0, 0, 0], 3000));
        assert_eq!(settings.meta_callback_secret(), None);
        settings.addr = SocketAddr::from(([127, 0, 0, 1], 3000));
        settings.environment = Environment::Production;
        assert_eq!(settings.meta_callback_secret(), None);
        settings.meta.mode = MetaMode::Live;
        assert!(settings.meta_callback_secret().is_some());
    }

    #[test]
    fn debug_of_the_settings_shows_no_secret() {
        let mut settings = Settings::for_tests("sqlite::memory:");
        settings.meta.app_secret = Secret::new("the-app-secret");
        let printed = format!("{settings:?}");
        assert!(!printed.contains("the-app-secret"), "{printed}");
        assert!(!printed.contains(&"42".repeat(32)), "{printed}");
        assert!(printed.contains("(redacted)"), "{printed}");
    }

    #[test]
    fn the_standard_schedule_lasts_about_a_day() {
        let total: Duration = DeliverySettings::standard(false).retry_after.iter().sum();
        assert!(total > Duration::from_secs(24 * 3600) && total < Duration::from_secs(30 * 3600));
    }
}
