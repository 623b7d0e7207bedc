//! Settings of the server, from flags and environment variables.

use std::{net::SocketAddr, path::PathBuf, time::Duration};

/// The embedded default: a SQLite file under `./data`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite:./data/whatsportal.db";

/// Everything the server needs to start. Tests build it directly.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub database_max_connections: u32,
    /// Where to listen; port 0 picks a free port (tests).
    pub addr: SocketAddr,
    /// The folder cargo-leptos builds the site into (`pkg/` with the wasm, JS and CSS).
    pub site_root: PathBuf,
    /// How long ended sessions are kept for staff before the sweeper deletes them.
    pub session_retention: Duration,
}

impl Settings {
    /// Settings for a server on a random local port with the given database.
    pub fn for_tests(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            database_max_connections: 8,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            site_root: PathBuf::from("target/site"),
            session_retention: Duration::from_secs(7 * 24 * 3600),
        }
    }
}
