//! Client addresses: the proxies whose `X-Forwarded-For` is believed and the entry that
//! is the client's (`X-Forwarded-For` is anybody's to write: it is read only when the
//! connection comes from a configured proxy, and then only the entry that proxy chain
//! added, `hops` from the right; a malformed entry there falls back to the connection's
//! address, never to an entry further left, which the client may have written), and
//! what sign-in throttling counts an address under.

use std::net::{IpAddr, SocketAddr};

use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed, and how many of them stand in
/// front of this server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedProxies {
    networks: Vec<IpNet>,
    /// The client's entry, counted from the right: 1 behind one proxy (it appended the
    /// address it saw), 2 behind a CDN and a load balancer.
    hops: usize,
}

impl Default for TrustedProxies {
    fn default() -> Self {
        Self {
            networks: Vec::new(),
            hops: 1,
        }
    }
}

impl TrustedProxies {
    /// Comma-separated addresses or CIDR networks (`10.0.0.0/8, 127.0.0.1`); `hops` at
    /// least 1. Empty: no proxy is trusted.
    pub fn parse(list: &str, hops: usize) -> Result<Self, String> {
        if hops == 0 {
            return Err("the number of proxy hops must be at least 1".into());
        }
        let networks = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("`{entry}` is not an IP address or CIDR network"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { networks, hops })
    }

    /// Whether any proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.networks.is_empty()
    }

    fn trusts(&self, peer: IpAddr) -> bool {
        let peer = peer.to_canonical();
        self.networks.iter().any(|network| network.contains(&peer))
    }

    /// The client's address: the forwarded entry when `peer` is a trusted proxy, else
    /// `peer` itself.
    pub fn client<'a>(
        &self,
        peer: Option<IpAddr>,
        forwarded: impl Iterator<Item = &'a str>,
    ) -> Option<IpAddr> {
        let peer = peer.map(|p| p.to_canonical());
        if !peer.is_some_and(|p| self.trusts(p)) {
            return peer;
        }
        let entries: Vec<&str> = forwarded
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .collect();
        let index = match entries.len().checked_sub(self.hops) {
            Some(index) => index,
            // Fewer entries than hops: only the rightmost surely came from a proxy.
            None => entries.len().saturating_sub(1),
        };
        entries
            .get(index)
            .and_then(|entry| entry_address(entry))
            .map(|address| address.to_canonical())
            .or(peer)
    }
}

/// An `X-Forwarded-For` entry's address, without a port: `192.0.2.9`, `192.0.2.9:5555`,
/// `2001:db8::1`, `[2001:db8::1]:443`.
fn entry_address(entry: &str) -> Option<IpAddr> {
    if let Ok(address) = entry.parse::<IpAddr>() {
        return Some(address);
    }
    entry.parse::<SocketAddr>().ok().map(|socket| socket.ip())
}

/// What sign-in throttling counts an address under: an IPv4 address as it is, an IPv6
/// address by its /64 network (one customer line holds a whole /64, so counting single
/// IPv6 addresses would let one client rotate through billions).
pub fn throttle_key(address: &str) -> String {
    match address.parse::<IpAddr>().map(|a| a.to_canonical()) {
        Ok(IpAddr::V6(v6)) => match ipnet::Ipv6Net::new(v6, 64) {
            Ok(network) => network.trunc().to_string(),
            Err(_) => v6.to_string(),
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => address.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(raw: &str) -> Option<IpAddr> {
        Some(raw.parse().unwrap())
    }

    fn proxies(list: &str, hops: usize) -> TrustedProxies {
        TrustedProxies::parse(list, hops).unwrap()
    }

    #[test]
    fn a_peer_that_is_no_trusted_proxy_is_the_client_whatever_it_forwards() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("203.0.113.7"), ["10.9.0.1"].into_iter()),
            ip("203.0.113.7")
        );
        let lan = proxies("10.0.0.0/8", 1);
        assert_eq!(
            lan.client(ip("203.0.113.7"), ["198.51.100.1"].into_iter()),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_entry_it_added_is_the_client() {
        let one = proxies("127.0.0.1, 10.0.0.0/8", 1);
        assert_eq!(
            one.client(ip("10.1.2.3"), ["1.1.1.1, 198.51.100.4"].into_iter()),
            ip("198.51.100.4")
        );
        let two = proxies("10.0.0.0/8", 2);
        assert_eq!(
            two.client(
                ip("10.1.2.3"),
                ["6.6.6.6", "198.51.100.4, 10.2.0.1"].into_iter()
            ),
            ip("198.51.100.4")
        );
        // An IPv4 peer reached over an IPv6 socket is still the same proxy.
        assert_eq!(
            one.client(ip("::ffff:127.0.0.1"), ["198.51.100.4"].into_iter()),
            ip("198.51.100.4")
        );
    }

    #[test]
    fn the_reviews_header_gives_the_proxys_entry_without_its_port() {
        let one = proxies("127.0.0.1", 1);
        assert_eq!(
            one.client(ip("127.0.0.1"), ["10.9.3.1, 192.0.2.9:5555"].into_iter()),
            ip("192.0.2.9")
        );
        assert_eq!(
            one.client(ip("127.0.0.1"), ["[2001:db8::1]:443"].into_iter()),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn a_malformed_entry_falls_back_to_the_peer_never_further_left() {
        let one = proxies("127.0.0.1", 1);
        assert_eq!(
            one.client(
                ip("127.0.0.1"),
                ["198.51.100.4, not-an-address"].into_iter()
            ),
            ip("127.0.0.1")
        );
        assert_eq!(
            one.client(ip("127.0.0.1"), std::iter::empty()),
            ip("127.0.0.1")
        );
        let three = proxies("127.0.0.1", 3);
        assert_eq!(
            three.client(ip("127.0.0.1"), ["198.51.100.4"].into_iter()),
            ip("198.51.100.4"),
            "fewer entries than hops: the rightmost was added by the trusted proxy"
        );
    }

    #[test]
    fn bad_settings_are_refused() {
        assert!(TrustedProxies::parse("10.0.0.0/33", 1).is_err());
        assert!(TrustedProxies::parse("proxy.internal", 1).is_err());
        assert!(TrustedProxies::parse("10.0.0.1", 0).is_err());
        assert!(TrustedProxies::parse("", 1).unwrap().is_empty());
    }

    #[test]
    fn ipv6_addresses_are_throttled_by_their_64_network() {
        assert_eq!(throttle_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(
            throttle_key("2001:db8:1:2:ffff:ffff:ffff:ffff"),
            "2001:db8:1:2::/64"
        );
        assert_eq!(throttle_key("198.51.100.4"), "198.51.100.4");
        assert_eq!(throttle_key("::ffff:198.51.100.4"), "198.51.100.4");
        assert_eq!(throttle_key("unknown"), "unknown");
    }
}
