//! What CoreDNS holds: every valid Service with what it publishes, the namespaces, the pods, and
//! the zone listing.

use crate::dns::coredns::lookup;
use crate::model::{
    ClusterSettings, DnsEndpoint, DnsPod, DnsPort, DnsRecord, DnsService, DnsServiceKind, DnsTable, Kind, ObjectId,
    Objects, QType, ServiceType, TTL,
};
use crate::{names, ServiceView};
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::collections::HashMap;
/// Namespaces every cluster has.
pub(super) const BUILTIN_NAMESPACES: &[&str] = &["default", "kube-node-lease", "kube-public", "kube-system"];

/// The Services of a kubeadm cluster that exist before any input (the clusterIPs the `service`
/// stage keeps reserved for them: the first and the tenth address of the Service CIDR), with
/// their ports.
#[allow(clippy::type_complexity)]
pub(super) const BUILT_IN_SERVICES: &[(&str, &str, u128, &[(&str, &str, i64)])] = &[
    ("default", "kubernetes", 1, &[("https", "TCP", 443)]),
    ("kube-system", "kube-dns", 10, &[("dns", "UDP", 53), ("dns-tcp", "TCP", 53), ("metrics", "TCP", 9153)]),
];

/// The DNS table for `objects` and the Services' published endpoints, in the cluster's domain.
pub fn run(objects: &Objects, views: &[ServiceView], cluster: &ClusterSettings) -> DnsTable {
    let mut namespaces: BTreeSet<String> = crate::util::sort::set(BUILTIN_NAMESPACES.iter().map(|s| s.to_string()));
    for o in objects.iter().filter(|o| o.valid) {
        if o.kind == Kind::Namespace && !o.name.is_empty() {
            namespaces.insert(o.name.to_ascii_lowercase());
        }
        if !o.namespace.is_empty() {
            namespaces.insert(o.namespace.to_ascii_lowercase());
        }
    }

    let mut services = Vec::new();
    for v in views {
        let Some(svc) = objects.get(v.object).filter(|o| o.valid).and_then(|o| o.service()) else { continue };
        let type_ = svc.spec.type_;
        let kind = if type_ == ServiceType::ExternalName {
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
            .map(|p| DnsPort { name: p.name.clone(), protocol: p.protocol.to_string(), port: p.port })
            .collect();
        let (endpoints, unpublished) =
            if kind == DnsServiceKind::ExternalName { (Vec::new(), 0) } else { published_endpoints(objects, v) };
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

    let primary = cluster.service_cidr(cluster.primary_family());
    for (namespace, name, nth, ports) in BUILT_IN_SERVICES {
        let Some(ip) = primary.and_then(|c| c.nth(*nth)) else { continue };
        if !services.iter().any(|s| s.namespace == *namespace && s.name == *name) {
            services.push(DnsService {
                namespace: namespace.to_string(),
                name: name.to_string(),
                kind: DnsServiceKind::ClusterIP,
                type_: ServiceType::ClusterIp,
                cluster_ips: vec![ip],
                ports: ports
                    .iter()
                    .map(|(n, proto, port)| DnsPort { name: n.to_string(), protocol: proto.to_string(), port: *port })
                    .collect(),
                built_in: true,
                ..Default::default()
            });
        }
    }

    let pods = objects
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

    let mut table = DnsTable {
        zone: cluster.domain().to_string(),
        ttl: TTL,
        namespaces: namespaces.into_iter().collect(),
        services,
        pods,
        records: Vec::new(),
        by_name: HashMap::new(),
    };
    table.by_name =
        table.services.iter().enumerate().map(|(i, s)| ((s.namespace.clone(), s.name.clone()), i)).rev().collect();
    table.records = listing(&table);
    table
}

/// The endpoints CoreDNS publishes for a Service, from the slice views, and how many it skips.
pub(super) fn published_endpoints(objects: &Objects, v: &ServiceView) -> (Vec<DnsEndpoint>, usize) {
    // Keyed by (address, hostname label) so an address seen in several slices is one endpoint.
    let mut by_key: BTreeMap<(String, String), DnsEndpoint> = BTreeMap::new();
    let mut unpublished = BTreeSet::new();
    let pod_name = |i: Option<ObjectId>| i.and_then(|i| objects.get(i)).map(|o| o.name.clone());
    let mut add = |view: &crate::model::SliceEndpointView| {
        if view.address.is_empty() || !names::is_valid_ip(&view.address).is_empty() {
            return;
        }
        if !view.ready {
            unpublished.insert(view.address.clone());
            return;
        }
        let explicit = view.hostname.as_deref().is_some_and(|h| !h.is_empty());
        let hostname = endpoint_label(&view.address, view.hostname.as_deref());
        by_key.entry((view.address.clone(), hostname.clone())).or_insert_with(|| DnsEndpoint {
            address: view.address.clone(),
            hostname,
            explicit_hostname: explicit,
            ports: Vec::new(),
            pod: pod_name(view.pod),
        });
    };
    for view in &v.endpoints.all {
        add(view);
    }
    // CoreDNS turns each slice into one subset with the slice's own ports
    // (`EndpointSliceToEndpoints`), whatever the Service's ports are: an endpoint gets every port
    // of every slice it is in (a port without a number is its -1 sentinel: no SRV record).
    for s in v.endpoints.slices.iter().filter(|s| crate::endpoints::consumable(&s.slice)) {
        for ep in s.slice.endpoints.iter().filter(|ep| ep.conditions.is_ready()) {
            let Some(address) = ep.addresses.first() else { continue };
            let label = endpoint_label(address, ep.hostname.as_deref());
            let Some(e) = by_key.get_mut(&(address.clone(), label)) else { continue };
            for p in &s.slice.ports {
                let p = DnsPort {
                    name: p.name.clone().unwrap_or_default(),
                    protocol: p.protocol.clone(),
                    port: if p.port == 0 { -1 } else { p.port },
                };
                if !e.ports.contains(&p) {
                    e.ports.push(p);
                }
            }
        }
    }
    let endpoints: Vec<DnsEndpoint> = by_key.into_values().collect();
    let published: BTreeSet<&str> = crate::util::sort::set(endpoints.iter().map(|e| e.address.as_str()));
    let unpublished = unpublished.iter().filter(|a| !published.contains(a.as_str())).count();
    (endpoints, unpublished)
}

/// An endpoint's DNS label: its hostname (lower case), else its dashed address.
fn endpoint_label(address: &str, hostname: Option<&str>) -> String {
    match hostname.filter(|h| !h.is_empty()) {
        Some(h) => h.to_ascii_lowercase(),
        None => dashed(address),
    }
}

/// `10.244.1.11` → `10-244-1-11`; IPv6 `:` → `-` (CoreDNS `endpointHostname`).
pub fn dashed(ip: &str) -> String {
    ip.replace(['.', ':'], "-")
}

/// Every record of the listing: each name the spec defines, looked up the way a query would.
pub(super) fn listing(t: &DnsTable) -> Vec<DnsRecord> {
    let mut out: BTreeSet<DnsRecord> = BTreeSet::new();
    // Adds the records of `name` for each type; returns how many it found.
    let mut add = |name: String, types: &[QType]| {
        let mut n = 0;
        for &q in types {
            if let Ok(found) = lookup(t, &name, q, 0) {
                let before = out.len();
                out.extend(found.records.into_iter().filter(|r| r.name.trim_end_matches('.') == name));
                n += out.len() - before;
            }
        }
        n
    };
    for s in t.services.iter().filter(|s| !s.built_in) {
        let base = format!("{}.{}.svc.{}", s.name, s.namespace, t.zone);
        match s.kind {
            DnsServiceKind::ExternalName => {
                add(base, &[QType::CNAME]);
            }
            DnsServiceKind::ClusterIP => {
                add(base.clone(), &[QType::A, QType::AAAA]);
                let named: BTreeSet<(String, String)> = crate::util::sort::set(
                    s.ports
                        .iter()
                        .filter(|p| !p.name.is_empty())
                        .map(|p| (p.name.to_ascii_lowercase(), p.protocol.to_ascii_lowercase())),
                );
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
            // A pod name stands for one address: when the A query answers it, AAAA answers nothing.
            let name = format!("{}.{}.pod.{}", dashed(ip), p.namespace, t.zone);
            if add(name.clone(), &[QType::A]) == 0 {
                add(name, &[QType::AAAA]);
            }
        }
    }
    out.into_iter().collect()
}
