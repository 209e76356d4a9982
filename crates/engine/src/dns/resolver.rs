//! The client pod's resolver (glibc `res_search`, `ndots:5`, the search path), in front of CoreDNS.

use crate::dns::coredns::{lookup, Found, Miss};
use crate::dns::explain::{explain_found, explain_miss, explain_nodata};
use crate::model::{DnsAnswer, DnsTable, QType, Rcode, NDOTS};
/// Answers `name` (`qtype`) as a pod in `from_namespace` (default: `default`) would get it:
/// resolver search path and ndots first, then CoreDNS. Never panics.
pub fn query(t: &DnsTable, name: &str, qtype: QType, from_namespace: Option<&str>) -> DnsAnswer {
    let zone = t.zone.as_str();
    let client_ns = from_namespace
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "default".into());
    let raw = name.trim();
    let lower = raw.to_ascii_lowercase();
    let absolute = lower.ends_with('.');
    let bare = lower.trim_end_matches('.').to_string();

    if let Some(why) = invalid_name(raw) {
        return DnsAnswer {
            name: if bare.is_empty() { ".".into() } else { format!("{bare}.") },
            qtype,
            rcode: Rcode::NxDomain,
            records: Vec::new(),
            explanation: format!("`{raw}` is not a valid DNS name: {why}."),
            upstream: None,
        };
    }

    let search: Vec<String> = [format!("{client_ns}.svc.{zone}"), format!("svc.{zone}"), zone.to_string()].into();
    let candidates: Vec<String> = if absolute {
        vec![bare.clone()]
    } else {
        let expanded = search.iter().map(|s| format!("{bare}.{s}"));
        if bare.matches('.').count() >= NDOTS {
            std::iter::once(bare.clone()).chain(expanded).collect()
        } else {
            expanded.chain(std::iter::once(bare.clone())).collect()
        }
    };
    // Who is being explained: the FQDN, or the typed name and what the search path made of it.
    let subject = |c: &str| -> String {
        if absolute || c == bare {
            format!("`{c}.`")
        } else {
            format!("`{raw}` (from a pod in namespace `{client_ns}`: `{c}.`)")
        }
    };

    let mut nodata: Option<(String, Found)> = None;
    let mut best_miss: Option<(String, Miss)> = None;
    for c in &candidates {
        match lookup(t, c, qtype, 0) {
            Ok(found) if !found.records.is_empty() => {
                let explanation = format!("{}: {}.", subject(c), explain_found(t, qtype, &found));
                return DnsAnswer {
                    name: format!("{c}."),
                    qtype,
                    rcode: Rcode::NoError,
                    records: found.records,
                    explanation,
                    upstream: None,
                };
            }
            Ok(found) => {
                if nodata.is_none() {
                    nodata = Some((c.clone(), found));
                }
            }
            Err(miss) => {
                if best_miss.as_ref().is_none_or(|(_, m)| miss.rank() > m.rank()) {
                    best_miss = Some((c.clone(), miss));
                }
            }
        }
    }
    if let Some((c, found)) = nodata {
        return DnsAnswer {
            name: format!("{c}."),
            qtype,
            rcode: Rcode::NoError,
            records: Vec::new(),
            explanation: format!(
                "{}: the name exists but has no {qtype} record ({}), so the answer is NOERROR with no records (NODATA).",
                subject(&c),
                explain_nodata(t, qtype, &found)
            ),
            upstream: None,
        };
    }
    let (c, miss) = best_miss.unwrap_or_else(|| (bare.clone(), Miss::OutsideZone));
    let in_zone = |c: &str| c == zone || c.ends_with(&format!(".{zone}"));
    // kubeadm's Corefile sends every name outside the cluster zone (`forward . /etc/resolv.conf`)
    // to the upstream resolver. A multi-label name there (example.com) is what pods resolve on
    // the internet; a single label (a typo of a Service name) is shown as the NXDOMAIN it gets.
    // A name that reads as a cluster name (a `_port._proto` name, or one ending in a namespace,
    // a Service of the client's namespace, `svc`/`pod` or a label of the zone) is explained as the
    // NXDOMAIN the cluster zone gives, since that is the mistake to fix.
    let clusterish = |c: &str| {
        let last = c.rsplit('.').next().unwrap_or(c);
        c.starts_with('_')
            || ["svc", "pod"].contains(&last)
            || zone.split('.').any(|z| z == last)
            || t.namespaces.iter().any(|n| n == last)
            || t.services.iter().any(|s| s.namespace == client_ns && s.name == last)
    };
    let upstream =
        candidates.iter().find(|c| !in_zone(c) && c.contains('.') && !clusterish(c)).map(|c| format!("{c}."));
    if let Some(up) = &upstream {
        let tried = candidates.iter().filter(|c| in_zone(c)).count();
        let first = if tried > 0 {
            format!("the {tried} names of the search path in {zone} do not exist (NXDOMAIN); then ")
        } else {
            String::new()
        };
        return DnsAnswer {
            name: up.clone(),
            qtype,
            rcode: Rcode::NxDomain,
            records: Vec::new(),
            explanation: format!(
                "`{raw}`: {first}`{up}` is outside the cluster zone, so CoreDNS forwards it to the upstream resolver (forward . /etc/resolv.conf); its answer is not modelled."
            ),
            upstream,
        };
    }
    let explanation = if candidates.len() > 1 {
        let inside: Vec<String> = candidates.iter().filter(|c| in_zone(c)).map(|c| format!("{c}.")).collect();
        let outside: Vec<String> = candidates.iter().filter(|c| !in_zone(c)).map(|c| format!("`{c}.`")).collect();
        let upstream = if outside.is_empty() {
            String::new()
        } else {
            format!(
                ", then {}, which CoreDNS forwards to the upstream resolver (not modeled, shown as NXDOMAIN)",
                outside.join(" and ")
            )
        };
        let why = if matches!(miss, Miss::OutsideZone) {
            format!("no name of the search path exists in {zone}")
        } else {
            explain_miss(t, &miss)
        };
        format!("`{raw}`: {why}; a pod in namespace `{client_ns}` tries {} (NXDOMAIN){upstream}.", inside.join(", "))
    } else {
        format!("{}: {}.", subject(&c), explain_miss(t, &miss))
    };
    DnsAnswer { name: format!("{c}."), qtype, rcode: Rcode::NxDomain, records: Vec::new(), explanation, upstream: None }
}

/// Why a query name is not a DNS name at all (empty labels, too long), if it is not.
pub(super) fn invalid_name(raw: &str) -> Option<String> {
    if raw.is_empty() || raw == "." {
        return Some("the name is empty".into());
    }
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains whitespace".into());
    }
    let bare = raw.strip_suffix('.').unwrap_or(raw);
    if bare.split('.').any(str::is_empty) {
        return Some("it has an empty label (`..` or a leading dot)".into());
    }
    if bare.split('.').any(|l| l.len() > 63) {
        return Some("a label is longer than 63 characters".into());
    }
    if bare.len() > 253 {
        return Some("it is longer than 253 characters".into());
    }
    None
}
