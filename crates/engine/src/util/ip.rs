//! IP addresses and CIDRs as text: parsing (strict, and Go's historical sloppy IPv4), families,
//! containment, canonical form, and `ip:port` text. Validation messages live in
//! [`crate::names`]; this module only answers questions about addresses.

use std::net::{IpAddr, Ipv4Addr};

/// A strictly valid address (std's parser: no leading zeros in IPv4 octets).
pub fn parse(s: &str) -> Option<IpAddr> {
    s.parse().ok()
}

/// Whether `s` is a (strictly valid) IPv4 address.
pub fn is_v4(s: &str) -> bool {
    s.parse::<Ipv4Addr>().is_ok()
}

/// Whether `a` and `b` are valid addresses of the same family.
pub fn same_family(a: &str, b: &str) -> bool {
    matches!((parse(a.trim()), parse(b.trim())), (Some(x), Some(y)) if x.is_ipv4() == y.is_ipv4())
}

/// Whether `s` is IPv4, or not an address at all (callers that default to the IPv4 family).
pub fn v4_or_unknown(s: &str) -> bool {
    parse(s.trim()).is_none_or(|ip| ip.is_ipv4())
}

/// An IPv4 address the way Go's historical (sloppy) parser reads it: four dot-separated runs of
/// decimal digits, each at most 255, leading zeros allowed.
pub fn parse_v4_sloppy(s: &str) -> Option<Ipv4Addr> {
    let mut octets = [0u8; 4];
    let mut parts = s.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        if part.is_empty() || part.len() > 8 || !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        *octet = part.parse::<u32>().ok().and_then(|n| u8::try_from(n).ok())?;
    }
    parts.next().is_none().then_some(Ipv4Addr::from(octets))
}

/// The IPv4 address an address stands for, as Go's `To4()` sees it (IPv4-mapped IPv6 included).
pub fn as_v4(ip: IpAddr) -> Option<Ipv4Addr> {
    match ip {
        IpAddr::V4(v4) => Some(v4),
        IpAddr::V6(v6) => v6.to_ipv4_mapped(),
    }
}

/// An IPv4 address (or IPv4-mapped IPv6 address) as a number.
pub fn v4_bits(s: &str) -> Option<u32> {
    parse(s).and_then(as_v4).map(u32::from)
}

/// A number as dotted IPv4 text.
pub fn v4_text(bits: u32) -> String {
    Ipv4Addr::from(bits).to_string()
}

/// The canonical text of a valid address (IPv4-mapped IPv6 as IPv4), or None.
pub fn canonical(s: &str) -> Option<String> {
    parse(s).map(|ip| match as_v4(ip) {
        Some(v4) => v4.to_string(),
        None => ip.to_string(),
    })
}

/// `ip:port`, or `[ip]:port` for IPv6.
pub fn host_port(ip: &str, port: i64) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// Sorts `ip:port` texts by address (IPv4 numerically first, then the rest as text), then port.
pub fn sort_host_ports(v: &mut [String]) {
    super::sort::sort_by_cached_key(v, |s| {
        let (ip, port) = s.rsplit_once(':').unwrap_or((s.as_str(), ""));
        (sort_key(ip.trim_start_matches('[').trim_end_matches(']')), port.parse::<i64>().unwrap_or(0))
    });
}

/// IPv4 addresses by value, then anything else as text.
pub fn sort_key(ip: &str) -> (u8, u32, String) {
    match parse_v4_sloppy(ip) {
        Some(v) => (0, u32::from(v), String::new()),
        None => (1, 0, ip.to_string()),
    }
}

/// A CIDR: the network's bits (left-aligned in 128 bits for both families), its prefix length
/// and family. IPv4 networks may be written sloppily (leading zeros), as Go's parser allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    bits: u128,
    pub len: u32,
    pub v4: bool,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let (ip, len) = s.trim().split_once('/')?;
        let ip = parse(ip).or_else(|| parse_v4_sloppy(ip).map(IpAddr::V4))?;
        let len: u32 = len.parse().ok()?;
        let (bits, v4) = aligned(ip);
        let max = if v4 { 32 } else { 128 };
        (len <= max).then(|| Cidr { bits: mask(bits, len), len, v4 })
    }

    /// Whether the (strictly valid) address `ip` is inside the network.
    pub fn contains(&self, ip: &str) -> bool {
        match parse(ip.trim()) {
            Some(ip) => {
                let (bits, v4) = aligned(ip);
                v4 == self.v4 && mask(bits, self.len) == self.bits
            }
            None => false,
        }
    }

    /// Whether every address of `inner` is inside this network, and whether some are.
    pub fn covers(&self, inner: &Cidr) -> (bool, bool) {
        if self.v4 != inner.v4 {
            return (false, false);
        }
        let shorter = self.len.min(inner.len);
        let overlap = mask(self.bits, shorter) == mask(inner.bits, shorter);
        (overlap && self.len <= inner.len, overlap)
    }

    /// The network address as an IPv4 number (IPv4 networks only).
    pub fn v4_network(&self) -> Option<u32> {
        self.v4.then_some((self.bits >> 96) as u32)
    }
}

impl Cidr {
    /// The network address's value (IPv4: a 32-bit number; IPv6: 128 bits).
    pub fn base(&self) -> u128 {
        if self.v4 {
            self.bits >> 96
        } else {
            self.bits
        }
    }

    /// The number of addresses (saturating at `u128::MAX` for a /0 IPv6 network).
    pub fn size(&self) -> u128 {
        let host_bits = if self.v4 { 32 - self.len } else { 128 - self.len };
        1u128.checked_shl(host_bits).unwrap_or(u128::MAX)
    }

    /// The `n`-th address of the network (0 = the network address), canonical text; None past
    /// its end.
    pub fn nth(&self, n: u128) -> Option<String> {
        (n < self.size()).then(|| from_value(self.v4, self.base() + n))
    }

    /// The offset of a (strictly valid) address inside the network.
    pub fn offset(&self, ip: &str) -> Option<u128> {
        let (v4, v) = value(ip)?;
        (v4 == self.v4 && self.contains(ip)).then(|| v - self.base())
    }

    /// The smallest network with prefix length at most `max_len` that holds every address of
    /// `values` (all of one family); None for none.
    pub fn covering(v4: bool, values: &[u128], max_len: u32) -> Option<Cidr> {
        let first = *values.first()?;
        let width = if v4 { 32 } else { 128 };
        let mut len = max_len.min(width);
        loop {
            let c = Cidr::from_value(v4, first, len);
            if values.iter().all(|v| c.holds(*v)) || len == 0 {
                return Some(c);
            }
            len -= 1;
        }
    }

    /// The network of prefix length `len` that holds the address `value`.
    pub fn from_value(v4: bool, value: u128, len: u32) -> Cidr {
        let bits = if v4 { value << 96 } else { value };
        Cidr { bits: mask(bits, len), len, v4 }
    }

    /// Whether the address with value `v` (of this family) is inside.
    pub fn holds(&self, v: u128) -> bool {
        let bits = if self.v4 { v << 96 } else { v };
        mask(bits, self.len) == self.bits
    }
}

impl std::fmt::Display for Cidr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", from_value(self.v4, self.base()), self.len)
    }
}

/// A (strictly valid) address as (is IPv4, value); IPv4-mapped IPv6 counts as IPv4.
pub fn value(ip: &str) -> Option<(bool, u128)> {
    let a = parse(ip.trim())?;
    Some(match as_v4(a) {
        Some(v4) => (true, u128::from(u32::from(v4))),
        None => (
            false,
            match a {
                IpAddr::V6(v6) => u128::from(v6),
                IpAddr::V4(v4) => u128::from(u32::from(v4)),
            },
        ),
    })
}

/// The canonical text of an address value (IPv6 as RFC 5952 writes it).
pub fn from_value(v4: bool, v: u128) -> String {
    if v4 {
        Ipv4Addr::from(v as u32).to_string()
    } else {
        std::net::Ipv6Addr::from(v).to_string()
    }
}

/// An IPv4 CIDR as text: (network address, prefix length).
pub fn v4_cidr(cidr: &str) -> Option<(u32, u32)> {
    Cidr::parse(cidr).and_then(|c| Some((c.v4_network()?, c.len)))
}

/// Whether `ip` is inside `cidr` (both as text; false when either does not parse).
pub fn cidr_contains(cidr: &str, ip: &str) -> bool {
    Cidr::parse(cidr).is_some_and(|c| c.contains(ip))
}

/// Whether every address of the CIDR `inner` is inside `outer`, and whether some are (both as
/// text; `(false, false)` when either does not parse).
pub fn cidr_covers(outer: &str, inner: &str) -> (bool, bool) {
    match (Cidr::parse(outer), Cidr::parse(inner)) {
        (Some(o), Some(i)) => o.covers(&i),
        _ => (false, false),
    }
}

/// An address's bits left-aligned in 128 bits, and whether it is IPv4.
fn aligned(ip: IpAddr) -> (u128, bool) {
    match ip {
        IpAddr::V4(v) => (u128::from(u32::from(v)) << 96, true),
        IpAddr::V6(v) => (u128::from(v), false),
    }
}

fn mask(bits: u128, len: u32) -> u128 {
    if len == 0 {
        0
    } else {
        bits & (u128::MAX << (128 - len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidrs() {
        let c = Cidr::parse("10.244.0.0/16").unwrap();
        assert!(c.contains("10.244.3.7") && !c.contains("10.245.0.1") && !c.contains("fd00::1"));
        assert_eq!(c.covers(&Cidr::parse("10.244.1.0/24").unwrap()), (true, true));
        assert_eq!(Cidr::parse("10.244.1.0/24").unwrap().covers(&c), (false, true));
        assert!(cidr_contains("fd00:10:96::/112", "fd00:10:96::a"));
        assert_eq!(Cidr::parse("10.244.01.0/24").unwrap().v4_network(), Some(0x0af4_0100));
        assert!(Cidr::parse("10.0.0.0/33").is_none());
        assert_eq!(v4_cidr("10.244.1.7/24"), Some((0x0af4_0100, 24)));
        assert_eq!(v4_cidr("fd00::/64"), None);
        assert!(cidr_contains("0.0.0.0/0", "1.2.3.4") && !cidr_contains("0.0.0.0/0", "::1"));
        assert_eq!(cidr_covers("10.244.1.128/25", "10.244.1.0/24"), (false, true));
        assert_eq!(cidr_covers("192.168.0.0/16", "10.244.1.0/24"), (false, false));
    }

    #[test]
    fn texts() {
        assert_eq!(canonical("::ffff:10.0.0.1").as_deref(), Some("10.0.0.1"));
        assert_eq!(host_port("fd00::1", 80), "[fd00::1]:80");
        let mut v = vec!["10.0.0.10:80".to_string(), "10.0.0.9:80".into(), "[fd00::1]:80".into()];
        sort_host_ports(&mut v);
        assert_eq!(v, ["10.0.0.9:80", "10.0.0.10:80", "[fd00::1]:80"]);
        assert_eq!(v4_bits("::ffff:10.96.0.1"), Some(0x0a60_0001));
        assert!(parse_v4_sloppy("010.1.2.3").is_some() && parse_v4_sloppy("1.2.3").is_none());
        // RFC 5952: lower case, the longest run of zero groups shortened, leading zeros dropped.
        assert_eq!(canonical("FD00:0010:0096:0000:0000:0000:0000:000A").as_deref(), Some("fd00:10:96::a"));
    }

    #[test]
    fn cidr_arithmetic() {
        let c = Cidr::parse("10.96.0.0/12").unwrap();
        assert_eq!(c.nth(1).as_deref(), Some("10.96.0.1"));
        assert_eq!(c.nth(10).as_deref(), Some("10.96.0.10"));
        assert_eq!(c.size(), 1 << 20);
        assert_eq!(c.nth(1 << 20), None);
        assert_eq!(c.offset("10.96.1.0"), Some(256));
        assert_eq!(c.to_string(), "10.96.0.0/12");
        let v6 = Cidr::parse("fd00:10:96::/112").unwrap();
        assert_eq!(v6.nth(10).as_deref(), Some("fd00:10:96::a"));
        let vals: Vec<u128> = ["10.0.0.1", "10.0.171.239"].iter().filter_map(|s| value(s)).map(|v| v.1).collect();
        assert_eq!(Cidr::covering(true, &vals, 16).unwrap().to_string(), "10.0.0.0/16");
        assert_eq!(Cidr::covering(true, &vals, 24).unwrap().to_string(), "10.0.0.0/16");
        assert_eq!(Cidr::covering(true, &vals[..1], 24).unwrap().to_string(), "10.0.0.0/24");
    }
}
