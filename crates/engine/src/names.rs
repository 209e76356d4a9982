//! Name syntax validation, restated from Kubernetes apimachinery.
//!
//! Every `is_*` / `validate_*` function that returns a `Vec<String>` follows the apimachinery
//! convention: an **empty vector means valid**, otherwise each entry is one problem, worded exactly
//! as the API server words it (the part after `Invalid value: <v>: `).
//!
//! | Function | Upstream | Shape |
//! |---|---|---|
//! | [`is_dns1123_label`] | `IsDNS1123Label` | `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, ≤ 63 |
//! | [`is_dns1123_subdomain`] | `IsDNS1123Subdomain` | labels joined by `.`, ≤ 253 |
//! | [`is_dns1035_label`] | `IsDNS1035Label` | `[a-z]([-a-z0-9]*[a-z0-9])?`, ≤ 63 |
//! | [`is_qualified_name`] | `IsQualifiedName` / `content.IsLabelKey` | `[prefix/]name`, name ≤ 63 `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, prefix a DNS-1123 subdomain |
//! | [`is_valid_label_value`] | `IsValidLabelValue` | empty, or ≤ 63 of the name shape |
//! | [`is_valid_port_name`] | `IsValidPortName` (IANA_SVC_NAME) | ≤ 15, `[-a-z0-9]`, a letter, no `--`, no edge `-` |
//! | [`is_valid_ip`] | `IsValidIPForLegacyField` (strict) | IPv4 dotted quad or IPv6 |
//! | [`is_valid_cidr`] | `IsValidCIDRForLegacyField` | `<ip>/<prefix length>` |
//! | [`validate_non_special_ip`] | core `ValidateNonSpecialIP` | not unspecified / loopback / link-local |
//!
//! Lengths are counted in bytes, as Go's `len` does. All functions accept any `&str` (empty,
//! non-ASCII, very long) and never panic.
//!
//! ## IP address policy
//!
//! Kubernetes parses legacy IP fields with a "sloppy" parser that also accepts IPv4 octets with
//! leading zeros (`010.1.2.3`). Such values are ambiguous (libc reads them as octal) and are
//! rejected by the `StrictIPCIDRValidation` rules; this module applies that strict rule and
//! reports them as "must not have leading 0s". IPv4-mapped IPv6 addresses (`::ffff:1.2.3.4`)
//! are accepted, as in the default (non-strict) API server configuration, and — as in Go's
//! `netutils.IsIPv4String` — count as IPv4 for [`is_ipv4`]. Non-canonical IPv6 spellings
//! (`2001:DB8:0:0::1`) are accepted; CIDRs with bits set beyond the prefix length
//! (`10.0.0.1/8`) are accepted, as for legacy fields.

use crate::util::ip;
use std::net::{IpAddr, Ipv6Addr};

/// Maximum length of a DNS-1123 label (and of a DNS-1035 label).
pub const DNS1123_LABEL_MAX_LENGTH: usize = 63;
/// Maximum length of a DNS-1123 subdomain.
pub const DNS1123_SUBDOMAIN_MAX_LENGTH: usize = 253;
/// Maximum length of a label value and of the name part of a qualified name.
pub const LABEL_VALUE_MAX_LENGTH: usize = 63;
/// Maximum length of an IANA service (port) name.
pub const PORT_NAME_MAX_LENGTH: usize = 15;

const DNS1123_LABEL_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL_ERR_MSG: &str = "a lowercase RFC 1123 label must consist of lower case \
     alphanumeric characters or '-', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_ERR_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower \
     case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric \
     character";
const DNS1035_LABEL_FMT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";
const DNS1035_LABEL_ERR_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric \
     characters or '-', start with an alphabetic character, and end with an alphanumeric \
     character";
const LABEL_KEY_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_KEY_ERR_MSG: &str = "must consist of alphanumeric characters, '-', '_' or '.', and \
     must start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERR_MSG: &str = "a valid label must be an empty string or consist of \
     alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric \
     character";
const INVALID_IP_MSG: &str = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
const INVALID_CIDR_MSG: &str = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

/// apimachinery `MaxLenError`: `"must be no more than <n> characters"`.
pub fn max_len_error(length: usize) -> String {
    format!("must be no more than {length} characters")
}

/// apimachinery `EmptyError`: `"must be non-empty"`.
pub fn empty_error() -> String {
    "must be non-empty".to_string()
}

/// apimachinery `RegexError`: the message, the examples and the regex, in upstream's exact
/// punctuation (including the doubled space before `or` when there are several examples).
pub fn regex_error(msg: &str, regex: &str, examples: &[&str]) -> String {
    if examples.is_empty() {
        return format!("{msg} (regex used for validation is '{regex}')");
    }
    let mut out = format!("{msg} (e.g. ");
    for (i, example) in examples.iter().enumerate() {
        if i > 0 {
            out.push_str(" or ");
        }
        out.push('\'');
        out.push_str(example);
        out.push_str("', ");
    }
    out.push_str("regex used for validation is '");
    out.push_str(regex);
    out.push_str("')");
    out
}

// ---------------------------------------------------------------------------------------------
// Character-class matchers standing in for the upstream regular expressions (all anchored).

fn is_lower_alnum(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit()
}

/// `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`
fn matches_dns1123_label(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) => {
            is_lower_alnum(first) && is_lower_alnum(last) && b.iter().all(|&c| is_lower_alnum(c) || c == b'-')
        }
        _ => false,
    }
}

/// `^<label>(\.<label>)*$`
fn matches_dns1123_subdomain(s: &str) -> bool {
    s.split('.').all(matches_dns1123_label)
}

/// `^[a-z]([-a-z0-9]*[a-z0-9])?$`
fn matches_dns1035_label(s: &str) -> bool {
    matches_dns1123_label(s) && s.as_bytes()[0].is_ascii_lowercase()
}

/// `^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$`
fn matches_label_name(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// DNS names

/// One of apimachinery's name syntaxes: a length limit and a pattern, each with upstream's message.
struct Syntax {
    max_len: usize,
    matches: fn(&str) -> bool,
    err_msg: &'static str,
    fmt: &'static str,
    examples: &'static [&'static str],
}

impl Syntax {
    /// Too long, and/or not of the pattern: upstream's messages, in its order.
    fn errors(&self, value: &str) -> Vec<String> {
        let mut errs = Vec::new();
        if value.len() > self.max_len {
            errs.push(max_len_error(self.max_len));
        }
        if !(self.matches)(value) {
            errs.push(regex_error(self.err_msg, self.fmt, self.examples));
        }
        errs
    }
}

const DNS1123_LABEL: Syntax = Syntax {
    max_len: DNS1123_LABEL_MAX_LENGTH,
    matches: matches_dns1123_label,
    err_msg: DNS1123_LABEL_ERR_MSG,
    fmt: DNS1123_LABEL_FMT,
    examples: &["my-name", "123-abc"],
};
const DNS1123_SUBDOMAIN: Syntax = Syntax {
    max_len: DNS1123_SUBDOMAIN_MAX_LENGTH,
    matches: matches_dns1123_subdomain,
    err_msg: DNS1123_SUBDOMAIN_ERR_MSG,
    fmt: DNS1123_SUBDOMAIN_FMT,
    examples: &["example.com"],
};
const DNS1035_LABEL: Syntax = Syntax {
    max_len: DNS1123_LABEL_MAX_LENGTH,
    matches: matches_dns1035_label,
    err_msg: DNS1035_LABEL_ERR_MSG,
    fmt: DNS1035_LABEL_FMT,
    examples: &["my-name", "abc-123"],
};
const LABEL_VALUE: Syntax = Syntax {
    max_len: LABEL_VALUE_MAX_LENGTH,
    matches: |v| v.is_empty() || matches_label_name(v),
    err_msg: LABEL_VALUE_ERR_MSG,
    fmt: LABEL_VALUE_FMT,
    examples: &["MyValue", "my_value", "12345"],
};

/// A lowercase RFC 1123 label (`IsDNS1123Label`): namespaces, port names in Services,
/// hostnames. A valid subdomain with dots gets the short "must not contain dots".
pub fn is_dns1123_label(value: &str) -> Vec<String> {
    let mut errs = DNS1123_LABEL.errors(value);
    if !matches_dns1123_label(value) && matches_dns1123_subdomain(value) {
        if let Some(pattern) = errs.last_mut() {
            *pattern = "must not contain dots".to_string();
        }
    }
    errs
}

/// A lowercase RFC 1123 subdomain (`IsDNS1123Subdomain`): most object names, `externalName`,
/// label-key prefixes.
pub fn is_dns1123_subdomain(value: &str) -> Vec<String> {
    DNS1123_SUBDOMAIN.errors(value)
}

/// An RFC 1035 label (`IsDNS1035Label`): Service names; must start with a letter.
pub fn is_dns1035_label(value: &str) -> Vec<String> {
    DNS1035_LABEL.errors(value)
}

// ---------------------------------------------------------------------------------------------
// Labels

/// A "qualified name" (`IsQualifiedName`, the label-key syntax; also annotation keys,
/// `appProtocol`, `loadBalancerClass`): an optional DNS-1123 subdomain prefix and `/`, then a
/// name of at most 63 characters, `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`.
pub fn is_qualified_name(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts.as_slice() {
        [name] => *name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push(format!("prefix part {}", empty_error()));
            } else {
                errs.extend(is_dns1123_subdomain(prefix).into_iter().map(|m| format!("prefix part {m}")));
            }
            *name
        }
        _ => {
            errs.push(format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. \
                 'example.com/MyName')",
                regex_error(LABEL_KEY_ERR_MSG, LABEL_KEY_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
    };
    if name.is_empty() {
        errs.push(format!("name part {}", empty_error()));
    } else if name.len() > LABEL_VALUE_MAX_LENGTH {
        errs.push(format!("name part {}", max_len_error(LABEL_VALUE_MAX_LENGTH)));
    }
    if !matches_label_name(name) {
        errs.push(format!(
            "name part {}",
            regex_error(LABEL_KEY_ERR_MSG, LABEL_KEY_FMT, &["MyName", "my.name", "123-abc"])
        ));
    }
    errs
}

/// A label value (`IsValidLabelValue`): empty, or at most 63 characters of the name shape.
pub fn is_valid_label_value(value: &str) -> Vec<String> {
    LABEL_VALUE.errors(value)
}

// ---------------------------------------------------------------------------------------------
// Ports

/// An IANA service name (`IsValidPortName`): a named `targetPort` or `containerPort` name.
/// At most 15 characters of `[-a-z0-9]`, at least one letter, no `--`, no leading or trailing
/// `-`. A quoted number such as `"8080"` fails ("must contain at least one letter (a-z)").
pub fn is_valid_port_name(port: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let b = port.as_bytes();
    if b.len() > PORT_NAME_MAX_LENGTH {
        errs.push(max_len_error(PORT_NAME_MAX_LENGTH));
    }
    if b.is_empty() || !b.iter().all(|&c| is_lower_alnum(c) || c == b'-') {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string());
    }
    if !b.iter().any(u8::is_ascii_lowercase) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if port.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if b.first() == Some(&b'-') || b.last() == Some(&b'-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

// ---------------------------------------------------------------------------------------------
// IP addresses and CIDRs

/// How an IP string parses.
enum ParsedIp {
    /// Valid under strict rules.
    Strict(IpAddr),
    /// Only valid for the sloppy parser (IPv4 octets with leading zeros).
    LeadingZeros(IpAddr),
    /// Not an IP address.
    Invalid,
}

fn parse_ip(value: &str) -> ParsedIp {
    if let Ok(ip) = value.parse::<IpAddr>() {
        ParsedIp::Strict(ip)
    } else if let Some(v4) = ip::parse_v4_sloppy(value) {
        ParsedIp::LeadingZeros(IpAddr::V4(v4))
    } else {
        ParsedIp::Invalid
    }
}

/// A valid IP address (IPv4 dotted quad or IPv6), as for `clusterIP(s)`, `externalIPs`,
/// endpoint addresses. IPv4 octets with leading zeros are rejected ("must not have leading
/// 0s"); see the module documentation for the exact policy.
pub fn is_valid_ip(value: &str) -> Vec<String> {
    match parse_ip(value) {
        ParsedIp::Strict(_) => Vec::new(),
        ParsedIp::LeadingZeros(_) => vec!["must not have leading 0s".to_string()],
        ParsedIp::Invalid => vec![INVALID_IP_MSG.to_string()],
    }
}

/// `true` when `value` passes [`is_valid_ip`] and is an IPv4 address (including an
/// IPv4-mapped IPv6 address such as `::ffff:10.0.0.1`, as Go's `IsIPv4String` does).
pub fn is_ipv4(value: &str) -> bool {
    matches!(parse_ip(value), ParsedIp::Strict(ip) if ip::as_v4(ip).is_some())
}

/// `true` when `value` passes [`is_valid_ip`] and is an IPv6 address that is not IPv4-mapped.
pub fn is_ipv6(value: &str) -> bool {
    matches!(parse_ip(value), ParsedIp::Strict(ip) if ip::as_v4(ip).is_none())
}

/// `ValidateNonSpecialIP` (core validation for `externalIPs` and endpoint addresses): the
/// value must be an IP, and not unspecified, loopback, link-local unicast or link-local
/// multicast. Several messages can apply at once. Like upstream, this check itself parses
/// sloppily (leading zeros are left to [`is_valid_ip`]).
pub fn validate_non_special_ip(ip: &str) -> Vec<String> {
    let addr = match parse_ip(ip) {
        ParsedIp::Strict(addr) | ParsedIp::LeadingZeros(addr) => addr,
        ParsedIp::Invalid => return vec!["must be a valid IP address".to_string()],
    };
    let mut errs = Vec::new();
    let (unspecified, loopback, link_local, link_local_multicast) = match ip::as_v4(addr) {
        Some(v4) => {
            let o = v4.octets();
            (v4.is_unspecified(), v4.is_loopback(), o[0] == 169 && o[1] == 254, o[0] == 224 && o[1] == 0 && o[2] == 0)
        }
        None => {
            let v6: Ipv6Addr = match addr {
                IpAddr::V6(v6) => v6,
                IpAddr::V4(v4) => v4.to_ipv6_mapped(),
            };
            let o = v6.octets();
            (
                v6.is_unspecified(),
                v6.is_loopback(),
                o[0] == 0xfe && o[1] & 0xc0 == 0x80,
                o[0] == 0xff && o[1] & 0x0f == 0x02,
            )
        }
    };
    if unspecified {
        errs.push(format!("may not be unspecified ({ip})"));
    }
    if loopback {
        errs.push("may not be in the loopback range (127.0.0.0/8, ::1/128)".to_string());
    }
    if link_local {
        errs.push("may not be in the link-local range (169.254.0.0/16, fe80::/10)".to_string());
    }
    if link_local_multicast {
        errs.push("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)".to_string());
    }
    errs
}

/// A CIDR value `<ip>/<prefix length>` (`loadBalancerSourceRanges`, cluster CIDRs). The
/// prefix length is decimal and at most 32 (IPv4) or 128 (IPv6). Leading zeros in the IP
/// octets or in the prefix length are rejected. Host bits beyond the prefix are tolerated, as
/// for legacy fields (`10.0.0.1/8` passes).
pub fn is_valid_cidr(value: &str) -> Vec<String> {
    let invalid = || vec![INVALID_CIDR_MSG.to_string()];
    let Some((addr, bits)) = value.split_once('/') else {
        return invalid();
    };
    if bits.is_empty() || bits.len() > 8 || !bits.bytes().all(|c| c.is_ascii_digit()) {
        return invalid();
    }
    let Ok(n) = bits.parse::<u32>() else {
        return invalid();
    };
    let (ip, leading_zeros) = match parse_ip(addr) {
        ParsedIp::Strict(ip) => (ip, false),
        ParsedIp::LeadingZeros(ip) => (ip, true),
        ParsedIp::Invalid => return invalid(),
    };
    let max = if ip.is_ipv4() { 32 } else { 128 };
    if n > max {
        return invalid();
    }
    if leading_zeros || (bits.len() > 1 && bits.starts_with('0')) {
        return vec!["must not have leading 0s in IP or prefix length".to_string()];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_error_punctuation_matches_upstream() {
        assert_eq!(
            is_dns1123_label("A"),
            vec![
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters \
                 or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  \
                 or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
            ]
        );
        assert_eq!(regex_error("m", "r", &[]), "m (regex used for validation is 'r')");
    }

    #[test]
    fn dots_in_label() {
        assert_eq!(is_dns1123_label("my.svc"), vec!["must not contain dots"]);
    }

    #[test]
    fn qualified_name_messages() {
        assert_eq!(is_qualified_name("/a"), vec!["prefix part must be non-empty"]);
        let errs = is_qualified_name("a/");
        assert_eq!(errs.len(), 2);
        assert_eq!(errs[0], "name part must be non-empty");
        assert!(is_qualified_name("a/b/c")[0].starts_with("a valid label key must consist"));
        assert!(is_qualified_name("Example.com/x")[0].starts_with("prefix part a lowercase"));
    }

    #[test]
    fn port_name_messages() {
        assert_eq!(is_valid_port_name("8080"), vec!["must contain at least one letter (a-z)"]);
        assert_eq!(
            is_valid_port_name("-a--"),
            vec!["must not contain consecutive hyphens", "must not begin or end with a hyphen"]
        );
        assert_eq!(is_valid_port_name("").len(), 2);
    }

    #[test]
    fn ip_rules() {
        assert!(is_valid_ip("10.0.0.1").is_empty());
        assert_eq!(is_valid_ip("010.0.0.1"), vec!["must not have leading 0s"]);
        assert!(is_ipv4("::ffff:10.0.0.1"));
        assert!(is_ipv6("fd00::1"));
        assert!(!is_ipv4("1.2.3") && !is_ipv6("1.2.3"));
        assert_eq!(validate_non_special_ip("::"), vec!["may not be unspecified (::)"]);
        assert_eq!(validate_non_special_ip("ff12::1").len(), 1);
        assert!(validate_non_special_ip("ff05::1").is_empty());
        assert_eq!(validate_non_special_ip("::ffff:127.0.0.1").len(), 1);
        assert!(is_valid_cidr("10.0.0.0/8").is_empty());
        assert!(is_valid_cidr("10.0.0.1/8").is_empty());
        assert_eq!(is_valid_cidr("10.0.0.0/08").len(), 1);
        assert_eq!(is_valid_cidr("10.0.0.0/33"), vec![INVALID_CIDR_MSG]);
        assert!(is_valid_cidr("2001:db8::/128").is_empty());
    }
}
