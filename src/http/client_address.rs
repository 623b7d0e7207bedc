//! The address a request came from, for the audit log and sign-in throttling.

use std::net::SocketAddr;

use axum::{extract::ConnectInfo, http::request::Parts};

/// The connection's peer address, or the last `X-Forwarded-For` entry (the one the
/// trusted proxy added) when `trust_forwarded_for` is set.
pub fn client_address(parts: &Parts, trust_forwarded_for: bool) -> Option<String> {
    if trust_forwarded_for {
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .rfind(|v| v.parse::<std::net::IpAddr>().is_ok());
        if let Some(address) = forwarded {
            return Some(address.to_owned());
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip().to_string())
}
