//! How long clients may take and how many may be served at once: the settings of
//! `startup::connections` (connections) and `http::slow_clients` (requests).

use std::time::Duration;

/// How connections are bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// A request's head (and the first byte of the next request on a kept-alive
    /// connection) must arrive within this.
    pub header_read: Duration,
    /// Connections served at once.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(10),
            max_connections: 2048,
        }
    }
}

/// How long a request's body and its answer may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLimits {
    pub body: Duration,
    pub request: Duration,
}

impl Default for RequestLimits {
    fn default() -> Self {
        Self {
            body: Duration::from_secs(30),
            request: Duration::from_secs(120),
        }
    }
}
