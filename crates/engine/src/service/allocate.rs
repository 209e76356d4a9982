//! ClusterIP and nodePort allocation (`pkg/registry/core/service/storage/alloc.go`, the IP and
//! port allocators), deterministic: the same manifest always gets the same addresses.

use crate::api::Service;
use crate::diag::{Code, FieldError};
use crate::model::{ClusterSettings, IpFamily};
use crate::service::predicates::{
    hc_node_port, is_headless, needs_health_check, needs_node_port, node_port, should_allocate_node_ports,
};
use crate::util::hash::fnv64;
use crate::util::ip::{self, Cidr};
use crate::util::json;
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::collections::HashMap;
/// The default Service CIDR's network and size (10.96.0.0/12), for tests.
#[cfg(test)]
pub(crate) const CIDR_NET: u32 = 0x0A60_0000;
#[cfg(test)]
pub(crate) const CIDR_SIZE: u32 = 1 << 20;
#[cfg(test)]
pub(crate) const IP_STATIC_BAND: u32 = 256;
#[cfg(test)]
pub(crate) const NODE_PORT_MIN: i64 = 30000;
#[cfg(test)]
pub(crate) const NODE_PORT_MAX: i64 = 32767;
#[cfg(test)]
pub(crate) const NODE_PORT_STATIC_BAND: i64 = 86;

/// KEP-3070: `min(max(16, size/16), 256)` addresses at the bottom are for static picks.
fn ip_static_band(size: u128) -> u128 {
    (size / 16).clamp(16, 256)
}

/// KEP-3668: `min(max(16, size/32), 128)` ports at the bottom are for static picks.
fn port_static_band(size: i64) -> i64 {
    (size / 32).clamp(16, 128)
}

/// What is taken cluster-wide, and by whom (for messages). Addresses in canonical text.
#[derive(Debug)]
pub(crate) struct Allocations {
    ips: BTreeMap<String, String>,
    ports: BTreeMap<i64, String>,
}

/// The clusterIP a Service every cluster already has keeps (applying it is an update of the
/// existing object): `default/kubernetes` the first address of the primary range,
/// `kube-system/kube-dns` the tenth (kubeadm's choice).
pub(crate) fn built_in_ip(key: &str, cluster: &ClusterSettings) -> Option<String> {
    match key {
        "default/kubernetes" => cluster.kubernetes_ip(),
        "kube-system/kube-dns" => cluster.dns_ip(),
        _ => None,
    }
}

impl Allocations {
    pub(crate) fn new(cluster: &ClusterSettings) -> Self {
        let mut ips = BTreeMap::new();
        if let Some(ip) = cluster.kubernetes_ip() {
            ips.insert(ip, "Service/default/kubernetes (the API server's own Service)".to_string());
        }
        if let Some(ip) = cluster.dns_ip() {
            ips.insert(ip, "Service/kube-system/kube-dns (cluster DNS)".to_string());
        }
        Allocations { ips, ports: BTreeMap::new() }
    }
}

/// Allocations made (and released) by one request; applied only if the request succeeds.
#[derive(Debug, Default)]
pub(crate) struct Txn {
    ips: Vec<String>,
    ports: Vec<i64>,
    release_ips: Vec<String>,
    release_ports: Vec<i64>,
}

impl Txn {
    pub(crate) fn ip_taken(&self, al: &Allocations, ip: &str) -> bool {
        al.ips.contains_key(ip) || self.ips.iter().any(|i| i == ip)
    }
    pub(crate) fn port_taken(&self, al: &Allocations, p: i64) -> bool {
        al.ports.contains_key(&p) || self.ports.contains(&p)
    }
    pub(crate) fn commit(self, al: &mut Allocations, owner: &str) {
        for ip in self.release_ips {
            al.ips.remove(&ip);
        }
        for p in self.release_ports {
            al.ports.remove(&p);
        }
        for ip in self.ips {
            al.ips.insert(ip, owner.to_string());
        }
        for p in self.ports {
            al.ports.insert(p, owner.to_string());
        }
    }
}

/// The owner of an allocated value, for messages.
pub(crate) fn owner_of(owners: Option<&String>) -> &str {
    owners.map(String::as_str).unwrap_or("this Service")
}

pub(crate) struct Ctx<'a> {
    pub(crate) al: &'a Allocations,
    pub(crate) cluster: &'a ClusterSettings,
    /// `namespace/name`: the seed for deterministic picks.
    pub(crate) key: String,
    /// The object was read from a cluster: its values are adopted, not checked against ranges.
    pub(crate) live: bool,
    pub(crate) txn: Txn,
    /// Findings that do not refuse the request.
    pub(crate) warnings: Vec<FieldError>,
}

/// The usable addresses of a Service range: (first, last) offsets. The network address is
/// never handed out, nor an IPv4 range's broadcast address.
pub(crate) fn usable(c: &Cidr) -> (u128, u128) {
    (1, if c.v4 { c.size().saturating_sub(2) } else { c.size().saturating_sub(1) })
}

impl Ctx<'_> {
    fn node_ports(&self) -> (i64, i64) {
        let r = self.cluster.node_port_range.value;
        (r.min, r.max)
    }

    /// A free clusterIP of a family: upper band first (from a hashed start, probing upwards),
    /// then the lower band.
    pub(crate) fn next_ip(&self, family: IpFamily) -> Option<String> {
        let c = self.cluster.service_cidr(family)?;
        let (first, last) = usable(&c);
        let upper_start = first + ip_static_band(c.size());
        if upper_start > last {
            return (first..=last)
                .map(|o| c.nth(o))
                .find(|ip| ip.as_ref().is_some_and(|ip| !self.txn.ip_taken(self.al, ip)))?;
        }
        let upper = last - upper_start + 1;
        let start = u128::from(fnv64(self.key.as_bytes())) % upper;
        let tries = upper.min(1 << 22);
        (0..tries)
            .map(|i| upper_start + (start + i) % upper)
            .chain(first..upper_start)
            .filter_map(|o| c.nth(o))
            .find(|ip| !self.txn.ip_taken(self.al, ip))
    }

    /// A free nodePort, same scheme; `salt` separates the ports of one Service.
    pub(crate) fn next_port(&self, salt: &str) -> Option<i64> {
        let (min, max) = self.node_ports();
        let upper_start = (min + port_static_band(max - min + 1)).min(max);
        let upper = max - upper_start + 1;
        let start = (fnv64(format!("{}#{salt}", self.key).as_bytes()) % upper as u64) as i64;
        let candidates = (0..upper).map(|i| upper_start + (start + i) % upper).chain(min..upper_start);
        candidates.into_iter().find(|p| !self.txn.port_taken(self.al, *p))
    }

    /// `portallocator.Allocate`: the port must be in range and free.
    pub(crate) fn allocate_port(&mut self, p: i64) -> Result<(), (Code, String, String)> {
        let (min, max) = self.node_ports();
        if !(min..=max).contains(&p) && !self.live {
            let range = self.cluster.node_port_range.value;
            let from = match &self.cluster.node_port_range.source {
                s if s.is_default() => String::new(),
                s => format!(" (the range is {})", s.describe()),
            };
            return Err((
                Code::NodeportOutOfRange,
                format!("provided port is not in the valid range. The range of valid ports is {range}"),
                format!("pick a port between {min} and {max}, or leave `nodePort` out to get one allocated{from}"),
            ));
        }
        if self.txn.port_taken(self.al, p) {
            let owner = owner_of(self.al.ports.get(&p));
            let free = (p + 1..=max).chain(min..p).find(|q| !self.txn.port_taken(self.al, *q));
            let suggestion = free.map(|q| format!(" ({q} is free)")).unwrap_or_default();
            return Err((
                Code::NodeportTaken,
                "provided port is already allocated".to_string(),
                format!("{p} is already used by {owner}; pick another port{suggestion} or leave `nodePort` out to get one allocated"),
            ));
        }
        self.txn.ports.push(p);
        Ok(())
    }
}

/// After an update the kept allocations belong to the new document.
pub(crate) fn reown(al: &mut Allocations, svc: &Service, owner: &str) {
    for ip in svc.spec.cluster_ips.iter().filter_map(|s| ip::canonical(s)) {
        if let Some(o) = al.ips.get_mut(&ip) {
            *o = owner.to_string();
        }
    }
    let hc = hc_node_port(svc);
    for p in svc.spec.ports.iter().map(node_port).chain(std::iter::once(hc)) {
        if let Some(o) = al.ports.get_mut(&p) {
            *o = owner.to_string();
        }
    }
}

pub(crate) fn ip_alloc_error(svc: &Service, ip: &str, detail: &str, code: Code, help: String) -> FieldError {
    FieldError::invalid(
        code,
        "spec.clusterIPs",
        &json::list(&svc.spec.cluster_ips),
        &format!("failed to allocate IP {ip}: {detail}"),
    )
    .near("spec.clusterIP")
    .help(help)
}

/// `allocClusterIPs`: one address per family of `spec.ipFamilies`: the requested one (inside
/// the family's range and free), or a free one. An object read from a cluster keeps what it
/// holds, wherever it lies (a conflict with another Service is still an error).
pub(crate) fn alloc_cluster_ips(svc: &mut Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    if svc.type_() == "ExternalName" || svc.spec.cluster_ips.first().map(String::as_str) == Some("None") {
        return Ok(());
    }
    let families: Vec<IpFamily> = svc.spec.ip_families.iter().filter_map(|f| IpFamily::parse(f)).collect();
    while svc.spec.cluster_ips.len() < families.len() {
        svc.spec.cluster_ips.push(String::new());
    }
    for (i, family) in families.iter().copied().enumerate() {
        let Some(requested) = svc.spec.cluster_ips.get(i).cloned() else {
            break;
        };
        let built_in = built_in_ip(&cx.key, cx.cluster).filter(|_| i == 0 && family == cx.cluster.primary_family());
        let ip = if requested.is_empty() {
            match built_in.clone().or_else(|| cx.next_ip(family)) {
                Some(ip) => ip,
                None => {
                    return Err(vec![FieldError::internal(
                        Code::ClusteripRangeFull,
                        "spec",
                        "failed to allocate a serviceIP: range is full",
                    )
                    .help("the Service CIDR has no free address left")])
                }
            }
        } else {
            let Some(canonical) = ip::canonical(&requested) else {
                return Err(vec![out_of_range(svc, &requested, family, cx)]);
            };
            let range = cx.cluster.service_cidr(family);
            let in_range = range.is_some_and(|c| c.offset(&canonical).is_some_and(|o| (1..=usable(&c).1).contains(&o)));
            if !in_range {
                if !cx.live {
                    return Err(vec![out_of_range(svc, &requested, family, cx)]);
                }
                if cx.cluster.service_cidrs.source.is_stated() {
                    cx.warnings.push(live_outside(svc, &requested, i, cx));
                }
            }
            if cx.txn.ip_taken(cx.al, &canonical) && built_in.as_deref() != Some(canonical.as_str()) {
                let owner = owner_of(cx.al.ips.get(&canonical)).to_string();
                return Err(vec![ip_alloc_error(
                    svc,
                    &requested,
                    "provided IP is already allocated",
                    Code::ClusteripTaken,
                    format!("{requested} already belongs to {owner}; pick another address or leave `clusterIP` out to get a free one"),
                )]);
            }
            canonical
        };
        cx.txn.ips.push(ip.clone());
        if requested.is_empty() {
            if let Some(slot) = svc.spec.cluster_ips.get_mut(i) {
                *slot = ip.clone();
            }
            if i == 0 {
                svc.spec.cluster_ip = Some(ip);
            }
        }
    }
    Ok(())
}

/// The allocator's refusal of an address outside the family's range.
fn out_of_range(svc: &Service, requested: &str, family: IpFamily, cx: &Ctx) -> FieldError {
    let help = match cx.cluster.service_cidr(family) {
        Some(c) => {
            let (first, last) = usable(&c);
            let from = match &cx.cluster.service_cidrs.source {
                s if s.is_default() => String::new(),
                s => format!(" ({})", s.describe()),
            };
            format!(
                "a clusterIP must be inside the Service CIDR {c}{from} ({} to {}); leave it out to get one allocated",
                c.nth(first).unwrap_or_default(),
                c.nth(last).unwrap_or_default()
            )
        }
        None => format!("this cluster has no {family} Service CIDR; leave the clusterIP out to get one allocated"),
    };
    ip_alloc_error(
        svc,
        requested,
        "the provided network does not match the current range",
        Code::ClusteripOutOfRange,
        help,
    )
}

/// An object read from a cluster holds an address outside the stated range: kept, but said.
fn live_outside(svc: &Service, requested: &str, i: usize, cx: &Ctx) -> FieldError {
    FieldError::raw(
        Code::LiveOutsideStatedRange,
        "",
        format!(
            "clusterIP {requested} lies outside the stated Service CIDR {}; this Service was read from a cluster (it has a uid, resourceVersion or creationTimestamp), so it is kept as stored",
            cx.cluster.service_cidrs_text()
        ),
    )
    .at(if i == 0 { "spec.clusterIP".into() } else { format!("spec.clusterIPs[{i}]") })
    .severity(crate::Severity::Warning)
    .help(format!(
        "check `networking.serviceSubnet` ({}): a cluster only hands out addresses from its own range",
        cx.cluster.service_cidrs.source.describe()
    ))
    .near(if svc.spec.cluster_ip.is_some() { "spec.clusterIP" } else { "spec" })
}

pub(crate) fn node_port_error(i: usize, np: i64, (code, detail, help): (Code, String, String)) -> Vec<FieldError> {
    vec![FieldError::invalid(code, &format!("spec.ports[{i}].nodePort"), &np.to_string(), &detail)
        .near(format!("spec.ports[{i}]"))
        .help(help)]
}

pub(crate) fn port_full() -> Vec<FieldError> {
    vec![FieldError::internal(
        Code::NodeportAllocationFailed,
        "spec.ports",
        "failed to allocate a nodePort: range is full",
    )
    .help("every nodePort of the range is in use")]
}

/// `initNodePorts`: ports are keyed by their `port` number; the first requested nodePort for a
/// number is shared by every entry with that number.
pub(crate) fn init_node_ports(svc: &mut Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    if !needs_node_port(svc) {
        return Ok(());
    }
    let should_alloc = should_allocate_node_ports(svc);
    let mut by_port: HashMap<i64, i64> = HashMap::new();
    for i in 0..svc.spec.ports.len() {
        let Some(p) = svc.spec.ports.get(i) else {
            break;
        };
        let (port, np) = (p.port, node_port(p));
        if np == 0 && !should_alloc {
            continue;
        }
        let allocated = by_port.get(&port).copied().unwrap_or(0);
        let chosen = if allocated == 0 {
            let requested =
                svc.spec.ports.iter().find(|q| q.port == port && node_port(q) != 0).map(node_port).unwrap_or(0);
            if requested != 0 {
                cx.allocate_port(requested).map_err(|e| node_port_error(i, requested, e))?;
                requested
            } else {
                let Some(n) = cx.next_port(&port.to_string()) else {
                    return Err(port_full());
                };
                cx.txn.ports.push(n);
                n
            }
        } else if np == 0 {
            allocated
        } else if np != allocated {
            cx.allocate_port(np).map_err(|e| node_port_error(i, np, e))?;
            np
        } else {
            np
        };
        by_port.entry(port).or_insert(chosen);
        if let Some(p) = svc.spec.ports.get_mut(i) {
            p.node_port = Some(chosen);
        }
    }
    Ok(())
}

pub(crate) fn alloc_health_check_node_port(svc: &mut Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    let requested = hc_node_port(svc);
    if requested != 0 {
        if let Err((_, detail, help)) = cx.allocate_port(requested) {
            return Err(vec![FieldError::internal(
                Code::HealthCheckNodeportAllocationFailed,
                "spec.healthCheckNodePort",
                &format!("failed to allocate requested HealthCheck NodePort {requested}: {detail}"),
            )
            .help(help.replace("`nodePort`", "`healthCheckNodePort`"))]);
        }
    } else {
        let Some(n) = cx.next_port("healthCheckNodePort") else {
            return Err(vec![FieldError::internal(
                Code::HealthCheckNodeportAllocationFailed,
                "spec",
                "failed to allocate a HealthCheck NodePort 0: range is full",
            )
            .help("every nodePort of the range is in use")]);
        };
        cx.txn.ports.push(n);
        svc.spec.health_check_node_port = Some(n);
    }
    Ok(())
}

/// `updateClusterIPs` (single-stack: no up/downgrade).
pub(crate) fn update_cluster_ips(svc: &mut Service, old: &Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    if old.type_() == "ExternalName" && svc.type_() != "ExternalName" {
        return alloc_cluster_ips(svc, cx);
    }
    if is_headless(old) {
        return Ok(());
    }
    if old.type_() != "ExternalName" && svc.type_() == "ExternalName" {
        cx.txn.release_ips.extend(old.spec.cluster_ips.iter().filter_map(|s| ip::canonical(s)));
        return Ok(());
    }
    if svc.type_() == "ExternalName" || is_headless(svc) {
        return Ok(());
    }
    // Upgrade to dual-stack: a secondary address for the added family; downgrade: release it.
    let families: Vec<IpFamily> = svc.spec.ip_families.iter().filter_map(|f| IpFamily::parse(f)).collect();
    for family in families.iter().skip(svc.spec.cluster_ips.len()) {
        let Some(ip) = cx.next_ip(*family) else {
            return Err(vec![FieldError::internal(
                Code::ClusteripRangeFull,
                "spec",
                "failed to allocate a serviceIP: range is full",
            )
            .help("the Service CIDR has no free address left")]);
        };
        cx.txn.ips.push(ip.clone());
        svc.spec.cluster_ips.push(ip);
    }
    let families = families.len();
    if families == 1 && old.spec.cluster_ips.len() > 1 {
        cx.txn.release_ips.extend(old.spec.cluster_ips.iter().skip(1).filter_map(|s| ip::canonical(s)));
        svc.spec.cluster_ips.truncate(1);
    }
    Ok(())
}

/// `txnUpdateNodePorts` / `updateNodePorts`.
pub(crate) fn update_node_ports(svc: &mut Service, old: &Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    let old_nps: Vec<i64> = old.spec.ports.iter().map(node_port).filter(|n| *n != 0).collect();
    if needs_node_port(old) && matches!(svc.type_(), "ExternalName" | "ClusterIP") {
        cx.txn.release_ports.extend(old_nps.iter().copied());
    }
    if !needs_node_port(svc) {
        return Ok(());
    }
    let should_alloc = should_allocate_node_ports(svc);
    let mut seen: Vec<(String, i64)> = Vec::new();
    let mut allocated_here = BTreeSet::new();
    for i in 0..svc.spec.ports.len() {
        let Some(p) = svc.spec.ports.get(i) else {
            break;
        };
        let (np, port, proto) = (node_port(p), p.port, p.protocol.clone().unwrap_or_default());
        if np == 0 && !should_alloc {
            continue;
        }
        let chosen = if np != 0 {
            if !old_nps.contains(&np) && !allocated_here.contains(&np) {
                cx.allocate_port(np).map_err(|e| node_port_error(i, np, e))?;
                allocated_here.insert(np);
            }
            np
        } else {
            let Some(n) = cx.next_port(&port.to_string()) else {
                return Err(port_full());
            };
            cx.txn.ports.push(n);
            n
        };
        if seen.contains(&(proto.clone(), chosen)) {
            return Err(vec![FieldError::internal(
                Code::DuplicateNodeport,
                &format!("spec.ports[{i}].nodePort"),
                &format!("duplicate nodePort: {{{proto} {chosen}}}"),
            )
            .help("use a different nodePort for each port of the same protocol")]);
        }
        seen.push((proto, chosen));
        if let Some(p) = svc.spec.ports.get_mut(i) {
            p.node_port = Some(chosen);
        }
    }
    let new_nps: Vec<i64> = svc.spec.ports.iter().map(node_port).collect();
    cx.txn.release_ports.extend(old_nps.iter().filter(|o| !new_nps.contains(o)));
    Ok(())
}

pub(crate) fn update_health_check_node_port(
    svc: &mut Service,
    old: &Service,
    cx: &mut Ctx,
) -> Result<(), Vec<FieldError>> {
    let (needed, needs) = (needs_health_check(old), needs_health_check(svc));
    if !needed && needs {
        alloc_health_check_node_port(svc, cx)?;
    }
    if needed && !needs && hc_node_port(old) != 0 {
        cx.txn.release_ports.push(hc_node_port(old));
    }
    Ok(())
}
