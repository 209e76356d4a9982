//! ClusterIP and nodePort allocation (`pkg/registry/core/service/storage/alloc.go`, the IP and
//! port allocators), deterministic: the same manifest always gets the same addresses.

use crate::api::Service;
use crate::diag::{Code, FieldError};
use crate::service::predicates::{
    hc_node_port, is_headless, needs_health_check, needs_node_port, node_port, should_allocate_node_ports,
};
use crate::util::hash::fnv64;
use crate::util::{ip, json};
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::collections::HashMap;
/// The Service CIDR the playground's API server allocates clusterIPs from (IPv4 single-stack).
pub const SERVICE_CIDR: &str = "10.96.0.0/12";

/// The nodePort range (`--service-node-port-range`).
pub const NODE_PORT_RANGE: &str = "30000-32767";

/// The clusterIP of `default/kubernetes` (first address of the Service CIDR).
pub const KUBERNETES_SERVICE_IP: &str = "10.96.0.1";

/// The clusterIP of `kube-system/kube-dns` (kubeadm's choice, the 10th address).
pub const KUBE_DNS_SERVICE_IP: &str = "10.96.0.10";

/// 10.96.0.0/12
pub(crate) const CIDR_NET: u32 = 0x0A60_0000;

pub(crate) const CIDR_SIZE: u32 = 1 << 20;

/// KEP-3070: `min(max(16, size/16), 256)` addresses at the bottom are for static picks.
pub(crate) const IP_STATIC_BAND: u32 = 256;

pub(crate) const NODE_PORT_MIN: i64 = 30000;

pub(crate) const NODE_PORT_MAX: i64 = 32767;

/// KEP-3668: `min(max(16, size/32), 128)` ports at the bottom are for static picks.
pub(crate) const NODE_PORT_STATIC_BAND: i64 = 86;

/// What is taken cluster-wide, and by whom (for messages).
#[derive(Debug)]
pub(crate) struct Allocations {
    ips: BTreeMap<u32, String>,
    ports: BTreeMap<i64, String>,
}

/// The Services a kubeadm cluster already has, with their clusterIPs: applying one of them is an
/// update of the existing object, so it keeps (and may request) that address.
pub(crate) const BUILT_IN: &[(&str, u32)] =
    &[("default/kubernetes", CIDR_NET + 1), ("kube-system/kube-dns", CIDR_NET + 10)];

pub(crate) fn built_in_ip(key: &str) -> Option<u32> {
    BUILT_IN.iter().find(|(k, _)| *k == key).map(|(_, ip)| *ip)
}

impl Allocations {
    pub(crate) fn new() -> Self {
        let mut ips = BTreeMap::new();
        ips.insert(CIDR_NET + 1, "Service/default/kubernetes (the API server's own Service)".to_string());
        ips.insert(CIDR_NET + 10, "Service/kube-system/kube-dns (cluster DNS)".to_string());
        Allocations { ips, ports: BTreeMap::new() }
    }
}

/// Allocations made (and released) by one request; applied only if the request succeeds.
#[derive(Debug, Default)]
pub(crate) struct Txn {
    ips: Vec<u32>,
    ports: Vec<i64>,
    release_ips: Vec<u32>,
    release_ports: Vec<i64>,
}

impl Txn {
    pub(crate) fn ip_taken(&self, al: &Allocations, ip: u32) -> bool {
        al.ips.contains_key(&ip) || self.ips.contains(&ip)
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
    /// `namespace/name`: the seed for deterministic picks.
    pub(crate) key: String,
    pub(crate) txn: Txn,
}

impl Ctx<'_> {
    /// A free clusterIP: upper band first (from a hashed start, probing upwards), then the
    /// lower band.
    pub(crate) fn next_ip(&self) -> Option<u32> {
        let first = CIDR_NET + 1;
        let last = CIDR_NET + CIDR_SIZE - 2;
        let upper_start = first + IP_STATIC_BAND;
        let upper = last - upper_start + 1;
        let start = (fnv64(self.key.as_bytes()) % u64::from(upper)) as u32;
        let candidates = (0..upper).map(|i| upper_start + (start + i) % upper).chain(first..upper_start);
        candidates.into_iter().find(|ip| !self.txn.ip_taken(self.al, *ip))
    }

    /// A free nodePort, same scheme; `salt` separates the ports of one Service.
    pub(crate) fn next_port(&self, salt: &str) -> Option<i64> {
        let upper_start = NODE_PORT_MIN + NODE_PORT_STATIC_BAND;
        let upper = NODE_PORT_MAX - upper_start + 1;
        let start = (fnv64(format!("{}#{salt}", self.key).as_bytes()) % upper as u64) as i64;
        let candidates = (0..upper).map(|i| upper_start + (start + i) % upper).chain(NODE_PORT_MIN..upper_start);
        candidates.into_iter().find(|p| !self.txn.port_taken(self.al, *p))
    }

    /// `portallocator.Allocate`: the port must be in range and free.
    pub(crate) fn allocate_port(&mut self, p: i64) -> Result<(), (Code, String, String)> {
        if !(NODE_PORT_MIN..=NODE_PORT_MAX).contains(&p) {
            return Err((
                Code::NodeportOutOfRange,
                format!("provided port is not in the valid range. The range of valid ports is {NODE_PORT_RANGE}"),
                format!("pick a port between {NODE_PORT_MIN} and {NODE_PORT_MAX}, or leave `nodePort` out to get one allocated"),
            ));
        }
        if self.txn.port_taken(self.al, p) {
            let owner = owner_of(self.al.ports.get(&p));
            let free = (p + 1..=NODE_PORT_MAX).chain(NODE_PORT_MIN..p).find(|q| !self.txn.port_taken(self.al, *q));
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
    for ip in svc.spec.cluster_ips.iter().filter_map(|s| ip::v4_bits(s)) {
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

/// `allocClusterIPs`: one address for the (single) IPv4 family.
pub(crate) fn alloc_cluster_ips(svc: &mut Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    if svc.type_() == "ExternalName" || svc.spec.cluster_ips.first().map(String::as_str) == Some("None") {
        return Ok(());
    }
    while svc.spec.cluster_ips.len() < svc.spec.ip_families.len() {
        svc.spec.cluster_ips.push(String::new());
    }
    for i in 0..svc.spec.ip_families.len() {
        let Some(requested) = svc.spec.cluster_ips.get(i).cloned() else {
            break;
        };
        let ip = if requested.is_empty() {
            match built_in_ip(&cx.key).filter(|_| i == 0).or_else(|| cx.next_ip()) {
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
            let parsed = ip::v4_bits(&requested);
            let in_range = parsed.filter(|ip| *ip > CIDR_NET && *ip < CIDR_NET + CIDR_SIZE - 1);
            let Some(ip) = in_range else {
                return Err(vec![ip_alloc_error(
                    svc,
                    &requested,
                    "the provided network does not match the current range",
                    Code::ClusteripOutOfRange,
                    format!(
                        "a clusterIP must be inside the Service CIDR {SERVICE_CIDR} (10.96.0.1 to 10.111.255.254); leave it out to get one allocated"
                    ),
                )]);
            };
            if cx.txn.ip_taken(cx.al, ip) && built_in_ip(&cx.key) != Some(ip) {
                let owner = owner_of(cx.al.ips.get(&ip)).to_string();
                return Err(vec![ip_alloc_error(
                    svc,
                    &requested,
                    "provided IP is already allocated",
                    Code::ClusteripTaken,
                    format!("{requested} already belongs to {owner}; pick another address or leave `clusterIP` out to get a free one"),
                )]);
            }
            ip
        };
        cx.txn.ips.push(ip);
        if requested.is_empty() {
            let s = ip::v4_text(ip);
            if let Some(slot) = svc.spec.cluster_ips.get_mut(i) {
                *slot = s.clone();
            }
            if i == 0 {
                svc.spec.cluster_ip = Some(s);
            }
        }
    }
    Ok(())
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
        cx.txn.release_ips.extend(old.spec.cluster_ips.iter().filter_map(|s| ip::v4_bits(s)));
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
