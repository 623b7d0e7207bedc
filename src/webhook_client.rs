//! The HTTP side of webhooks, as `meta::graph` is for Meta: one signed POST to a
//! vendor's endpoint, with no redirects, a time limit, and (in production) no private,
//! loopback, link-local or otherwise reserved destination: the client's own resolver
//! checks every address it connects to. What to send and when is the delivery worker's
//! business (`services::webhooks::delivery`).

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    sync::Arc,
    time::Duration,
};

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
        let mut builder = reqwest::Client::builder()
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none());
        if !allow_private {
            builder = builder.dns_resolver(Arc::new(CheckedResolver));
        }
        let http = builder.build().expect("an HTTP client with default TLS");
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
        if !self.allow_private {
            // A host given as an address meets no resolver: check it here.
            check_address_host(&url)?;
        }
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

/// Whether an IPv4 address is one a production server must not be made to call:
/// private, loopback, link-local, shared (CGNAT), "this network", documentation,
/// benchmarking, IETF protocol assignments, multicast, reserved and broadcast.
fn is_forbidden_v4(v4: Ipv4Addr) -> bool {
    let [a, b, c, _] = v4.octets();
    v4.is_private()
        || v4.is_loopback()
        || v4.is_link_local()
        || v4.is_broadcast()
        || v4.is_multicast()
        || a == 0
        || (a == 100 && (b & 0xc0) == 64)
        || (a == 192 && b == 0 && c == 0)
        || (a == 192 && b == 0 && c == 2)
        || (a == 198 && (b & 0xfe) == 18)
        || (a == 198 && b == 51 && c == 100)
        || (a == 203 && b == 0 && c == 113)
        || a >= 240
}

/// The same for IPv6, including every form that carries an IPv4 address (mapped,
/// compatible, NAT64, 6to4) judged by that address, and Teredo refused outright.
fn is_forbidden(ip: IpAddr) -> bool {
    let v6 = match ip {
        IpAddr::V4(v4) => return is_forbidden_v4(v4),
        IpAddr::V6(v6) => v6,
    };
    let s = v6.segments();
    let embedded =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if let Some(v4) = v6.to_ipv4_mapped() {
        return is_forbidden_v4(v4);
    }
    // ::a.b.c.d (IPv4-compatible, deprecated) and NAT64 64:ff9b::/96 and 64:ff9b:1::/48.
    if s[..6] == [0; 6] && !(v6.is_loopback() || v6.is_unspecified()) {
        return is_forbidden_v4(embedded(s[6], s[7]));
    }
    if s[0] == 0x64 && s[1] == 0xff9b {
        return s[2] != 0 || is_forbidden_v4(embedded(s[6], s[7]));
    }
    // 6to4 2002::/16 carries the IPv4 address in its next 32 bits.
    if s[0] == 0x2002 {
        return is_forbidden_v4(embedded(s[1], s[2]));
    }
    v6.is_loopback()
        || v6.is_unspecified()
        || v6.is_multicast()
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] & 0xffc0) == 0xfec0
        || (s[0] == 0x2001 && s[1] == 0)
        || (s[0] == 0x2001 && s[1] == 0xdb8)
        || (s[0] == 0x100 && s[1..4] == [0; 3])
}

/// Resolves host names for the webhook client and refuses any answer with a forbidden
/// address. The connection then goes to exactly the addresses checked here: no second
/// look-up, so no window for the name to be re-pointed (DNS rebinding). TLS is still
/// verified against the host name, which the URL keeps.
#[derive(Debug)]
struct CheckedResolver;

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if addresses.is_empty() || addresses.iter().any(|a| is_forbidden(a.ip())) {
                let refused: Box<dyn std::error::Error + Send + Sync> =
                    format!("{host} resolves to a private or reserved address").into();
                return Err(refused);
            }
            let addrs: reqwest::dns::Addrs = Box::new(addresses.into_iter());
            Ok(addrs)
        })
    }
}

/// Refuses a URL whose host is a forbidden address given literally.
fn check_address_host(url: &url::Url) -> Result<(), String> {
    let ip = match url.host() {
        Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
        _ => return Ok(()),
    };
    if is_forbidden(ip) {
        return Err(format!("{ip} is a private, loopback or reserved address"));
    }
    Ok(())
}

/// Refuses a URL whose host is, or resolves to, a private, loopback or reserved
/// address (when not allowed): checked when an endpoint is saved, and for a host given
/// as an address before each attempt (names are checked by the client's resolver).
pub async fn check_destination(url: &url::Url, allow_private: bool) -> Result<(), String> {
    if allow_private {
        return Ok(());
    }
    let Some(url::Host::Domain(name)) = url.host() else {
        return match url.host() {
            Some(_) => check_address_host(url),
            None => Err("the URL has no host".to_owned()),
        };
    };
    let addresses: Vec<IpAddr> = tokio::net::lookup_host((name, 0))
        .await
        .map_err(|_| format!("{name} does not resolve"))?
        .map(|a| a.ip())
        .collect();
    if addresses.is_empty() || addresses.iter().any(|ip| is_forbidden(*ip)) {
        return Err(format!(
            "{name} resolves to a private, loopback or reserved address"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_reserved_and_embedded_addresses_are_refused() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.5.4",
            "169.254.169.254",
            "100.64.0.1",
            "0.1.2.3",
            "192.0.0.8",
            "192.0.2.1",
            "198.18.0.1",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "240.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "::ffff:10.0.0.1",
            "::ffff:169.254.169.254",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "64:ff9b::7f00:1",
            "64:ff9b:1::1",
            "2002:7f00:1::1",
            "2002:a00:1::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001:db8::1",
            "100::1",
        ] {
            assert!(is_forbidden(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert!(!is_forbidden(ip.parse().unwrap()), "{ip}");
        }
    }

    /// A listener on 127.0.0.1 that counts the connections it accepts.
    async fn counting_listener() -> (u16, Arc<std::sync::atomic::AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = Arc::clone(&accepted);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                drop(socket);
            }
        });
        (port, accepted)
    }

    #[tokio::test]
    async fn the_client_never_connects_to_a_name_that_resolves_to_a_private_address() {
        let headers = SignedHeaders {
            id: "msg_1",
            timestamp: 0,
            signature: "v1,x",
        };
        let (port, accepted) = counting_listener().await;
        let url = format!("https://localhost:{port}/hooks");
        let production = WebhookClient::new(Duration::from_secs(2), false);
        let development = WebhookClient::new(Duration::from_secs(2), true);

        assert!(production.post(&url, &headers, "{}").await.is_err());
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 0);
        // Where private addresses are allowed, the same call reaches the listener.
        assert!(development.post(&url, &headers, "{}").await.is_err());
        assert!(accepted.load(std::sync::atomic::Ordering::SeqCst) >= 1);

        let literal = format!("https://[::ffff:127.0.0.1]:{port}/hooks");
        let refused = production.post(&literal, &headers, "{}").await;
        assert!(refused.unwrap_err().contains("reserved"));
    }
}
