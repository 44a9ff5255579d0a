//! A scan target: the URL as given, and the names the probe origins are built from.

use std::hash::{Hash, Hasher};
use std::net::IpAddr;

use crate::error::Error;

const PUBLIC_SUFFIXES: &str = include_str!("../data/public-suffixes.txt");

/// A URL to scan, parsed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The URL exactly as given (reported back in findings).
    pub url: String,
    /// The parsed URL (query kept; requests go to exactly this URL).
    pub parsed: url::Url,
    /// `http` or `https`.
    pub scheme: &'static str,
    /// The host name (lower case, no port; IPv6 in brackets).
    pub host: String,
    /// The registrable domain (the host for an IP address or a single label).
    pub registrable: String,
    /// Whether the host is an IP address.
    pub is_ip: bool,
}

impl Target {
    /// Parses an `http://` or `https://` URL.
    pub fn parse(input: &str) -> Result<Self, Error> {
        let trimmed = input.trim();
        let parsed = url::Url::parse(trimmed).map_err(|e| Error::InvalidUrl {
            url: trimmed.to_owned(),
            reason: e.to_string(),
        })?;
        let scheme = match parsed.scheme() {
            "http" => "http",
            "https" => "https",
            other => {
                return Err(Error::InvalidUrl {
                    url: trimmed.to_owned(),
                    reason: format!("scheme `{other}` is not http or https"),
                });
            }
        };
        let (host, is_ip) = match parsed.host() {
            Some(url::Host::Domain(d)) => (d.to_ascii_lowercase(), false),
            Some(url::Host::Ipv4(ip)) => (ip.to_string(), true),
            Some(url::Host::Ipv6(ip)) => (format!("[{ip}]"), true),
            None => {
                return Err(Error::InvalidUrl {
                    url: trimmed.to_owned(),
                    reason: "no host".to_owned(),
                });
            }
        };
        let registrable = if is_ip {
            host.clone()
        } else {
            registrable_domain(&host).to_owned()
        };
        Ok(Self {
            url: trimmed.to_owned(),
            parsed,
            scheme,
            host,
            registrable,
            is_ip,
        })
    }

    /// The target's own origin as a browser serialises it (`scheme://host[:port]`).
    pub fn own_origin(&self) -> String {
        self.parsed.origin().ascii_serialization()
    }

    /// The host looks internal (private address, `localhost`, a single label, internal TLDs):
    /// uncredentialed reads matter there (the browser becomes a proxy into the network).
    pub fn looks_internal(&self) -> bool {
        if self.is_ip {
            let bare = self.host.trim_start_matches('[').trim_end_matches(']');
            return match bare.parse::<IpAddr>() {
                Ok(IpAddr::V4(v4)) => v4.is_private() || v4.is_loopback() || v4.is_link_local(),
                Ok(IpAddr::V6(v6)) => v6.is_loopback() || (v6.segments()[0] & 0xfe00) == 0xfc00,
                Err(_) => false,
            };
        }
        let h = self.host.as_str();
        !h.contains('.')
            || [
                ".local",
                ".localhost",
                ".internal",
                ".intranet",
                ".corp",
                ".lan",
                ".home.arpa",
                ".localdomain",
                ".private",
            ]
            .iter()
            .any(|s| h.ends_with(s))
    }
}

/// The registrable domain of a host name: its public suffix plus one label.
pub fn registrable_domain(host: &str) -> &str {
    let labels: Vec<usize> = host
        .char_indices()
        .filter(|&(_, c)| c == '.')
        .map(|(i, _)| i)
        .collect();
    if labels.is_empty() {
        return host;
    }
    // The longest listed multi-label suffix the host ends with.
    let mut suffix_labels = 1;
    for line in PUBLIC_SUFFIXES.lines() {
        let s = line.trim();
        if s.is_empty() || s.starts_with('#') {
            continue;
        }
        if host.len() > s.len()
            && host.ends_with(s)
            && host.as_bytes()[host.len() - s.len() - 1] == b'.'
        {
            suffix_labels = suffix_labels.max(s.matches('.').count() + 1);
        }
    }
    // R has suffix_labels + 1 labels: it starts after dot number (dots - suffix_labels).
    if labels.len() < suffix_labels {
        return host;
    }
    if labels.len() == suffix_labels {
        return host;
    }
    let cut = labels[labels.len() - suffix_labels - 1];
    &host[cut + 1..]
}

/// The number of public-suffix labels at the end of `host` (1 unless a listed suffix matches).
pub fn suffix_len(host: &str) -> usize {
    let r = registrable_domain(host);
    r.matches('.').count()
}

/// Which shard (`0..n`) a URL belongs to: FNV-1a of the trimmed URL, stable across runs,
/// machines and versions (never the randomly seeded std hasher).
pub fn shard_of(url: &str, n: u32) -> u32 {
    struct Fnv(u64);
    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for b in bytes {
                self.0 ^= u64::from(*b);
                self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    url.trim().as_bytes().hash(&mut h);
    u32::try_from(h.finish() % u64::from(n.max(1))).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domain_uses_last_two_labels_or_a_listed_suffix() {
        assert_eq!(registrable_domain("api.shop.com"), "shop.com");
        assert_eq!(registrable_domain("shop.com"), "shop.com");
        assert_eq!(registrable_domain("a.b.shop.co.uk"), "shop.co.uk");
        assert_eq!(registrable_domain("co.uk"), "co.uk");
        assert_eq!(registrable_domain("me.github.io"), "me.github.io");
        assert_eq!(registrable_domain("intranet"), "intranet");
        assert_eq!(suffix_len("api.shop.co.uk"), 2);
    }

    #[test]
    fn targets_reject_other_schemes_and_garbage() {
        assert!(Target::parse("ftp://x.com/").is_err());
        assert!(Target::parse("not a url").is_err());
        let t = Target::parse("  https://API.Shop.com:8443/a?b=1 ").unwrap();
        assert_eq!(t.host, "api.shop.com");
        assert_eq!(t.registrable, "shop.com");
        assert_eq!(t.own_origin(), "https://api.shop.com:8443");
        assert_eq!(t.parsed.query(), Some("b=1"));
    }

    #[test]
    fn internal_hosts_are_recognised() {
        for (u, internal) in [
            ("http://10.1.2.3/", true),
            ("http://intranet/", true),
            ("http://wiki.corp/", true),
            ("https://api.shop.com/", false),
            ("http://8.8.8.8/", false),
        ] {
            assert_eq!(Target::parse(u).unwrap().looks_internal(), internal, "{u}");
        }
    }

    #[test]
    fn shards_are_stable_and_cover_all() {
        assert_eq!(
            shard_of("https://a.com/", 7),
            shard_of(" https://a.com/ ", 7)
        );
        let mut seen = [0u32; 4];
        for i in 0..400 {
            seen[shard_of(&format!("https://h{i}.com/"), 4) as usize] += 1;
        }
        assert!(seen.iter().all(|&c| c > 50), "{seen:?}");
    }
}
