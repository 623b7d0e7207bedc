//! The HTTP side of webhooks, as `meta::graph` is for Meta: one signed POST to a
//! vendor's endpoint, with no redirects, a time limit, and (in production) no private,
//! loopback or link-local destination. What to send and when is the delivery worker's
//! business (`services::webhooks::delivery`).

use std::{net::IpAddr, time::Duration};

/// The Standard Webhooks headers of one attempt.
#[derive(Debug)]
pub struct SignedHeaders<'a> {
    pub id: &'a str,
    /// Unix seconds.
    pub timestamp: i64,
    pub signature: &'a str,
}

/// Sends webhooks.
#[derive(Debug, Clone)]
pub struct WebhookClient {
    http: reqwest::Client,
    allow_private: bool,
}

impl WebhookClient {
    /// A client with a time limit per attempt; development allows private addresses.
    pub fn new(timeout: Duration, allow_private: bool) -> Self {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("an HTTP client with default TLS");
        Self {
            http,
            allow_private,
        }
    }

    /// POSTs `payload` to `url`; answers the HTTP status, or why no answer came.
    pub async fn post(
        &self,
        url: &str,
        headers: &SignedHeaders<'_>,
        payload: &str,
    ) -> Result<u16, String> {
        let url = url::Url::parse(url).map_err(|_| "the endpoint URL is invalid".to_owned())?;
        check_destination(&url, self.allow_private).await?;
        let response = self
            .http
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", headers.id)
            .header("webhook-timestamp", headers.timestamp.to_string())
            .header("webhook-signature", headers.signature)
            .body(payload.to_owned())
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    "timed out".to_owned()
                } else {
                    "could not connect".to_owned()
                }
            })?;
        Ok(response.status().as_u16())
    }
}

/// Whether an address is one a production server must not be made to call.
fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| is_private(IpAddr::V4(v4)))
        }
    }
}

/// Refuses a URL whose host resolves to a private or loopback address (when not allowed).
pub async fn check_destination(url: &url::Url, allow_private: bool) -> Result<(), String> {
    if allow_private {
        return Ok(());
    }
    let host = url.host_str().ok_or("the URL has no host")?;
    let port = url.port_or_known_default().unwrap_or(443);
    let addresses: Vec<_> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|_| format!("{host} does not resolve"))?
        .collect();
    if addresses.is_empty() || addresses.iter().any(|a| is_private(a.ip())) {
        return Err(format!("{host} resolves to a private or loopback address"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_loopback_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.4",
            "169.254.169.254",
            "100.64.0.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "0.0.0.0",
        ] {
            assert!(is_private(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.216.34", "8.8.8.8", "2606:4700::1111"] {
            assert!(!is_private(ip.parse().unwrap()), "{ip}");
        }
    }
}
