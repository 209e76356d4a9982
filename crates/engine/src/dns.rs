//! Stage 7: what cluster DNS answers — CoreDNS with the `kubernetes` plugin, zone
//! `cluster.local`, TTL 5, `pods insecure` (reference §6, §0.2).
//!
//! [`run`] builds the [`DnsTable`]: what CoreDNS holds in its cache for every valid Service (kind,
//! cluster IPs, ports, the endpoints it publishes) plus the existing namespaces, and the zone
//! listing [`DnsTable::records`] (the `[dns]` fixture section, see [`report`]).
//!
//! [`query`] answers one question the way CoreDNS does (`plugin/kubernetes/{parse.go,
//! kubernetes.go}`, `plugin/backend_lookup.go`), including its corner cases:
//! * names are matched case-insensitively; a name has at most `_port._proto.svc.ns.svc` or
//!   `endpoint.svc.ns.svc` labels (more ⇒ NXDOMAIN); a namespace that does not exist ⇒ NXDOMAIN;
//!   the apex, `svc`, `pod` and `<ns>.svc` of an existing namespace ⇒ NODATA;
//! * ClusterIP/NodePort/LoadBalancer Services answer with their cluster IPs whether or not they
//!   have endpoints; an SRV query for the bare Service name gets one record per Service port
//!   (named or not) and `_port._proto.<svc>` one per matching named port (target: the Service
//!   name, port: the Service port); endpoint names (`<hostname>.<svc>...`) resolve too (CoreDNS
//!   extension beyond the spec);
//! * headless Services answer from their published endpoints (EndpointSlice `ready`, nil ⇒ true;
//!   `publishNotReadyAddresses` forces it) and are NXDOMAIN without any; SRV records carry the
//!   *endpoint's* port and target the endpoint's name (`hostname`, else the dashed IP);
//! * ExternalName answers a CNAME for any name under the Service (CoreDNS ignores the
//!   port/endpoint labels there), NODATA for SRV, and nothing at all (NXDOMAIN) when the
//!   externalName is an IP; a CNAME target inside `cluster.local` is followed by CoreDNS itself,
//!   one outside is left to the upstream resolver (not modeled: the answer stops at the CNAME);
//! * `a-b-c-d.<ns>.pod.cluster.local` answers the IP written in the name (`pods insecure`, as
//!   kubeadm configures CoreDNS) in any existing namespace;
//! * SRV priority is 0 and weight `floor(100 / n)` for `n` matches, as CoreDNS computes it.
//!
//! Relative names go through the client pod's resolver (glibc `res_search`, `ndots:5`, search
//! path `<ns>.svc.cluster.local svc.cluster.local cluster.local`): names with fewer than 5 dots
//! try the search list first, then the name as is; NXDOMAIN and NODATA both move on to the next
//! candidate; the first answer with records wins, else the first NODATA, else NXDOMAIN.
//! Names outside `cluster.local` would be forwarded upstream; the playground answers NXDOMAIN.
//!
//! `default/kubernetes` (10.96.0.1) and `kube-system/kube-dns` (10.96.0.10) exist as in every
//! kubeadm cluster (their addresses are reserved by the `service` stage): they are answered but
//! not listed, unless the input holds them.
//!
//! Not modeled: PTR records, `dns-version` TXT, wildcard queries, endpoints of the built-in
//! Services, non-default plugin options (`ignore empty_service`, `endpoint_pod_names`,
//! `terminating_endpoints`).
//!
//! Headless data comes from `ServiceView::endpoints` (the slice views): A/AAAA from
//! [`crate::model::ServiceEndpoints::all`], SRV ports from each
//! [`crate::model::PortEndpoints::slice_endpoints`]. A user-written slice whose port names
//! match no Service port contributes addresses but no SRV records here (CoreDNS would publish
//! SRV records under that slice's own port names).

use crate::model::Analysis;
use crate::model::*;
pub use crate::model::{NDOTS, TTL, ZONE};
use crate::names;
use crate::util::ip;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Namespaces every cluster has.
const BUILTIN_NAMESPACES: &[&str] = &["default", "kube-node-lease", "kube-public", "kube-system"];
/// The Services of a kubeadm cluster that exist before any input (the clusterIPs the `service`
/// stage keeps reserved for them), with their ports.
#[allow(clippy::type_complexity)]
const BUILT_IN_SERVICES: &[(&str, &str, &str, &[(&str, &str, i64)])] = &[
    ("default", "kubernetes", crate::service::KUBERNETES_SERVICE_IP, &[("https", "TCP", 443)]),
    (
        "kube-system",
        "kube-dns",
        crate::service::KUBE_DNS_SERVICE_IP,
        &[("dns", "UDP", 53), ("dns-tcp", "TCP", 53), ("metrics", "TCP", 9153)],
    ),
];
/// CoreDNS follows at most this many CNAMEs inside the zone.
const MAX_CNAME_CHAIN: usize = 8;

// ---------------------------------------------------------------- building the table

pub fn run(a: &mut Analysis) {
    let mut namespaces: BTreeSet<String> = BUILTIN_NAMESPACES.iter().map(|s| s.to_string()).collect();
    for o in a.objects.iter().filter(|o| o.valid) {
        if o.kind == "Namespace" && !o.name.is_empty() {
            namespaces.insert(o.name.to_ascii_lowercase());
        }
        if !o.namespace.is_empty() {
            namespaces.insert(o.namespace.to_ascii_lowercase());
        }
    }

    let mut services = Vec::new();
    for v in &a.services {
        let Some(svc) = a.objects.get(v.object).filter(|o| o.valid).and_then(|o| o.service()) else { continue };
        let type_ = svc.type_().to_string();
        let kind = if type_ == "ExternalName" {
            DnsServiceKind::ExternalName
        } else if svc.is_headless() {
            DnsServiceKind::Headless
        } else {
            DnsServiceKind::ClusterIP
        };
        let mut cluster_ips: Vec<String> =
            svc.spec.cluster_ips.iter().filter(|ip| names::is_valid_ip(ip).is_empty()).cloned().collect();
        if cluster_ips.is_empty() {
            if let Some(ip) = svc.spec.cluster_ip.as_deref().filter(|ip| names::is_valid_ip(ip).is_empty()) {
                cluster_ips.push(ip.to_string());
            }
        }
        if kind != DnsServiceKind::ClusterIP {
            cluster_ips.clear();
        }
        let ports = svc
            .spec
            .ports
            .iter()
            .map(|p| DnsPort {
                name: p.name.clone().unwrap_or_default(),
                protocol: p.protocol.clone().unwrap_or_else(|| "TCP".into()),
                port: p.port,
            })
            .collect();
        let (endpoints, unpublished) =
            if kind == DnsServiceKind::ExternalName { (Vec::new(), 0) } else { published_endpoints(a, v) };
        services.push(DnsService {
            namespace: v.namespace.to_ascii_lowercase(),
            name: v.name.to_ascii_lowercase(),
            kind,
            type_,
            cluster_ips,
            external_name: svc.spec.external_name.clone().filter(|_| kind == DnsServiceKind::ExternalName),
            ports,
            by_hostname: HashMap::new(),
            endpoints,
            unpublished,
            built_in: false,
        });
        if let Some(s) = services.last_mut() {
            for (i, e) in s.endpoints.iter().enumerate() {
                s.by_hostname.entry(e.hostname.clone()).or_default().push(i);
            }
        }
    }

    for (namespace, name, ip, ports) in BUILT_IN_SERVICES {
        if !services.iter().any(|s| s.namespace == *namespace && s.name == *name) {
            services.push(DnsService {
                namespace: namespace.to_string(),
                name: name.to_string(),
                kind: DnsServiceKind::ClusterIP,
                type_: "ClusterIP".into(),
                cluster_ips: vec![ip.to_string()],
                ports: ports
                    .iter()
                    .map(|(n, proto, port)| DnsPort { name: n.to_string(), protocol: proto.to_string(), port: *port })
                    .collect(),
                built_in: true,
                ..Default::default()
            });
        }
    }

    let pods = a
        .pods()
        .filter_map(|(_, o, p)| {
            let mut ips: Vec<String> = Vec::new();
            for ip in p.status.pod_ip.iter().chain(p.status.pod_ips.iter()) {
                if names::is_valid_ip(ip).is_empty() && !ips.contains(ip) {
                    ips.push(ip.clone());
                }
            }
            (!ips.is_empty()).then(|| DnsPod { namespace: o.namespace.to_ascii_lowercase(), name: o.name.clone(), ips })
        })
        .collect();

    a.dns = DnsTable {
        zone: ZONE.to_string(),
        ttl: TTL,
        namespaces: namespaces.into_iter().collect(),
        services,
        pods,
        records: Vec::new(),
        by_name: HashMap::new(),
    };
    let by_name =
        a.dns.services.iter().enumerate().map(|(i, s)| ((s.namespace.clone(), s.name.clone()), i)).rev().collect();
    a.dns.by_name = by_name;
    a.dns.records = listing(&a.dns);
}

/// The endpoints CoreDNS publishes for a Service, from the slice views, and how many it skips.
fn published_endpoints(a: &Analysis, v: &crate::model::ServiceView) -> (Vec<DnsEndpoint>, usize) {
    // Keyed by (address, hostname label) so an address seen in several slices is one endpoint.
    let mut by_key: BTreeMap<(String, String), DnsEndpoint> = BTreeMap::new();
    let mut unpublished = BTreeSet::new();
    let pod_name = |i: Option<usize>| i.and_then(|i| a.objects.get(i)).map(|o| o.name.clone());
    let mut add = |view: &crate::model::SliceEndpointView, port: Option<DnsPort>| {
        if view.address.is_empty() || !names::is_valid_ip(&view.address).is_empty() {
            return;
        }
        if !view.ready {
            unpublished.insert(view.address.clone());
            return;
        }
        let explicit = view.hostname.as_deref().is_some_and(|h| !h.is_empty());
        let hostname = match view.hostname.as_deref().filter(|h| !h.is_empty()) {
            Some(h) => h.to_ascii_lowercase(),
            None => dashed(&view.address),
        };
        let e = by_key.entry((view.address.clone(), hostname.clone())).or_insert_with(|| DnsEndpoint {
            address: view.address.clone(),
            hostname,
            explicit_hostname: explicit,
            ports: Vec::new(),
            pod: pod_name(view.pod),
        });
        if let Some(p) = port {
            if !e.ports.contains(&p) {
                e.ports.push(p);
            }
        }
    };
    for view in &v.endpoints.all {
        add(view, None);
    }
    for pe in &v.endpoints.ports {
        for view in &pe.slice_endpoints {
            add(view, Some(DnsPort { name: pe.name.clone(), protocol: pe.protocol.clone(), port: view.port }));
        }
    }
    let endpoints: Vec<DnsEndpoint> = by_key.into_values().collect();
    let published: BTreeSet<&str> = endpoints.iter().map(|e| e.address.as_str()).collect();
    let unpublished = unpublished.iter().filter(|a| !published.contains(a.as_str())).count();
    (endpoints, unpublished)
}

/// `10.244.1.11` → `10-244-1-11`; IPv6 `:` → `-` (CoreDNS `endpointHostname`).
pub fn dashed(ip: &str) -> String {
    ip.replace(['.', ':'], "-")
}

/// Every record of the listing: each name the spec defines, looked up the way a query would.
fn listing(t: &DnsTable) -> Vec<DnsRecord> {
    let mut out: BTreeSet<DnsRecord> = BTreeSet::new();
    let mut add = |name: String, types: &[QType]| {
        for &q in types {
            if let Ok(found) = lookup(t, &name, q, 0) {
                out.extend(found.records.into_iter().filter(|r| r.name.trim_end_matches('.') == name));
            }
        }
    };
    for s in t.services.iter().filter(|s| !s.built_in) {
        let base = format!("{}.{}.svc.{ZONE}", s.name, s.namespace);
        match s.kind {
            DnsServiceKind::ExternalName => add(base, &[QType::CNAME]),
            DnsServiceKind::ClusterIP => {
                add(base.clone(), &[QType::A, QType::AAAA]);
                let named: BTreeSet<(String, String)> = s
                    .ports
                    .iter()
                    .filter(|p| !p.name.is_empty())
                    .map(|p| (p.name.to_ascii_lowercase(), p.protocol.to_ascii_lowercase()))
                    .collect();
                for (n, p) in named {
                    add(format!("_{n}._{p}.{base}"), &[QType::SRV]);
                }
            }
            DnsServiceKind::Headless => {
                add(base.clone(), &[QType::A, QType::AAAA]);
                let mut named = BTreeSet::new();
                let mut hosts = BTreeSet::new();
                for e in &s.endpoints {
                    hosts.insert(e.hostname.clone());
                    for p in e.ports.iter().filter(|p| !p.name.is_empty()) {
                        named.insert((p.name.to_ascii_lowercase(), p.protocol.to_ascii_lowercase()));
                    }
                }
                for h in hosts {
                    add(format!("{h}.{base}"), &[QType::A, QType::AAAA]);
                }
                for (n, p) in named {
                    add(format!("_{n}._{p}.{base}"), &[QType::SRV]);
                }
            }
        }
    }
    for p in &t.pods {
        for ip in &p.ips {
            add(format!("{}.{}.pod.{ZONE}", dashed(ip), p.namespace), &[QType::A, QType::AAAA]);
        }
    }
    out.into_iter().collect()
}

/// Fixture-test section `[dns]`: the zone listing, one record per line, sorted.
pub fn report(a: &Analysis) -> Vec<String> {
    a.dns.records.iter().map(DnsRecord::line).collect()
}

// ---------------------------------------------------------------- CoreDNS, one name

/// What a name stands for, when it exists.
#[derive(Clone, Debug)]
enum Node {
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
struct Found {
    node: Node,
    records: Vec<DnsRecord>,
    /// A/AAAA query answered through a CNAME to a name outside the zone (left to upstream).
    cname_upstream: Option<String>,
    /// A/AAAA query answered through a CNAME inside the zone that resolves to nothing.
    cname_dead_end: Option<String>,
}

/// Why a name does not exist, ordered by how close it came (higher = closer).
#[derive(Clone, Debug)]
enum Miss {
    OutsideZone,
    NotSvcOrPod { label: String },
    TooManyLabels,
    NoServiceForEndpointForm { namespace: String, service: String },
    NoNamespace { namespace: String, pod: bool },
    PodNameNotIp { label: String },
    NoService { namespace: String, service: String },
    ExternalNameIsIp { svc: usize },
    NoPort { svc: usize, port: String, protocol: String },
    NoEndpoint { svc: usize, endpoint: String },
    NoReadyEndpoints { svc: usize },
}

impl Miss {
    fn rank(&self) -> u8 {
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
struct Backend {
    host: String,
    port: i64,
    owner: String,
}

fn svc_fqdn(s: &DnsService) -> String {
    format!("{}.{}.svc.{ZONE}", s.name, s.namespace)
}

/// CoreDNS's `match` for the port and protocol labels: a label not given matches anything, a
/// given one case-insensitively (wildcard labels such as `*` are not supported: CoreDNS dropped
/// wildcard queries in 1.9).
fn label_match(query: &Option<String>, value: &str) -> bool {
    query.as_deref().is_none_or(|q| q.eq_ignore_ascii_case(value))
}

/// Looks up `name` (lower case, no trailing dot) at CoreDNS. `depth` counts followed CNAMEs.
fn lookup(t: &DnsTable, name: &str, q: QType, depth: usize) -> Result<Found, Miss> {
    let base = if name == ZONE {
        ""
    } else if let Some(b) = name.strip_suffix(ZONE).and_then(|b| b.strip_suffix('.')) {
        b
    } else {
        return Err(Miss::OutsideZone);
    };
    let empty = |node| Found { node, records: Vec::new(), cname_upstream: None, cname_dead_end: None };
    if base.is_empty() || base == "svc" || base == "pod" {
        return Ok(empty(Node::Structural));
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
    let Some(service) = service else { return Ok(empty(Node::Namespace(namespace))) };

    if kind == "pod" {
        // findPods: the endpoint/port labels are ignored; the pod label must be a dashed IP.
        let ip_text = if service.matches('-').count() == 3 && !service.contains("--") {
            service.replace('-', ".")
        } else {
            service.replace('-', ":")
        };
        let Some(ip) = ip::canonical(&ip_text) else { return Err(Miss::PodNameNotIp { label: service }) };
        let owner = format!("{service}.{namespace}.pod.{ZONE}");
        let backends = vec![Backend { host: ip.clone(), port: 0, owner }];
        return Ok(answer(t, name, q, Node::Pod { namespace, ip }, backends, depth));
    }

    let Some(&si) = t.by_name.get(&(namespace.clone(), service.clone())) else {
        return Err(if last >= 3 {
            Miss::NoServiceForEndpointForm { namespace, service }
        } else {
            Miss::NoService { namespace, service }
        });
    };
    let s = &t.services[si];
    let node = Node::Service { svc: si, port: port.clone().zip(protocol.clone()), endpoint: endpoint.clone() };
    let mut backends = Vec::new();
    match s.kind {
        DnsServiceKind::ExternalName => {
            // The port/endpoint labels are not checked for ExternalName Services.
            match s.external_name.as_deref() {
                Some(ext) if !ext.is_empty() && ip::canonical(ext).is_none() => backends.push(Backend {
                    host: ext.trim_end_matches('.').to_ascii_lowercase(),
                    port: 0,
                    owner: svc_fqdn(s),
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
                        owner: format!("{}.{}", e.hostname, svc_fqdn(s)),
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
                    backends.push(Backend { host: ip.clone(), port: p.port, owner: svc_fqdn(s) });
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

fn strip_underscore(s: &str) -> String {
    s.strip_prefix('_').unwrap_or(s).to_string()
}

/// Turns the backends of a name into the records of one query type (`plugin/backend_lookup.go`).
fn answer(t: &DnsTable, name: &str, q: QType, node: Node, backends: Vec<Backend>, depth: usize) -> Found {
    let fqdn = format!("{name}.");
    let mut found = Found { node, records: Vec::new(), cname_upstream: None, cname_dead_end: None };
    let rr = |rtype, data: String| DnsRecord { name: fqdn.clone(), rtype, data };
    match q {
        QType::A | QType::AAAA => {
            let mut seen = BTreeSet::new();
            let mut addrs = Vec::new();
            for b in &backends {
                if ip::canonical(&b.host).is_none() {
                    // A CNAME (ExternalName). x CNAME x is a loop; CoreDNS stops after 8 hops.
                    if b.host == name || depth >= MAX_CNAME_CHAIN - 1 {
                        continue;
                    }
                    let target = format!("{}.", b.host);
                    if b.host == ZONE || b.host.ends_with(&format!(".{ZONE}")) {
                        match lookup(t, &b.host, q, depth + 1) {
                            Ok(next) if !next.records.is_empty() => {
                                found.records.push(rr(QType::CNAME, target));
                                found.records.extend(next.records);
                                found.cname_upstream = next.cname_upstream;
                            }
                            _ => found.cname_dead_end = Some(target),
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
            addrs.sort_by_key(|a| a.parse::<std::net::IpAddr>().ok());
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
            srvs.sort();
            found
                .records
                .extend(srvs.into_iter().map(|(target, port)| rr(QType::SRV, format!("0 {weight} {port} {target}"))));
        }
    }
    found
}

// ---------------------------------------------------------------- the query API

/// Answers `name` (`qtype`) as a pod in `from_namespace` (default: `default`) would get it:
/// resolver search path and ndots first, then CoreDNS. Never panics.
pub fn query(a: &Analysis, name: &str, qtype: QType, from_namespace: Option<&str>) -> DnsAnswer {
    let t = &a.dns;
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
            answers: Vec::new(),
            explanation: format!("`{raw}` is not a valid DNS name: {why}."),
        };
    }

    let search: Vec<String> = [format!("{client_ns}.svc.{ZONE}"), format!("svc.{ZONE}"), ZONE.to_string()].into();
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
                return DnsAnswer {
                    name: format!("{c}."),
                    qtype,
                    rcode: Rcode::NoError,
                    answers: found.records.iter().map(|r| r.data.clone()).collect(),
                    explanation: format!("{}: {}.", subject(c), explain_found(t, qtype, &found)),
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
            answers: Vec::new(),
            explanation: format!(
                "{}: the name exists but has no {qtype} record ({}), so the answer is NOERROR with no records (NODATA).",
                subject(&c),
                explain_nodata(t, qtype, &found)
            ),
        };
    }
    let (c, miss) = best_miss.unwrap_or_else(|| (bare.clone(), Miss::OutsideZone));
    let in_zone = |c: &str| c == ZONE || c.ends_with(&format!(".{ZONE}"));
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
            format!("no name of the search path exists in {ZONE}")
        } else {
            explain_miss(t, &miss)
        };
        format!("`{raw}`: {why}; a pod in namespace `{client_ns}` tries {} (NXDOMAIN){upstream}.", inside.join(", "))
    } else {
        format!("{}: {}.", subject(&c), explain_miss(t, &miss))
    };
    DnsAnswer { name: format!("{c}."), qtype, rcode: Rcode::NxDomain, answers: Vec::new(), explanation }
}

/// Why a query name is not a DNS name at all (empty labels, too long), if it is not.
fn invalid_name(raw: &str) -> Option<String> {
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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn svc_ref(s: &DnsService) -> String {
    format!("{}/{}", s.namespace, s.name)
}

fn family_of(ips: &[String]) -> &'static str {
    let v4 = ips.iter().any(|i| names::is_ipv4(i));
    let v6 = ips.iter().any(|i| names::is_ipv6(i));
    match (v4, v6) {
        (true, false) => "IPv4",
        (false, true) => "IPv6",
        _ => "dual-stack",
    }
}

/// Why a name has these records (a predicate for "<name>: ...").
fn explain_found(t: &DnsTable, q: QType, f: &Found) -> String {
    match &f.node {
        Node::Pod { namespace, ip } => {
            let owner = t.pods.iter().find(|p| p.namespace == *namespace && p.ips.contains(ip));
            format!(
                "a pod-IP name, which CoreDNS (pods insecure, as kubeadm configures it) answers with the IP written in the name, unchecked{}",
                match owner {
                    Some(p) => format!(" (pod {namespace}/{} has that IP)", p.name),
                    None => " (no pod in the input has that IP)".into(),
                }
            )
        }
        Node::Service { svc, port, endpoint } => {
            let Some(s) = t.services.get(*svc) else { return "the name exists".into() };
            match s.kind {
                DnsServiceKind::ExternalName => {
                    let target = s.external_name.clone().unwrap_or_default();
                    let sub = if port.is_some() || endpoint.is_some() { " (CoreDNS ignores the port and endpoint labels of an ExternalName Service)" } else { "" };
                    let tail = if q == QType::CNAME {
                        String::new()
                    } else if f.cname_upstream.is_some() {
                        format!("; the addresses of `{target}` come from the upstream resolver, which the playground does not model")
                    } else {
                        format!("; `{target}` is inside {ZONE}, so CoreDNS resolves it too")
                    };
                    format!("ExternalName Service {} answers with a CNAME to `{target}`{sub}{tail}", svc_ref(s))
                }
                _ if endpoint.is_some() || s.kind == DnsServiceKind::Headless => {
                    let n = f.records.len();
                    let which = match endpoint {
                        Some(h) => {
                            let e = s.endpoints.iter().find(|e| e.hostname == *h);
                            let origin = match e {
                                Some(e) if e.explicit_hostname => format!("the hostname of endpoint {}", e.address),
                                Some(e) => format!("endpoint {}'s address with dashes (it has no hostname)", e.address),
                                None => "an endpoint name".into(),
                            };
                            let pod = e.and_then(|e| e.pod.as_deref()).map(|p| format!(" (pod {p})")).unwrap_or_default();
                            let kind = if s.kind == DnsServiceKind::Headless { "headless Service" } else { "Service" };
                            let ext = if s.kind == DnsServiceKind::Headless { "" } else { "; CoreDNS answers endpoint names of non-headless Services too, beyond the DNS spec" };
                            format!("`{h}` is {origin}{pod} of {kind} {}{ext}", svc_ref(s))
                        }
                        None => format!(
                            "headless Service {} (clusterIP: None) answers with the addresses of its {} instead of a cluster IP",
                            svc_ref(s),
                            plural(s.endpoints.len(), "published endpoint", "published endpoints")
                        ),
                    };
                    match (q, endpoint) {
                        (QType::SRV, None) => format!(
                            "headless Service {} (clusterIP: None) has one SRV record per published endpoint and matching port ({n} here), each with the endpoint's own port and name",
                            svc_ref(s)
                        ),
                        (QType::SRV, Some(_)) => format!("{which}; its SRV records carry the endpoint's own port"),
                        _ => which,
                    }
                }
                _ => match q {
                    QType::SRV => match port {
                        Some((p, proto)) => format!(
                            "port `{p}` ({}) of {} Service {}, so the SRV record carries the Service port with the Service name as target",
                            proto.to_ascii_uppercase(),
                            s.type_,
                            svc_ref(s)
                        ),
                        None => format!(
                            "{} Service {}; an SRV query for a Service name itself gets one record per Service port (named or not), each targeting the Service name",
                            s.type_,
                            svc_ref(s)
                        ),
                    },
                    _ if s.built_in => format!(
                        "{} Service {} answers with its cluster IP (every kubeadm cluster has this Service; it is not in the input)",
                        s.type_,
                        svc_ref(s)
                    ),
                    _ => format!("{} Service {} answers with its cluster IP, whether or not it has ready endpoints", s.type_, svc_ref(s)),
                },
            }
        }
        Node::Namespace(_) | Node::Structural => "the name exists".into(),
    }
}

/// Why an existing name has no record of type `q`.
fn explain_nodata(t: &DnsTable, q: QType, f: &Found) -> String {
    match &f.node {
        Node::Structural => format!("it is a structural name of the {ZONE} zone, which holds no records itself"),
        Node::Namespace(ns) => format!("it stands for namespace `{ns}`, which holds no records itself"),
        Node::Pod { ip, .. } => format!("the IP in the name, {ip}, is {}", if names::is_ipv4(ip) { "IPv4 (an A record)" } else { "IPv6 (an AAAA record)" }),
        Node::Service { svc, .. } => match t.services.get(*svc) {
            None => "it has other records".into(),
            Some(s) => match (s.kind, q) {
                (DnsServiceKind::ExternalName, QType::SRV) => {
                    format!("Service {} is an ExternalName Service, and CoreDNS serves no SRV records for those", svc_ref(s))
                }
                (DnsServiceKind::ExternalName, _) => match &f.cname_dead_end {
                    Some(target) => format!(
                        "the CNAME target `{target}` of ExternalName Service {} has no {q} record in the cluster, so CoreDNS drops the CNAME too",
                        svc_ref(s)
                    ),
                    None => format!("ExternalName Service {} points at itself", svc_ref(s)),
                },
                (_, QType::CNAME) => format!("Service {} is not an ExternalName Service: it has address records, not a CNAME", svc_ref(s)),
                (_, QType::SRV) => format!("the matching endpoints of Service {} have no ports, so there is nothing for an SRV record to carry", svc_ref(s)),
                (DnsServiceKind::ClusterIP, _) if s.cluster_ips.is_empty() => format!("Service {} has no cluster IP allocated", svc_ref(s)),
                (DnsServiceKind::ClusterIP, _) => format!("the cluster IPs of Service {} are {} only", svc_ref(s), family_of(&s.cluster_ips)),
                (DnsServiceKind::Headless, _) => {
                    let addrs: Vec<String> = s.endpoints.iter().map(|e| e.address.clone()).collect();
                    format!("the endpoint addresses of headless Service {} are {} only", svc_ref(s), family_of(&addrs))
                }
            },
        },
    }
}

/// Why a name does not exist.
fn explain_miss(t: &DnsTable, m: &Miss) -> String {
    match m {
        Miss::OutsideZone => format!("the name is outside {ZONE}; CoreDNS forwards such names to the upstream resolver, which the playground does not model, so it is shown as NXDOMAIN"),
        Miss::NotSvcOrPod { label } => format!("the name is neither under svc.{ZONE} nor pod.{ZONE} (`{label}` is where `svc` or `pod` should be), so CoreDNS has no such name"),
        Miss::TooManyLabels => "the name has too many labels: CoreDNS answers at most `_port._proto.service.namespace.svc` and `endpoint.service.namespace.svc`".into(),
        Miss::NoNamespace { namespace, pod } => format!(
            "namespace `{namespace}` does not exist, so no name under `{namespace}.{}.{ZONE}` does",
            if *pod { "pod" } else { "svc" }
        ),
        Miss::PodNameNotIp { label } => format!("`{label}` is not a dashed IP address like `10-244-1-11`, and names under pod.{ZONE} must be one"),
        Miss::NoService { namespace, service } | Miss::NoServiceForEndpointForm { namespace, service } => {
            let mut s = format!("there is no Service `{service}` in namespace `{namespace}`");
            let elsewhere: Vec<&str> = t.services.iter().filter(|x| x.name == *service && x.namespace != *namespace).map(|x| x.namespace.as_str()).collect();
            if let Some(other) = elsewhere.first() {
                s.push_str(&format!(" (a Service `{service}` exists in namespace `{other}`: use `{service}.{other}`)"));
            } else if let Some(close) = crate::util::text::did_you_mean(service, t.services.iter().filter(|x| x.namespace == *namespace).map(|x| x.name.as_str())) {
                s.push_str(&format!(" (did you mean `{close}`?)"));
            }
            s
        }
        Miss::ExternalNameIsIp { svc } => match t.services.get(*svc) {
            Some(s) => format!(
                "ExternalName Service {} points at `{}`, an IP address (or nothing), and CoreDNS publishes no record for that; for an IP use a Service without selector and an EndpointSlice",
                svc_ref(s),
                s.external_name.as_deref().unwrap_or("")
            ),
            None => "the name has no record".into(),
        },
        Miss::NoPort { svc, port, protocol } => match t.services.get(*svc) {
            Some(s) => {
                let named: Vec<String> = s.ports.iter().filter(|p| !p.name.is_empty()).map(|p| format!("{}/{}", p.name, p.protocol)).collect();
                format!(
                    "Service {} has no port named `{port}` with protocol {} ({})",
                    svc_ref(s),
                    protocol.to_ascii_uppercase(),
                    if named.is_empty() { "it has no named ports, and unnamed ports get no SRV names".to_string() } else { format!("its named ports: {}", named.join(", ")) }
                )
            }
            None => "the name has no record".into(),
        },
        Miss::NoEndpoint { svc, endpoint } => match t.services.get(*svc) {
            Some(s) => {
                let hosts: Vec<&str> = s.endpoints.iter().map(|e| e.hostname.as_str()).collect();
                format!(
                    "Service {} has no published endpoint named `{endpoint}` ({})",
                    svc_ref(s),
                    if hosts.is_empty() { "it has no published endpoints".to_string() } else { format!("its endpoint names: {}", hosts.join(", ")) }
                )
            }
            None => "the name has no record".into(),
        },
        Miss::NoReadyEndpoints { svc } => match t.services.get(*svc) {
            Some(s) => format!(
                "headless Service {} has no published (ready) endpoints{}, and a headless Service's name exists only while it has some",
                svc_ref(s),
                if s.unpublished > 0 { format!(" ({} not ready)", plural(s.unpublished, "endpoint is", "endpoints are")) } else { String::new() }
            ),
            None => "the name has no record".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze, Source};

    const YAML: &str = r#"apiVersion: v1
kind: Service
metadata: {name: my-service}
spec:
  clusterIP: 10.96.0.20
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}, {name: dns, protocol: UDP, port: 53}]
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: pg, port: 5432, targetPort: 15432}]
---
apiVersion: v1
kind: Service
metadata: {name: empty}
spec:
  clusterIP: None
  selector: {app: nothing}
---
apiVersion: v1
kind: Service
metadata: {name: ext, namespace: prod}
spec: {type: ExternalName, externalName: my.service.domain.com}
---
apiVersion: v1
kind: Service
metadata: {name: alias}
spec: {type: ExternalName, externalName: my-service.default.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: loop-a}
spec: {type: ExternalName, externalName: loop-b.default.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: loop-b}
spec: {type: ExternalName, externalName: loop-a.default.svc.cluster.local}
---
apiVersion: v1
kind: Service
metadata: {name: by-ip}
spec: {type: ExternalName, externalName: 192.0.2.1}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, labels: {app: web}}
spec: {nodeName: node-a, containers: [{name: c, ports: [{containerPort: 8080}]}]}
status: {phase: Running, podIP: 10.244.1.11, conditions: [{type: Ready, status: "True"}]}
"#;

    fn db_pod(i: usize) -> String {
        format!(
            "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: db-{i}, labels: {{app: db}}}}\nspec: {{nodeName: node-a, hostname: db-{i}, subdomain: db, containers: [{{name: c, ports: [{{name: pg, containerPort: 15432}}]}}]}}\nstatus: {{phase: Running, podIP: 10.244.1.{}, conditions: [{{type: Ready, status: \"True\"}}]}}\n",
            20 + i
        )
    }

    fn analysis() -> Analysis {
        let text = format!("{YAML}{}{}{}", db_pod(0), db_pod(1), db_pod(2));
        analyze(&[Source::new("t.yaml", text)])
    }

    fn q(a: &Analysis, name: &str, t: QType, ns: Option<&str>) -> DnsAnswer {
        query(a, name, t, ns)
    }

    #[test]
    fn short_names_expand_with_the_search_path() {
        let a = analysis();
        for name in [
            "my-service",
            "my-service.default",
            "my-service.default.svc",
            "my-service.default.svc.cluster.local",
            "my-service.default.svc.cluster.local.",
            "MY-Service.Default",
        ] {
            let r = q(&a, name, QType::A, None);
            assert_eq!(r.rcode, Rcode::NoError, "{name}: {r:?}");
            assert_eq!(r.answers, vec!["10.96.0.20"], "{name}");
            assert_eq!(r.name, "my-service.default.svc.cluster.local.", "{name}");
        }
        let other = q(&a, "my-service", QType::A, Some("prod"));
        assert_eq!(other.rcode, Rcode::NxDomain, "{other:?}");
        assert!(other.explanation.contains("namespace `prod`"), "{}", other.explanation);
        assert_eq!(q(&a, "my-service.default", QType::A, Some("prod")).answers, vec!["10.96.0.20"]);
        let k = q(&a, "kubernetes.default", QType::A, Some("prod"));
        assert_eq!(k.answers, vec!["10.96.0.1"], "{k:?}");
        assert!(k.explanation.contains("not in the input"), "{}", k.explanation);
        assert_eq!(
            q(&a, "_dns._udp.kube-dns.kube-system", QType::SRV, None).answers,
            vec!["0 100 53 kube-dns.kube-system.svc.cluster.local."]
        );
        // The absolute name is not searched.
        assert_eq!(q(&a, "my-service.", QType::A, None).rcode, Rcode::NxDomain);
    }

    #[test]
    fn nodata_when_the_name_exists_but_not_the_type() {
        let a = analysis();
        for (name, t) in [
            ("my-service", QType::AAAA),
            ("my-service", QType::CNAME),
            ("default.svc.cluster.local", QType::A),
            ("svc.cluster.local", QType::A),
            ("cluster.local", QType::A),
            ("ext.prod", QType::SRV),
        ] {
            let r = q(&a, name, t, None);
            assert_eq!((r.rcode, r.answers.len()), (Rcode::NoError, 0), "{name} {t}: {r:?}");
            assert!(r.explanation.contains("NODATA"), "{}", r.explanation);
        }
    }

    #[test]
    fn srv_records() {
        let a = analysis();
        assert_eq!(
            q(&a, "_http._tcp.my-service", QType::SRV, None).answers,
            vec!["0 100 80 my-service.default.svc.cluster.local."]
        );
        assert_eq!(
            q(&a, "_DNS._UDP.my-service", QType::SRV, None).answers,
            vec!["0 100 53 my-service.default.svc.cluster.local."]
        );
        // The bare name: one record per port.
        assert_eq!(q(&a, "my-service", QType::SRV, None).answers.len(), 2);
        // No wildcard labels.
        assert_eq!(q(&a, "_*._*.my-service", QType::SRV, None).rcode, Rcode::NxDomain);
        let missing = q(&a, "_https._tcp.my-service", QType::SRV, None);
        assert_eq!(missing.rcode, Rcode::NxDomain);
        assert!(missing.explanation.contains("http/TCP"), "{}", missing.explanation);
        // Headless: the endpoint (target) port and the endpoint names, weight 100/3.
        assert_eq!(
            q(&a, "_pg._tcp.db", QType::SRV, None).answers,
            vec![
                "0 33 15432 db-0.db.default.svc.cluster.local.",
                "0 33 15432 db-1.db.default.svc.cluster.local.",
                "0 33 15432 db-2.db.default.svc.cluster.local."
            ]
        );
    }

    #[test]
    fn headless_names() {
        let a = analysis();
        assert_eq!(q(&a, "db", QType::A, None).answers, vec!["10.244.1.20", "10.244.1.21", "10.244.1.22"]);
        assert_eq!(q(&a, "db-1.db", QType::A, None).answers, vec!["10.244.1.21"]);
        assert_eq!(q(&a, "db-7.db", QType::A, None).rcode, Rcode::NxDomain);
        // A ClusterIP Service's endpoints have names too (CoreDNS), the dashed IP here.
        assert_eq!(q(&a, "10-244-1-11.my-service", QType::A, None).answers, vec!["10.244.1.11"]);
        let empty = q(&a, "empty", QType::A, None);
        assert_eq!(empty.rcode, Rcode::NxDomain);
        assert!(empty.explanation.contains("no published"), "{}", empty.explanation);
    }

    #[test]
    fn external_names() {
        let a = analysis();
        assert_eq!(q(&a, "ext.prod", QType::CNAME, None).answers, vec!["my.service.domain.com."]);
        assert_eq!(q(&a, "ext", QType::A, Some("prod")).answers, vec!["my.service.domain.com."]);
        // Inside the zone, CoreDNS follows the CNAME itself.
        assert_eq!(q(&a, "alias", QType::A, None).answers, vec!["my-service.default.svc.cluster.local.", "10.96.0.20"]);
        let ip = q(&a, "by-ip", QType::A, None);
        assert_eq!(ip.rcode, Rcode::NxDomain);
        assert!(ip.explanation.contains("IP address"), "{}", ip.explanation);
        // A CNAME loop ends (NODATA), it does not hang.
        assert_eq!(q(&a, "loop-a", QType::A, None).answers, Vec::<String>::new());
    }

    #[test]
    fn pod_names() {
        let a = analysis();
        let r = q(&a, "10-244-1-11.default.pod.cluster.local", QType::A, None);
        assert_eq!(r.answers, vec!["10.244.1.11"]);
        assert!(r.explanation.contains("web-1"), "{}", r.explanation);
        assert_eq!(q(&a, "1-2-3-4.default.pod", QType::A, None).answers, vec!["1.2.3.4"]);
        assert_eq!(q(&a, "1-2-3-4.nope.pod.cluster.local", QType::A, None).rcode, Rcode::NxDomain);
        assert_eq!(q(&a, "web-1.default.pod.cluster.local", QType::A, None).rcode, Rcode::NxDomain);
        assert_eq!(q(&a, "fd00--1.default.pod.cluster.local", QType::AAAA, None).answers, vec!["fd00::1"]);
    }

    #[test]
    fn odd_names_never_panic() {
        let a = analysis();
        let long = "a".repeat(300);
        for name in [
            "",
            ".",
            "..",
            "a..b",
            " ",
            "名前",
            "é.default.svc.cluster.local",
            &long,
            "*.default.svc.cluster.local",
            "_._.my-service",
            "x.y.z.my-service.default.svc.cluster.local",
            "-",
        ] {
            for t in [QType::A, QType::AAAA, QType::SRV, QType::CNAME] {
                let r = q(&a, name, t, Some("ümlaut"));
                assert!(!r.explanation.is_empty());
                assert!(r.name.ends_with('.'));
            }
        }
    }

    #[test]
    fn the_listing_answers_its_own_names() {
        let a = analysis();
        assert!(!a.dns.records.is_empty());
        for r in &a.dns.records {
            let ans = q(&a, &r.name, r.rtype, None);
            assert!(ans.answers.contains(&r.data), "{} {}: {:?}", r.name, r.rtype, ans);
        }
        let lines = report(&a);
        assert!(lines.contains(&"my-service.default.svc.cluster.local. 5 IN A 10.96.0.20".to_string()), "{lines:#?}");
        assert!(
            lines.contains(&"ext.prod.svc.cluster.local. 5 IN CNAME my.service.domain.com.".to_string()),
            "{lines:#?}"
        );
        assert!(!lines.iter().any(|l| l.starts_with("by-ip.") || l.contains("kube-dns")), "{lines:#?}");
    }
}
