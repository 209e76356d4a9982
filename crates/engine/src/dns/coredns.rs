//! CoreDNS's `kubernetes` plugin answering one fully qualified name (`plugin/kubernetes/{parse.go,
//! kubernetes.go}`, `plugin/backend_lookup.go`).

use crate::model::{DnsEndpoint, DnsPort, DnsRecord, DnsService, DnsServiceKind, DnsTable, QType};
use crate::names;
use crate::util::ip;
use std::collections::BTreeSet;
/// CoreDNS follows at most this many CNAMEs inside the zone: `plugin/backend_lookup.go` adds a
/// CNAME only while `len(previousRecords) > maxCnameChainLength` (10) is false, i.e. while at
/// most 10 are already in the chain.
pub(super) const MAX_CNAME_CHAIN: usize = 11;

/// What a name stands for, when it exists.
#[derive(Clone, Debug)]
/// What a queried name denotes.
pub(super) enum Name {
    /// The apex, `svc.<zone>` or `pod.<zone>`.
    Structural,
    Namespace(String),
    Service {
        svc: usize,
        port: Option<(String, String)>,
        endpoint: Option<String>,
    },
    Pod {
        namespace: String,
        ip: String,
    },
}

/// The answer to one name at CoreDNS.
#[derive(Clone, Debug)]
pub(super) struct Found {
    pub(super) node: Name,
    pub(super) records: Vec<DnsRecord>,
    /// A/AAAA query answered through a CNAME to a name outside the zone (left to upstream).
    pub(super) cname_upstream: Option<String>,
    /// A/AAAA query answered through a CNAME inside the zone that resolves to nothing.
    pub(super) cname_dead_end: Option<String>,
    /// The chain behind `cname_dead_end` was cut at [`MAX_CNAME_CHAIN`] (too long, or a loop).
    pub(super) cname_cut: bool,
}

/// Why a name does not exist, ordered by how close it came (higher = closer).
#[derive(Clone, Debug)]
pub(super) enum Miss {
    OutsideZone,
    NotSvcOrPod {
        label: String,
    },
    TooManyLabels,
    NoServiceForEndpointForm {
        namespace: String,
        service: String,
    },
    NoNamespace {
        namespace: String,
        pod: bool,
    },
    PodNameNotIp {
        label: String,
    },
    NoService {
        namespace: String,
        service: String,
    },
    ExternalNameIsIp {
        svc: usize,
    },
    /// A port/protocol or endpoint label under an ExternalName Service.
    ExternalNameLabels {
        svc: usize,
    },
    NoPort {
        svc: usize,
        port: String,
        protocol: String,
    },
    NoEndpoint {
        svc: usize,
        endpoint: String,
    },
    NoReadyEndpoints {
        svc: usize,
    },
}

impl Miss {
    pub(super) fn rank(&self) -> u8 {
        match self {
            Miss::OutsideZone => 0,
            Miss::NotSvcOrPod { .. } | Miss::TooManyLabels => 1,
            Miss::NoServiceForEndpointForm { .. } => 2,
            Miss::NoNamespace { .. } => 3,
            Miss::PodNameNotIp { .. } | Miss::NoService { .. } => 4,
            _ => 5,
        }
    }
}

/// A candidate address as CoreDNS's `msg.Service`: a host (IP or name), a port (-1: none) and
/// the owner name it stands for (SRV target).
pub(super) struct Backend {
    pub(super) host: String,
    pub(super) port: i64,
    pub(super) owner: String,
}

pub(super) fn svc_fqdn(s: &DnsService, zone: &str) -> String {
    format!("{}.{}.svc.{zone}", s.name, s.namespace)
}

/// CoreDNS's `match` for the port and protocol labels: a label not given matches anything, a
/// given one case-insensitively (wildcard labels such as `*` are not supported: CoreDNS dropped
/// wildcard queries in 1.9).
pub(super) fn label_match(query: &Option<String>, value: &str) -> bool {
    query.as_deref().is_none_or(|q| q.eq_ignore_ascii_case(value))
}

/// Looks up `name` (lower case, no trailing dot) at CoreDNS. `depth` counts followed CNAMEs.
pub(super) fn lookup(t: &DnsTable, name: &str, q: QType, depth: usize) -> Result<Found, Miss> {
    let zone = t.zone.as_str();
    let base = if name == zone {
        ""
    } else if let Some(b) = name.strip_suffix(zone).and_then(|b| b.strip_suffix('.')) {
        b
    } else {
        return Err(Miss::OutsideZone);
    };
    let empty =
        |node| Found { node, records: Vec::new(), cname_upstream: None, cname_dead_end: None, cname_cut: false };
    if base.is_empty() || base == "svc" || base == "pod" {
        return Ok(empty(Name::Structural));
    }
    let segs: Vec<&str> = base.split('.').collect();
    let last = segs.len() - 1;
    let kind = segs[last];
    if kind != "svc" && kind != "pod" {
        return Err(Miss::NotSvcOrPod { label: kind.to_string() });
    }
    let namespace = segs[last - 1].to_string();
    let service = (last >= 2).then(|| segs[last - 2].to_string());
    let (port, protocol, endpoint) = match last {
        0..=2 => (None, None, None),
        3 => (None, None, Some(segs[0].to_string())),
        4 => (Some(strip_underscore(segs[0])), Some(strip_underscore(segs[1])), None),
        _ => return Err(Miss::TooManyLabels),
    };
    let ns_exists = t.namespaces.contains(&namespace);
    if !ns_exists {
        // An endpoint-shaped name under a missing "namespace" is more likely a missing Service.
        if kind == "svc" && last >= 3 {
            return Err(Miss::NoServiceForEndpointForm { namespace, service: service.unwrap_or_default() });
        }
        return Err(Miss::NoNamespace { namespace, pod: kind == "pod" });
    }
    let Some(service) = service else { return Ok(empty(Name::Namespace(namespace))) };

    if kind == "pod" {
        // findPods: the endpoint/port labels are ignored; the pod label must be a dashed IP.
        let ip_text = if service.matches('-').count() == 3 && !service.contains("--") {
            service.replace('-', ".")
        } else {
            service.replace('-', ":")
        };
        let Some(ip) = ip::canonical(&ip_text) else { return Err(Miss::PodNameNotIp { label: service }) };
        let owner = format!("{service}.{namespace}.pod.{zone}");
        let backends = vec![Backend { host: ip.clone(), port: 0, owner }];
        return Ok(answer(t, name, q, Name::Pod { namespace, ip }, backends, depth));
    }

    let Some(&si) = t.by_name.get(&(namespace.clone(), service.clone())) else {
        return Err(if last >= 3 {
            Miss::NoServiceForEndpointForm { namespace, service }
        } else {
            Miss::NoService { namespace, service }
        });
    };
    let s = &t.services[si];
    let node = Name::Service { svc: si, port: port.clone().zip(protocol.clone()), endpoint: endpoint.clone() };
    let mut backends = Vec::new();
    match s.kind {
        DnsServiceKind::ExternalName => {
            // findServices skips an ExternalName Service when the request has an endpoint, port
            // or protocol label: only the bare name exists.
            if port.is_some() || endpoint.is_some() {
                return Err(Miss::ExternalNameLabels { svc: si });
            }
            match s.external_name.as_deref() {
                Some(ext) if !ext.is_empty() && ip::canonical(ext).is_none() => backends.push(Backend {
                    host: ext.trim_end_matches('.').to_ascii_lowercase(),
                    port: 0,
                    owner: svc_fqdn(s, &t.zone),
                }),
                _ => return Err(Miss::ExternalNameIsIp { svc: si }),
            }
        }
        DnsServiceKind::Headless | DnsServiceKind::ClusterIP
            if s.kind == DnsServiceKind::Headless || endpoint.is_some() =>
        {
            let sentinel = [DnsPort { name: String::new(), protocol: String::new(), port: -1 }];
            let chosen: Vec<&DnsEndpoint> = match &endpoint {
                Some(want) => s
                    .by_hostname
                    .get(want.as_str())
                    .map(|v| v.iter().filter_map(|&i| s.endpoints.get(i)).collect())
                    .unwrap_or_default(),
                None => s.endpoints.iter().collect(),
            };
            for e in chosen {
                let ports: &[DnsPort] = if e.ports.is_empty() { &sentinel } else { &e.ports };
                for p in ports.iter().filter(|p| label_match(&port, &p.name) && label_match(&protocol, &p.protocol)) {
                    backends.push(Backend {
                        host: e.address.clone(),
                        port: p.port,
                        owner: format!("{}.{}", e.hostname, svc_fqdn(s, &t.zone)),
                    });
                }
            }
            if backends.is_empty() {
                return Err(if let Some(want) = endpoint {
                    Miss::NoEndpoint { svc: si, endpoint: want }
                } else if let (Some(port), false) = (port.clone(), s.endpoints.is_empty()) {
                    Miss::NoPort { svc: si, port, protocol: protocol.clone().unwrap_or_default() }
                } else {
                    Miss::NoReadyEndpoints { svc: si }
                });
            }
        }
        DnsServiceKind::Headless | DnsServiceKind::ClusterIP => {
            let mut matched = false;
            for p in s.ports.iter().filter(|p| label_match(&port, &p.name) && label_match(&protocol, &p.protocol)) {
                matched = true;
                for ip in &s.cluster_ips {
                    backends.push(Backend { host: ip.clone(), port: p.port, owner: svc_fqdn(s, &t.zone) });
                }
            }
            if !matched {
                return Err(Miss::NoPort {
                    svc: si,
                    port: port.unwrap_or_default(),
                    protocol: protocol.unwrap_or_default(),
                });
            }
        }
    }
    Ok(answer(t, name, q, node, backends, depth))
}

pub(super) fn strip_underscore(s: &str) -> String {
    s.strip_prefix('_').unwrap_or(s).to_string()
}

/// Turns the backends of a name into the records of one query type (`plugin/backend_lookup.go`).
pub(super) fn answer(t: &DnsTable, name: &str, q: QType, node: Name, backends: Vec<Backend>, depth: usize) -> Found {
    let fqdn = format!("{name}.");
    let mut found = Found { node, records: Vec::new(), cname_upstream: None, cname_dead_end: None, cname_cut: false };
    let rr = |rtype, data: String| DnsRecord { name: fqdn.clone(), rtype, data };
    match q {
        QType::A | QType::AAAA => {
            let mut seen = BTreeSet::new();
            let mut addrs = Vec::new();
            for b in &backends {
                if ip::canonical(&b.host).is_none() {
                    // A CNAME (ExternalName). A target equal to the name or under it is a loop
                    // and never added (`Name.Matches`); `depth` CNAMEs are already in the chain. A
                    // longer loop runs into the limit (CoreDNS stops it earlier, at the first
                    // repeated CNAME: the answer is empty too).
                    if b.host == name || b.host.ends_with(&format!(".{name}")) {
                        continue;
                    }
                    if depth >= MAX_CNAME_CHAIN {
                        found.cname_cut = true;
                        continue;
                    }
                    let target = format!("{}.", b.host);
                    if b.host == t.zone || b.host.ends_with(&format!(".{}", t.zone)) {
                        match lookup(t, &b.host, q, depth + 1) {
                            Ok(next) if !next.records.is_empty() => {
                                found.records.push(rr(QType::CNAME, target));
                                found.records.extend(next.records);
                                found.cname_upstream = next.cname_upstream;
                            }
                            Ok(next) => {
                                found.cname_dead_end = Some(target);
                                found.cname_cut |= next.cname_cut;
                            }
                            Err(_) => found.cname_dead_end = Some(target),
                        }
                    } else {
                        found.records.push(rr(QType::CNAME, target.clone()));
                        found.cname_upstream = Some(target);
                    }
                    continue;
                }
                let v4 = names::is_ipv4(&b.host);
                if (q == QType::A) == v4 && seen.insert(b.host.clone()) {
                    addrs.push(b.host.clone());
                }
            }
            crate::util::sort::sort_by_key(&mut addrs, |a| a.parse::<std::net::IpAddr>().ok());
            let rtype = q;
            found.records.extend(addrs.into_iter().map(|a| rr(rtype, ip::canonical(&a).unwrap_or(a))));
        }
        QType::CNAME => {
            if let Some(b) = backends.first() {
                if ip::canonical(&b.host).is_none() {
                    found.records.push(rr(QType::CNAME, format!("{}.", b.host)));
                }
            }
        }
        QType::SRV => {
            // SRV for ExternalName is not implemented in CoreDNS: those backends are dropped.
            let internal: Vec<&Backend> = backends.iter().filter(|b| ip::canonical(&b.host).is_some()).collect();
            let n = internal.len().max(1) as f64;
            let weight = ((100.0 / (100.0 * n)) * 100.0).floor().max(1.0) as u32;
            let mut seen = BTreeSet::new();
            let mut srvs: Vec<(String, i64)> = Vec::new();
            for b in internal {
                if b.port < 0 {
                    continue;
                }
                let target = format!("{}.", b.owner);
                if seen.insert((target.clone(), b.port)) {
                    srvs.push((target, b.port));
                }
            }
            crate::util::sort::sort(&mut srvs);
            found
                .records
                .extend(srvs.into_iter().map(|(target, port)| rr(QType::SRV, format!("0 {weight} {port} {target}"))));
        }
    }
    found
}
