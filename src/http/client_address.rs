//! The address a request came from, for the audit log and sign-in throttling, by the
//! rules of `domain::TrustedProxies`.

use std::net::SocketAddr;

use axum::{extract::ConnectInfo, http::request::Parts};

use crate::domain::TrustedProxies;

/// The request's client address, by `proxies`' rules.
pub fn client_address(parts: &Parts, proxies: &TrustedProxies) -> Option<String> {
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| peer.ip());
    let forwarded = parts
        .headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok());
    proxies.client(peer, forwarded).map(|a| a.to_string())
}
