//! The SSRF guard for probing on behalf of others (the web tool's **Check** mode).
//!
//! A server that fetches URLs its visitors type in can be pointed at its own network: the
//! loopback interface, the LAN, the cloud metadata service. In [`NetworkPolicy::PublicOnly`]
//! the guard refuses every target that is not a global unicast address:
//!
//! - the host is parsed the way browsers parse it (WHATWG URL), so the decimal, octal, hex and
//!   short IPv4 forms (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`) become `127.0.0.1` before
//!   the check, and [`parse_ipv4_lenient`] catches them again for hosts that did not come
//!   through a URL;
//! - names are resolved through a [`Resolver`] (a hook, so tests map names without DNS) and
//!   **every** resolved address is checked: one private address refuses the name (DNS answers
//!   that mix a public and a private address are a rebinding trick);
//! - the caller connects only to the addresses the guard returned (the probe pins them into
//!   its HTTP client), and checks again on every redirect hop;
//! - IPv6 forms that carry an IPv4 address (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`,
//!   NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the IPv4 address inside; Teredo
//!   and local-use NAT64 are refused outright.
//!
//! [`Limits`] carries the caps (redirects, time, response bytes) the probe applies.
//!
//! ```
//! use corsfix_probe::ssrf::{AddressClass, classify};
//! assert_eq!(classify("169.254.169.254".parse().unwrap()), AddressClass::Metadata);
//! assert_eq!(classify("::ffff:10.0.0.1".parse().unwrap()), AddressClass::Private);
//! assert_eq!(classify("93.184.215.14".parse().unwrap()), AddressClass::Public);
//! ```

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use url::{Host, Url};

/// What kind of address an IP is, for deciding whether a public prober may connect to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AddressClass {
    /// A global unicast address.
    Public,
    /// `127.0.0.0/8`, `::1`.
    Loopback,
    /// RFC 1918 (`10/8`, `172.16/12`, `192.168/16`), IPv6 unique-local `fc00::/7` and the
    /// deprecated site-local `fec0::/10`.
    Private,
    /// `169.254/16`, `fe80::/10`.
    LinkLocal,
    /// Carrier-grade NAT shared space, `100.64/10`.
    SharedCgnat,
    /// Multicast (`224/4`, `ff00::/8`).
    Multicast,
    /// `0.0.0.0/8`, `::`.
    Unspecified,
    /// The limited broadcast address `255.255.255.255`.
    Broadcast,
    /// A cloud metadata service (`169.254.169.254`, `fd00:ec2::254`, `168.63.129.16`,
    /// `100.100.100.200`).
    Metadata,
    /// Documentation, benchmarking, protocol-assignment and reserved ranges, and IPv6 forms
    /// that hide their real target (Teredo, local-use NAT64, discard-only).
    Reserved,
}

impl AddressClass {
    /// Whether a public prober may connect to it.
    pub fn is_public(self) -> bool {
        self == Self::Public
    }

    /// In words, for error messages.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Public => "a public address",
            Self::Loopback => "a loopback address",
            Self::Private => "a private-network address",
            Self::LinkLocal => "a link-local address",
            Self::SharedCgnat => "a carrier-grade NAT address (100.64.0.0/10)",
            Self::Multicast => "a multicast address",
            Self::Unspecified => "the unspecified address",
            Self::Broadcast => "the broadcast address",
            Self::Metadata => "a cloud metadata service address",
            Self::Reserved => "a reserved or special-purpose address",
        }
    }
}

impl fmt::Display for AddressClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Classify an address. IPv6 forms that embed an IPv4 address are classified by that address.
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn in_v4(ip: Ipv4Addr, net: [u8; 4], prefix: u32) -> bool {
    let mask = if prefix == 0 {
        0
    } else {
        u32::MAX << (32 - prefix)
    };
    (u32::from(ip) & mask) == (u32::from(Ipv4Addr::from(net)) & mask)
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    use AddressClass as C;
    // Metadata endpoints first: they sit inside ranges classified below (or in public space).
    const METADATA: [[u8; 4]; 4] = [
        [169, 254, 169, 254], // AWS, GCP, Azure IMDS, OpenStack, DigitalOcean …
        [169, 254, 170, 2],   // AWS ECS task metadata
        [168, 63, 129, 16],   // Azure WireServer (a public address)
        [100, 100, 100, 200], // Alibaba Cloud
    ];
    if METADATA.iter().any(|m| ip.octets() == *m) {
        return C::Metadata;
    }
    let table: [([u8; 4], u32, AddressClass); 17] = [
        ([0, 0, 0, 0], 8, C::Unspecified),
        ([10, 0, 0, 0], 8, C::Private),
        ([100, 64, 0, 0], 10, C::SharedCgnat),
        ([127, 0, 0, 0], 8, C::Loopback),
        ([169, 254, 0, 0], 16, C::LinkLocal),
        ([172, 16, 0, 0], 12, C::Private),
        ([192, 0, 0, 0], 24, C::Reserved),
        ([192, 0, 2, 0], 24, C::Reserved),
        ([192, 88, 99, 0], 24, C::Reserved),
        ([192, 168, 0, 0], 16, C::Private),
        ([198, 18, 0, 0], 15, C::Reserved),
        ([198, 51, 100, 0], 24, C::Reserved),
        ([203, 0, 113, 0], 24, C::Reserved),
        ([224, 0, 0, 0], 4, C::Multicast),
        ([255, 255, 255, 255], 32, C::Broadcast),
        ([240, 0, 0, 0], 4, C::Reserved),
        ([192, 31, 196, 0], 24, C::Reserved),
    ];
    for (net, prefix, class) in table {
        if in_v4(ip, net, prefix) {
            return class;
        }
    }
    C::Public
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    use AddressClass as C;
    let s = ip.segments();
    if ip == Ipv6Addr::UNSPECIFIED {
        return C::Unspecified;
    }
    if ip == Ipv6Addr::LOCALHOST {
        return C::Loopback;
    }
    // fd00:ec2::254, AWS IMDS over IPv6.
    if s == [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254] {
        return C::Metadata;
    }
    let embedded = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        classify_v4(Ipv4Addr::new(a, b, c, d))
    };
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated).
    if s[..5] == [0, 0, 0, 0, 0] && (s[5] == 0xffff || s[5] == 0) {
        return embedded(s[6], s[7]);
    }
    // ::ffff:0:a.b.c.d (SIIT "translated").
    if s[..4] == [0, 0, 0, 0] && s[4] == 0xffff && s[5] == 0 {
        return embedded(s[6], s[7]);
    }
    // 64:ff9b::/96, the well-known NAT64 prefix: the gateway connects to the IPv4 inside.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return embedded(s[6], s[7]);
    }
    // 64:ff9b:1::/48, local-use NAT64: the mapping is the network's own.
    if s[0] == 0x64 && s[1] == 0xff9b && s[2] == 1 {
        return C::Reserved;
    }
    // 2002::/16, 6to4: the IPv4 address is in bits 16..48.
    if s[0] == 0x2002 {
        return embedded(s[1], s[2]);
    }
    // 2001::/32 Teredo (the client address is obfuscated), 2001:db8::/32 documentation,
    // 2001:10::/28 ORCHID, 100::/64 discard-only.
    if (s[0] == 0x2001 && (s[1] == 0 || s[1] == 0xdb8 || (s[1] & 0xfff0) == 0x10))
        || (s[0] == 0x100 && s[1..4] == [0, 0, 0])
    {
        return C::Reserved;
    }
    match s[0] {
        x if x & 0xfe00 == 0xfc00 => C::Private, // fc00::/7 unique local
        x if x & 0xffc0 == 0xfe80 => C::LinkLocal, // fe80::/10
        x if x & 0xffc0 == 0xfec0 => C::Private, // fec0::/10 site-local (deprecated)
        x if x & 0xff00 == 0xff00 => C::Multicast, // ff00::/8
        x if x & 0xe000 == 0x2000 => C::Public,  // 2000::/3 global unicast
        _ => C::Reserved,
    }
}

/// Parse an IPv4 address the way browsers do (the WHATWG "IPv4 parser"): one to four parts
/// separated by dots, each decimal, octal (leading `0`) or hex (`0x`), the last part filling
/// the remaining bytes. `127.1`, `0x7f.1`, `0177.0.0.1` and `2130706433` all give `127.0.0.1`.
/// `None` when the text is not such a number (it is then a domain name).
pub fn parse_ipv4_lenient(host: &str) -> Option<Ipv4Addr> {
    let host = host.strip_suffix('.').unwrap_or(host);
    if host.is_empty() {
        return None;
    }
    let parts: Vec<&str> = host.split('.').collect();
    if parts.len() > 4 {
        return None;
    }
    let mut numbers = Vec::with_capacity(parts.len());
    for part in &parts {
        numbers.push(parse_ipv4_number(part)?);
    }
    let (last, init) = numbers.split_last()?;
    if init.iter().any(|n| *n > 255) {
        return None;
    }
    let rest_bits = 8 * (4 - init.len() as u32);
    if rest_bits < 64 && *last >= (1u64 << rest_bits) {
        return None;
    }
    let mut value = *last;
    for (i, n) in init.iter().enumerate() {
        value += n << (8 * (3 - i as u32));
    }
    u32::try_from(value).ok().map(Ipv4Addr::from)
}

fn parse_ipv4_number(part: &str) -> Option<u64> {
    if part.is_empty() {
        return None;
    }
    let (digits, radix) =
        if let Some(hex) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (hex, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (&part[1..], 8)
        } else {
            (part, 10)
        };
    if digits.is_empty() {
        return Some(0);
    }
    if digits.len() > 20 || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// Resolves host names to addresses. The guard checks whatever this returns.
pub trait Resolver: Send + Sync + fmt::Debug {
    /// All addresses of `host` (a domain name, never an IP literal).
    fn resolve<'a>(
        &'a self,
        host: &'a str,
    ) -> Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send + 'a>>;
}

/// The operating system's resolver (`getaddrinfo` through tokio).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemResolver;

impl Resolver for SystemResolver {
    fn resolve<'a>(
        &'a self,
        host: &'a str,
    ) -> Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send + 'a>> {
        Box::pin(async move {
            let addrs = tokio::net::lookup_host((host, 0)).await?;
            let mut out: Vec<IpAddr> = Vec::new();
            for a in addrs {
                if !out.contains(&a.ip()) {
                    out.push(a.ip());
                }
            }
            Ok(out)
        })
    }
}

/// A fixed table of names to addresses (tests, and `--resolve NAME:ADDR`); unknown names fall
/// through to `fallback` when one is set, and fail like a DNS miss otherwise.
#[derive(Debug, Clone, Default)]
pub struct StaticResolver {
    table: HashMap<String, Vec<IpAddr>>,
    fallback: Option<Arc<dyn Resolver>>,
}

impl StaticResolver {
    /// An empty table with no fallback: every name fails to resolve.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same table, falling back to `resolver` for other names.
    #[must_use]
    pub fn with_fallback(mut self, resolver: Arc<dyn Resolver>) -> Self {
        self.fallback = Some(resolver);
        self
    }

    /// Map `name` (case-insensitive, trailing dot ignored) to `addrs`.
    #[must_use]
    pub fn with(mut self, name: &str, addrs: &[IpAddr]) -> Self {
        self.insert(name, addrs);
        self
    }

    /// Map `name` to `addrs`.
    pub fn insert(&mut self, name: &str, addrs: &[IpAddr]) {
        self.table.insert(normalize_name(name), addrs.to_vec());
    }
}

fn normalize_name(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

impl Resolver for StaticResolver {
    fn resolve<'a>(
        &'a self,
        host: &'a str,
    ) -> Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send + 'a>> {
        Box::pin(async move {
            if let Some(addrs) = self.table.get(&normalize_name(host)) {
                return Ok(addrs.clone());
            }
            match &self.fallback {
                Some(f) => f.resolve(host).await,
                None => Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    format!("no address for {host} in the test resolver"),
                )),
            }
        })
    }
}

/// Which targets may be contacted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NetworkPolicy {
    /// Anything (the CLI, and the web tool bound to loopback: a developer checks
    /// `http://localhost:3000`).
    #[default]
    AllowAll,
    /// Only global unicast addresses (the web tool bound to a public address).
    PublicOnly,
}

/// Caps on one probe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Redirects followed by hand (browsers stop after 20).
    pub max_redirects: u32,
    /// Time for each exchange.
    pub timeout: Duration,
    /// Time for the whole check, extra probes included.
    pub total_timeout: Duration,
    /// Response body bytes read (the rest is never read).
    pub max_body_bytes: usize,
    /// Response header bytes accepted.
    pub max_header_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_redirects: 20,
            timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
            max_body_bytes: 64 * 1024,
            max_header_bytes: 64 * 1024,
        }
    }
}

impl Limits {
    /// The tighter caps of server-side probing: 5 redirects, 5 s per exchange, 20 s in all,
    /// 16 KiB of body.
    pub fn public() -> Self {
        Self {
            max_redirects: 5,
            timeout: Duration::from_secs(5),
            total_timeout: Duration::from_secs(20),
            max_body_bytes: 16 * 1024,
            max_header_bytes: 32 * 1024,
        }
    }
}

/// Why the guard would not let a target be contacted (or could not tell).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GuardError {
    /// Only `http:` and `https:` are probed.
    #[error("only http and https URLs can be checked, not `{scheme}:`")]
    UnsupportedScheme {
        /// The scheme.
        scheme: String,
    },
    /// The URL has no host.
    #[error("the URL has no host")]
    NoHost,
    /// The target (or one of its addresses) is not public.
    #[error("refused to contact {host}: {addr} is {class}")]
    Refused {
        /// The host as written in the URL.
        host: String,
        /// The address that was refused.
        addr: IpAddr,
        /// What kind of address it is.
        class: AddressClass,
    },
    /// The name does not resolve.
    #[error("cannot resolve {host}")]
    Resolve {
        /// The host.
        host: String,
        /// The resolver's error.
        #[source]
        source: io::Error,
    },
    /// The name resolved to nothing.
    #[error("{host} has no addresses")]
    NoAddresses {
        /// The host.
        host: String,
    },
}

/// Checks targets against a [`NetworkPolicy`] and resolves them through a [`Resolver`].
#[derive(Debug, Clone)]
pub struct Guard {
    policy: NetworkPolicy,
    resolver: Arc<dyn Resolver>,
    exceptions: Vec<SocketAddr>,
}

impl Default for Guard {
    fn default() -> Self {
        Self::allow_all()
    }
}

/// A checked target: the host as it appears in the URL and the socket addresses that may be
/// connected to (the only ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The URL's host (a domain, or an IP literal as the URL serializes it).
    pub host: String,
    /// Whether the host is an IP literal (nothing to resolve, nothing to pin).
    pub is_ip_literal: bool,
    /// The addresses that passed the check, with the URL's port.
    pub addrs: Vec<SocketAddr>,
}

impl Guard {
    /// Contact anything (local use), resolving with the system resolver.
    pub fn allow_all() -> Self {
        Self {
            policy: NetworkPolicy::AllowAll,
            resolver: Arc::new(SystemResolver),
            exceptions: Vec::new(),
        }
    }

    /// Contact public addresses only, resolving with the system resolver.
    pub fn public_only() -> Self {
        Self {
            policy: NetworkPolicy::PublicOnly,
            resolver: Arc::new(SystemResolver),
            exceptions: Vec::new(),
        }
    }

    /// The same guard with another resolver.
    #[must_use]
    pub fn with_resolver(mut self, resolver: Arc<dyn Resolver>) -> Self {
        self.resolver = resolver;
        self
    }

    /// Permit one exact address and port even when the policy refuses its class (a known
    /// internal service; the loopback server of a test).
    #[must_use]
    pub fn allowing(mut self, addr: SocketAddr) -> Self {
        self.exceptions.push(addr);
        self
    }

    /// The policy.
    pub fn policy(&self) -> NetworkPolicy {
        self.policy
    }

    /// Whether `ip` may be contacted under this guard's policy.
    pub fn permits(&self, ip: IpAddr) -> Result<(), AddressClass> {
        let class = classify(ip);
        match self.policy {
            NetworkPolicy::AllowAll => Ok(()),
            NetworkPolicy::PublicOnly if class.is_public() => Ok(()),
            NetworkPolicy::PublicOnly => Err(class),
        }
    }

    /// Check a URL before contacting it: the scheme, then the host (an IP literal directly, a
    /// name through the resolver, **every** address). Returns the addresses to connect to.
    pub async fn check(&self, url: &Url) -> Result<Target, GuardError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(GuardError::UnsupportedScheme {
                scheme: url.scheme().to_owned(),
            });
        }
        let port = url.port_or_known_default().unwrap_or(80);
        let host = url.host().ok_or(GuardError::NoHost)?;
        let host_text = url.host_str().unwrap_or_default().to_owned();
        let refuse = |addr: IpAddr, class| GuardError::Refused {
            host: host_text.clone(),
            addr,
            class,
        };
        let literal = match host {
            Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
            Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
            // Non-special schemes keep numeric hosts as names; we only get http(s) here, but a
            // name that is a number in disguise is still an address.
            Host::Domain(d) => parse_ipv4_lenient(d).map(IpAddr::V4),
        };
        let excepted = |ip: IpAddr| self.exceptions.contains(&SocketAddr::new(ip, port));
        if let Some(ip) = literal {
            if !excepted(ip) {
                self.permits(ip).map_err(|class| refuse(ip, class))?;
            }
            return Ok(Target {
                host: host_text.clone(),
                is_ip_literal: true,
                addrs: vec![SocketAddr::new(ip, port)],
            });
        }
        let name = normalize_name(&host_text);
        // `localhost` and `*.localhost` are loopback by definition (RFC 6761); do not ask DNS.
        if self.policy == NetworkPolicy::PublicOnly
            && (name == "localhost" || name.ends_with(".localhost"))
        {
            return Err(refuse(
                IpAddr::V4(Ipv4Addr::LOCALHOST),
                AddressClass::Loopback,
            ));
        }
        let ips = self
            .resolver
            .resolve(&name)
            .await
            .map_err(|source| GuardError::Resolve {
                host: host_text.clone(),
                source,
            })?;
        if ips.is_empty() {
            return Err(GuardError::NoAddresses { host: host_text });
        }
        for ip in &ips {
            if !excepted(*ip) {
                self.permits(*ip).map_err(|class| refuse(*ip, class))?;
            }
        }
        Ok(Target {
            host: host_text.clone(),
            is_ip_literal: false,
            addrs: ips
                .into_iter()
                .map(|ip| SocketAddr::new(ip, port))
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4(s: &str) -> IpAddr {
        IpAddr::V4(s.parse().unwrap())
    }

    #[test]
    fn classifies_the_special_ipv4_ranges() {
        let cases = [
            ("127.0.0.1", AddressClass::Loopback),
            ("127.255.0.9", AddressClass::Loopback),
            ("10.1.2.3", AddressClass::Private),
            ("172.16.0.1", AddressClass::Private),
            ("172.31.255.255", AddressClass::Private),
            ("172.32.0.1", AddressClass::Public),
            ("192.168.1.1", AddressClass::Private),
            ("169.254.1.1", AddressClass::LinkLocal),
            ("169.254.169.254", AddressClass::Metadata),
            ("100.64.0.1", AddressClass::SharedCgnat),
            ("100.127.255.255", AddressClass::SharedCgnat),
            ("100.128.0.1", AddressClass::Public),
            ("100.100.100.200", AddressClass::Metadata),
            ("168.63.129.16", AddressClass::Metadata),
            ("0.0.0.0", AddressClass::Unspecified),
            ("0.1.2.3", AddressClass::Unspecified),
            ("224.0.0.1", AddressClass::Multicast),
            ("239.255.255.250", AddressClass::Multicast),
            ("255.255.255.255", AddressClass::Broadcast),
            ("240.0.0.1", AddressClass::Reserved),
            ("192.0.2.1", AddressClass::Reserved),
            ("198.18.0.1", AddressClass::Reserved),
            ("8.8.8.8", AddressClass::Public),
            ("1.1.1.1", AddressClass::Public),
        ];
        for (ip, class) in cases {
            assert_eq!(classify(v4(ip)), class, "{ip}");
        }
    }

    #[test]
    fn classifies_ipv6_and_the_ipv4_inside_it() {
        let cases = [
            ("::1", AddressClass::Loopback),
            ("::", AddressClass::Unspecified),
            ("::ffff:127.0.0.1", AddressClass::Loopback),
            ("::ffff:7f00:1", AddressClass::Loopback),
            ("::ffff:169.254.169.254", AddressClass::Metadata),
            ("::127.0.0.1", AddressClass::Loopback),
            ("::ffff:0:10.0.0.1", AddressClass::Private),
            ("::ffff:8.8.8.8", AddressClass::Public),
            ("64:ff9b::7f00:1", AddressClass::Loopback),
            ("64:ff9b::a9fe:a9fe", AddressClass::Metadata),
            ("64:ff9b::808:808", AddressClass::Public),
            ("64:ff9b:1::1", AddressClass::Reserved),
            ("2002:7f00:1::1", AddressClass::Loopback),
            ("2002:0808:0808::1", AddressClass::Public),
            ("2001:0:4136:e378::1", AddressClass::Reserved),
            ("2001:db8::1", AddressClass::Reserved),
            ("fd00:ec2::254", AddressClass::Metadata),
            ("fd12:3456::1", AddressClass::Private),
            ("fc00::1", AddressClass::Private),
            ("fe80::1", AddressClass::LinkLocal),
            ("fec0::1", AddressClass::Private),
            ("ff02::1", AddressClass::Multicast),
            ("100::1", AddressClass::Reserved),
            ("2606:4700:4700::1111", AddressClass::Public),
        ];
        for (ip, class) in cases {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(classify(ip), class, "{ip}");
        }
    }

    #[test]
    fn lenient_ipv4_parser_reads_every_browser_form() {
        let loopback = Some(Ipv4Addr::new(127, 0, 0, 1));
        for form in [
            "127.0.0.1",
            "2130706433",
            "0177.0.0.1",
            "0x7f.1",
            "0x7f.0.0.1",
            "127.1",
            "127.0.1",
            "0x7f000001",
            "017700000001",
            "0X7F.0.0.0X1",
            "127.0.0.1.",
        ] {
            assert_eq!(parse_ipv4_lenient(form), loopback, "{form}");
        }
        assert_eq!(parse_ipv4_lenient("0"), Some(Ipv4Addr::UNSPECIFIED));
        assert_eq!(parse_ipv4_lenient("0x0"), Some(Ipv4Addr::UNSPECIFIED));
        for not_ip in [
            "example.com",
            "1.2.3.4.5",
            "256.1.1.1",
            "1.2.3.256",
            "0x",
            "09.1.1.1",
            "4294967296",
            "",
            "1..2",
        ] {
            if not_ip == "0x" {
                // "0x" alone is the number zero in the WHATWG parser.
                assert_eq!(parse_ipv4_lenient(not_ip), Some(Ipv4Addr::UNSPECIFIED));
                continue;
            }
            assert_eq!(parse_ipv4_lenient(not_ip), None, "{not_ip}");
        }
    }

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
    }

    fn public_guard() -> Guard {
        let resolver = StaticResolver::new()
            .with("public.test", &[v4("93.184.215.14")])
            .with("internal.test", &[v4("10.0.0.7")])
            .with("rebind.test", &[v4("93.184.215.14"), v4("127.0.0.1")])
            .with("metadata.test", &[v4("169.254.169.254")])
            .with("mapped.test", &["::ffff:127.0.0.1".parse().unwrap()])
            .with("empty.test", &[]);
        Guard::public_only().with_resolver(Arc::new(resolver))
    }

    #[test]
    fn public_mode_refuses_every_bypass_form() {
        let guard = public_guard();
        let rt = rt();
        for url in [
            "http://127.0.0.1/",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://0x7f.1/",
            "http://0x7f000001/",
            "http://127.1/",
            "http://127.0.0.1.:8080/",
            "http://\u{ff11}\u{ff12}\u{ff17}.\u{ff10}.\u{ff10}.\u{ff11}/",
            "http://127.0.0.1%2E/",
            "http://0x7f.0x0.0x0.0x1/",
            "http://[0:0:0:0:0:0:0:1]/",
            "http://[::]/",
            "http://[::127.0.0.1]/",
            "http://[::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:7f00:1]/",
            "http://[0:0:0:0:0:ffff:169.254.169.254]/",
            "http://[64:ff9b::7f00:1]/",
            "http://[2002:7f00:1::]/",
            "http://[fd00:ec2::254]/latest/meta-data/",
            "http://[fe80::1]/",
            "http://0.0.0.0/",
            "http://0/",
            "http://169.254.169.254/latest/meta-data/",
            "http://100.64.0.1/",
            "http://100.100.100.200/",
            "http://10.0.0.1/",
            "http://172.16.5.4/",
            "http://192.168.0.1/",
            "http://224.0.0.1/",
            "http://255.255.255.255/",
            "http://localhost/",
            "http://LOCALHOST./",
            "http://app.localhost:3000/",
            "http://internal.test/",
            "http://rebind.test/",
            "http://metadata.test/",
            "http://mapped.test/",
            "https://internal.test/",
        ] {
            let parsed = Url::parse(url).unwrap();
            let result = rt.block_on(guard.check(&parsed));
            assert!(
                matches!(result, Err(GuardError::Refused { .. })),
                "{url} was not refused: {result:?}"
            );
        }
    }

    #[test]
    fn public_mode_allows_public_targets_and_pins_their_addresses() {
        let guard = public_guard();
        let rt = rt();
        let t = rt
            .block_on(guard.check(&Url::parse("https://public.test/x").unwrap()))
            .unwrap();
        assert_eq!(t.addrs, vec!["93.184.215.14:443".parse().unwrap()]);
        assert!(!t.is_ip_literal);
        let t = rt
            .block_on(guard.check(&Url::parse("http://8.8.8.8:8080/").unwrap()))
            .unwrap();
        assert!(t.is_ip_literal);
        assert_eq!(t.addrs, vec!["8.8.8.8:8080".parse().unwrap()]);
    }

    #[test]
    fn unresolvable_and_empty_names_and_other_schemes_are_errors_not_refusals() {
        let guard = public_guard();
        let rt = rt();
        let r = rt.block_on(guard.check(&Url::parse("http://nowhere.test/").unwrap()));
        assert!(matches!(r, Err(GuardError::Resolve { .. })), "{r:?}");
        let r = rt.block_on(guard.check(&Url::parse("http://empty.test/").unwrap()));
        assert!(matches!(r, Err(GuardError::NoAddresses { .. })), "{r:?}");
        for url in ["file:///etc/passwd", "ftp://example.com/", "gopher://x/"] {
            let r = rt.block_on(guard.check(&Url::parse(url).unwrap()));
            assert!(
                matches!(r, Err(GuardError::UnsupportedScheme { .. })),
                "{url}: {r:?}"
            );
        }
    }

    #[test]
    fn allow_all_mode_lets_a_developer_check_localhost() {
        let guard = Guard::allow_all().with_resolver(Arc::new(
            StaticResolver::new().with("localhost", &[v4("127.0.0.1")]),
        ));
        let rt = rt();
        for url in [
            "http://localhost:3000/",
            "http://127.0.0.1/",
            "http://[::1]/",
        ] {
            assert!(
                rt.block_on(guard.check(&Url::parse(url).unwrap())).is_ok(),
                "{url}"
            );
        }
    }
}
