use std::{net::SocketAddr, path::PathBuf};

use clap::{Args, Parser, Subcommand};

use crate::{
    config::{Environment, MetaMode, Secret, DEFAULT_DATABASE_URL},
    telemetry::LogFormat,
};

#[derive(Debug, Parser)]
#[command(
    name = "whatsportal",
    version,
    about = "WhatsPortal Vendor Connect server and operations commands"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Database: `sqlite:PATH` (the embedded default) or `postgres://...`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    pub database_url: String,

    /// `development` or `production` (operations commands apply production's rules too).
    #[arg(
        long,
        env = "WHATSPORTAL_ENV",
        value_enum,
        default_value = "development",
        global = true
    )]
    pub environment: Environment,

    #[command(subcommand)]
    pub command: Option<Command>,

    /// With no subcommand the server starts with these settings.
    #[command(flatten)]
    pub serve: ServeArgs,
}

// Parsed once at start-up; boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve(ServeArgs),
    /// Create, activate and deactivate vendors.
    #[command(subcommand)]
    Vendor(VendorCommand),
    /// Create and revoke API keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Add and remove a vendor's allowed origins.
    #[command(subcommand)]
    Origin(OriginCommand),
    /// Register and remove a vendor's return URLs.
    #[command(subcommand)]
    ReturnUrl(ReturnUrlCommand),
    /// Create staff accounts for the admin area.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Manage the encryption keys' sealed values.
    #[command(subcommand)]
    Keys(KeysCommand),
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "WHATSPORTAL_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Folder of the built site (the wasm client, JS and CSS).
    #[arg(long, env = "WHATSPORTAL_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Largest number of database connections.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 8)]
    pub database_max_connections: u32,
    /// Hours an ended session is kept for staff before it is deleted.
    #[arg(long, env = "SESSION_RETENTION_HOURS", default_value_t = 168)]
    pub session_retention_hours: u64,
    /// Days the audit log is kept (failed sign-ins excepted).
    #[arg(long, env = "AUDIT_RETENTION_DAYS", default_value_t = 365)]
    pub audit_retention_days: u64,
    /// Days failed sign-ins are kept in the audit log.
    #[arg(long, env = "FAILED_SIGN_IN_RETENTION_DAYS", default_value_t = 30)]
    pub failed_sign_in_retention_days: u64,
    /// Days ended webhook deliveries (delivered or failed) and their attempts are kept.
    #[arg(long, env = "WEBHOOK_RETENTION_DAYS", default_value_t = 30)]
    pub webhook_retention_days: u64,
    /// Minutes page tokens fetched for a customer's choice are kept when never chosen
    /// (at least 40: a session may be completed up to 30 minutes after it was opened).
    #[arg(long, env = "PENDING_PAGE_TOKEN_RETENTION_MINUTES", default_value_t = 60, value_parser = clap::value_parser!(u64).range(40..))]
    pub pending_page_token_retention_minutes: u64,
    /// Log format on stderr.
    #[arg(
        long,
        env = "WHATSPORTAL_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    pub log_format: LogFormat,
    /// Folder for generated development secrets.
    #[arg(long, env = "WHATSPORTAL_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Encryption keys for Meta tokens at rest: `id:64-hex[,id:64-hex]`, first one seals.
    #[arg(long, env = "WHATSPORTAL_ENCRYPTION_KEYS", hide_env_values = true)]
    pub encryption_keys: Option<Secret>,
    /// The reverse proxies in front of the server (comma-separated addresses or CIDR
    /// networks): only a connection from one of them has its `X-Forwarded-For` read.
    #[arg(long, env = "WHATSPORTAL_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// How many proxies stand in front of the server: the client's address is the
    /// `X-Forwarded-For` entry this many places from the right.
    #[arg(long, env = "WHATSPORTAL_PROXY_HOPS", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=10))]
    pub proxy_hops: u64,
    /// Replaced by `WHATSPORTAL_TRUSTED_PROXIES`: set alone, the server refuses to start
    /// rather than believe every peer's `X-Forwarded-For`.
    #[arg(long, env = "WHATSPORTAL_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,
    /// Let a development server listen on a non-loopback address (development turns on
    /// fault injection and plain-HTTP cookies: never for a deployment).
    #[arg(
        long,
        env = "WHATSPORTAL_ALLOW_NETWORK_IN_DEVELOPMENT",
        default_value_t = false
    )]
    pub allow_network_in_development: bool,
    /// Vendor API requests per minute per API key, unless staff set a vendor's own limit.
    #[arg(long, env = "API_RATE_LIMIT_PER_MINUTE", default_value_t = crate::config::DEFAULT_API_RATE_LIMIT_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    pub api_rate_limit_per_minute: u32,
    /// Seconds `/readyz` answers 503 after SIGTERM before the listener closes: longer
    /// than the load balancer takes to see the instance as down.
    #[arg(long, env = "WHATSPORTAL_DRAIN_SECONDS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=600))]
    pub drain_seconds: u64,
    /// Seconds requests in flight, then background work, are waited for on SIGTERM.
    #[arg(long, env = "WHATSPORTAL_SHUTDOWN_GRACE_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub shutdown_grace_seconds: u64,
    /// Where Prometheus scrapes `GET /metrics`, on a listener of its own (unset: off).
    /// Keep it off the public network.
    #[arg(long, env = "WHATSPORTAL_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// This server's address as browsers and Meta reach it (`https://connect.example.com`):
    /// the absolute URLs it hands out (the Data Deletion status page) start with it.
    #[arg(long, env = "WHATSPORTAL_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Where the vendor console's invitations and reset links are e-mailed from:
    /// `smtps://user:password@smtp.example.com` (TLS), `smtp://…?tls=required`
    /// (STARTTLS). Unset: links are shown to whoever makes them, and sent by hand.
    #[arg(long, env = "WHATSPORTAL_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<Secret>,
    /// The sender of those e-mails: `WhatsPortal <no-reply@example.com>`.
    #[arg(long, env = "WHATSPORTAL_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Seconds a request's head may take to arrive (and an idle kept-alive connection
    /// may wait for its next request) before the connection is closed.
    #[arg(long, env = "WHATSPORTAL_HEADER_READ_TIMEOUT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=300))]
    pub header_read_timeout_seconds: u64,
    /// Seconds a request's body may take to arrive whole (answered 408 after that).
    #[arg(long, env = "WHATSPORTAL_BODY_TIMEOUT_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub body_timeout_seconds: u64,
    /// Seconds a request may take to be answered (answered 503 after that).
    #[arg(long, env = "WHATSPORTAL_REQUEST_TIMEOUT_SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub request_timeout_seconds: u64,
    /// Connections served at once; further ones wait in the listen backlog.
    #[arg(long, env = "WHATSPORTAL_MAX_CONNECTIONS", default_value_t = 2048, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
    /// Also serve the demo vendor product (development only): seeds a demo vendor with a
    /// test key and prints where to click.
    #[arg(long, env = "WHATSPORTAL_DEMO", default_value_t = false)]
    pub demo: bool,
    /// Where the demo product listens (a second origin).
    #[arg(long, env = "WHATSPORTAL_DEMO_ADDR", default_value = "127.0.0.1:3001")]
    pub demo_addr: SocketAddr,
    #[command(flatten)]
    pub meta: MetaArgs,
}

#[derive(Debug, Clone, Args)]
pub struct MetaArgs {
    /// `simulator` (default in development) or `live` (default in production).
    #[arg(long, env = "META_MODE", value_enum)]
    pub meta_mode: Option<MetaMode>,
    /// Lets production run against the simulator (staging only).
    #[arg(
        long,
        env = "META_ALLOW_SIMULATOR_IN_PRODUCTION",
        default_value_t = false
    )]
    pub meta_allow_simulator_in_production: bool,
    #[arg(long, env = "META_APP_ID", default_value = "")]
    pub meta_app_id: String,
    #[arg(
        long,
        env = "META_APP_SECRET",
        default_value = "",
        hide_env_values = true
    )]
    pub meta_app_secret: Secret,
    /// The Embedded Signup configuration id.
    #[arg(long, env = "META_CONFIG_ID", default_value = "")]
    pub meta_config_id: String,
    /// The Facebook Login for Business configuration for the Pages login (empty: log in
    /// with the Pages permissions).
    #[arg(long, env = "META_PAGES_CONFIG_ID", default_value = "")]
    pub meta_pages_config_id: String,
    #[arg(long, env = "META_API_VERSION", default_value = "v23.0")]
    pub meta_api_version: String,
    #[arg(
        long,
        env = "META_GRAPH_URL",
        default_value = "https://graph.facebook.com"
    )]
    pub meta_graph_url: String,
    #[arg(
        long,
        env = "META_SDK_URL",
        default_value = "https://connect.facebook.net/en_US/sdk.js"
    )]
    pub meta_sdk_url: String,
    /// Meta's web origin: message events are taken from its domain's https hosts.
    #[arg(
        long,
        env = "META_WEB_ORIGIN",
        default_value = "https://www.facebook.com"
    )]
    pub meta_web_origin: String,
    /// The return page of Meta's full-page dialog (offered where Meta's popup cannot
    /// open), registered among the app's valid OAuth redirect URIs:
    /// `https://<this server>/vendor/connect/return`. Empty: not offered.
    #[arg(long, env = "META_RETURN_URL", default_value = "")]
    pub meta_return_url: String,
    /// What Meta sends as `hub.verify_token` when the app's webhook callback URL
    /// (`/meta/webhooks`) is verified.
    #[arg(
        long,
        env = "META_WEBHOOK_VERIFY_TOKEN",
        default_value = "",
        hide_env_values = true
    )]
    pub meta_webhook_verify_token: Secret,
    /// Time limit of one Graph call, in milliseconds.
    #[arg(long, env = "META_TIMEOUT_MS", default_value_t = 10_000)]
    pub meta_timeout_ms: u64,
}

#[derive(Debug, Subcommand)]
pub enum VendorCommand {
    /// Create a vendor with its first API key.
    Create {
        #[arg(long)]
        name: String,
        #[arg(long)]
        logo_url: Option<String>,
        /// An allowed origin; repeat for several.
        #[arg(long = "origin")]
        origins: Vec<String>,
    },
    /// Let the vendor's keys and connect pages work again.
    Activate { vendor_id: String },
    /// Refuse the vendor's keys (401) and connect pages.
    Deactivate { vendor_id: String },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create another API key for a vendor (keys can overlap for rotation).
    Create {
        vendor_id: String,
        /// A test key: its sessions run against the Meta simulator, with workspaces of their own.
        #[arg(long)]
        test: bool,
    },
    /// Revoke a key with immediate effect.
    Revoke { key_id: String },
}

#[derive(Debug, Subcommand)]
pub enum OriginCommand {
    /// Allow an origin (https, or http://localhost / http://127.0.0.1 for development).
    Add { vendor_id: String, origin: String },
    /// Remove an allowed origin.
    Remove { vendor_id: String, origin: String },
}

#[derive(Debug, Subcommand)]
pub enum ReturnUrlCommand {
    /// Register an exact return URL (https, or http://localhost for development).
    Add { vendor_id: String, url: String },
    /// Remove a return URL.
    Remove { vendor_id: String, url: String },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a staff account. The password is read from standard input when it is
    /// not a terminal; otherwise (or when the input is empty) one is generated and printed.
    Create {
        #[arg(long)]
        email: String,
        /// `admin` (every action) or `viewer` (read only).
        #[arg(long, default_value = "admin")]
        role: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Re-encrypt every sealed value (Meta tokens, PINs, webhook secrets) under the first
    /// configured key, so that older keys can be removed. Safe while instances serve;
    /// resumable: run it again after an interruption.
    Reseal {
        /// The keys, as the server takes them: the first seals, all open.
        #[arg(long, env = "WHATSPORTAL_ENCRYPTION_KEYS", hide_env_values = true)]
        encryption_keys: Option<Secret>,
        /// Where development keeps its generated key, when no keys are given.
        #[arg(long, env = "WHATSPORTAL_DATA_DIR", default_value = "./data")]
        data_dir: PathBuf,
        /// Rows read and re-sealed per statement batch.
        #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(i64).range(1..=10_000))]
        batch: i64,
    },
}
