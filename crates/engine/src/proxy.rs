//! Stage 8: what kube-proxy programs on every node (reference §5), as a routing table.
//!
//! Model: kube-proxy in iptables mode (nftables makes the same decisions) with the ClusterCIDR
//! local detector and no `masqueradeAll` (reference §0.2). For every Service port and node:
//!
//! * the endpoints are the Service's EndpointSlice endpoints for that port
//!   ([`crate::model::PortEndpoints::slice_endpoints`], keyed by port name and protocol, §4.4),
//!   deduplicated by address:port, of the frontend's IP family;
//! * `CategorizeEndpoints` (§5.2, upstream `pkg/proxy/topology.go`) gives the *cluster set*
//!   (ready endpoints, topology-filtered by hints; else serving+terminating ones anywhere), the
//!   *local set* (ready endpoints on this node; else serving+terminating ones on this node) and
//!   whether any endpoint is usable anywhere;
//! * the frontend kind and the source decide (§5.3, upstream `syncProxyRules`): a cluster IP
//!   follows `internalTrafficPolicy`; a nodePort, external IP or load-balancer VIP goes through
//!   the service's EXT chain (`externalTrafficPolicy`, pod short-circuit, host masquerade).
//!
//! Sources, per node N: `pod` — a packet from a pod IP (inside the cluster CIDR) processed by N's
//! rules (for a cluster IP, external IP or VIP: a pod on N; for N's own nodePort address: a pod
//! on any node, since the packet is routed to N); `external` — a packet from outside the cluster
//! arriving at N; `host` — a host-network process on N.
//!
//! Output: [`ServiceRoutes`] per Service (in `ServiceView::routes`): per port its frontends, each
//! with one [`Route`] per node and source; a forwarding route names a candidate set in
//! [`PortRoutes::sets`] (shared, so a 100-node cluster does not copy 1000 endpoints 600 times).
//! [`report`] renders the fixture section `[routes]`; `crate::trace` follows one connection.

use crate::api::wellknown::{LABEL_HEADLESS, LABEL_SERVICE_PROXY_NAME};
use crate::api::{NodeInfo, Service};
use crate::diag::Code;
use crate::diag::{Diagnostic, Severity};
use crate::model::SliceEndpointView;
use crate::model::*;
use crate::model::{Analysis, ServiceView};
use crate::util::ip::{self, Cidr};
use std::collections::HashMap;

/// `sessionAffinityConfig.clientIP.timeoutSeconds` default.
const DEFAULT_AFFINITY_TIMEOUT: i64 = 10800;

// ---------------------------------------------------------------- small helpers

/// `50%`, `33.3%`.
pub fn percent(p: f64) -> String {
    let s = format!("{:.1}", p * 100.0);
    format!("{}%", s.strip_suffix(".0").unwrap_or(&s))
}

fn node_address(n: &NodeInfo) -> String {
    n.internal_ip.clone().unwrap_or_else(|| n.name.clone())
}

fn names(v: &[String]) -> String {
    match v.len() {
        0 => String::new(),
        1 => v[0].clone(),
        _ => format!("{} and {}", v[..v.len() - 1].join(", "), v[v.len() - 1]),
    }
}

// ---------------------------------------------------------------- the Service as kube-proxy sees it

/// The policy facts of one Service (defaults filled in where the API server would), and the
/// addresses kube-proxy captures for it.
pub(crate) struct Policy<'a> {
    pub svc: &'a Service,
    pub view: &'a ServiceView,
    /// `externalTrafficPolicy: Local` on an externally accessible Service.
    pub etp_local: bool,
    pub itp_local: bool,
    /// Trimmed `spec.loadBalancerSourceRanges` of the primary family; empty = any source.
    pub source_ranges: Vec<String>,
    pub affinity: Option<i64>,
    /// Valid cluster IPs, primary first.
    pub cluster_ips: Vec<String>,
    /// External IPs of the primary family.
    pub external_ips: Vec<String>,
    /// Load-balancer ingress IPs kube-proxy captures (ipMode VIP or unset; primary family).
    pub lb_vips: Vec<String>,
    /// Ingress IPs with ipMode Proxy (no rule: the load balancer connects to the nodePorts).
    pub lb_proxy_ips: Vec<String>,
}

impl<'a> Policy<'a> {
    pub(crate) fn new(a: &'a Analysis, view: &'a ServiceView) -> Option<Policy<'a>> {
        let svc = a.objects.get(view.object)?.service()?;
        let spec = &svc.spec;
        let externally = matches!(svc.type_(), "NodePort" | "LoadBalancer")
            || (svc.type_() == "ClusterIP" && !spec.external_ips.is_empty());
        let affinity = (spec.session_affinity.as_deref() == Some("ClientIP")).then(|| {
            spec.session_affinity_config
                .as_ref()
                .and_then(|c| c.client_ip.as_ref())
                .and_then(|c| c.timeout_seconds)
                .filter(|t| *t > 0)
                .unwrap_or(DEFAULT_AFFINITY_TIMEOUT)
        });
        let mut cluster_ips: Vec<String> =
            spec.cluster_ips.iter().filter(|ip| ip::parse(ip).is_some()).cloned().collect();
        if cluster_ips.is_empty() {
            cluster_ips.extend(spec.cluster_ip.clone().filter(|ip| ip::parse(ip).is_some()));
        }
        let primary = cluster_ips.first().cloned().unwrap_or_default();
        let primary_v4 = ip::v4_or_unknown(&primary);
        // kube-proxy reads the field only (the annotation is for cloud providers), trimmed, of
        // the Service's family; none left means no firewall at all.
        let source_ranges: Vec<String> = spec
            .load_balancer_source_ranges
            .iter()
            .map(|r| r.trim().to_string())
            .filter(|r| Cidr::parse(r).is_some_and(|c| c.v4 == primary_v4))
            .collect();
        let is_lb = svc.type_() == "LoadBalancer";
        let ingress = &svc.status.load_balancer.ingress;
        Some(Policy {
            svc,
            view,
            etp_local: externally && spec.external_traffic_policy.as_deref() == Some("Local"),
            itp_local: spec.internal_traffic_policy.as_deref() == Some("Local"),
            source_ranges,
            affinity,
            external_ips: spec.external_ips.iter().filter(|ip| ip::same_family(ip, &primary)).cloned().collect(),
            lb_vips: ingress
                .iter()
                .filter(|g| is_lb && g.ip_mode.as_deref().is_none_or(|m| m == "VIP"))
                .filter_map(|g| g.ip.clone())
                .filter(|ip| ip::same_family(ip, &primary))
                .collect(),
            lb_proxy_ips: ingress
                .iter()
                .filter(|g| is_lb && g.ip_mode.as_deref() == Some("Proxy"))
                .filter_map(|g| g.ip.clone())
                .collect(),
            cluster_ips,
        })
    }

    /// Why kube-proxy has no rules for this Service at all, if so (upstream `ShouldSkipService`
    /// and the informers' label selectors).
    pub(crate) fn unproxied(&self) -> Option<String> {
        let svc = self.svc;
        if let Some(p) = svc.metadata.labels.get(LABEL_SERVICE_PROXY_NAME) {
            return Some(format!(
                "labelled {LABEL_SERVICE_PROXY_NAME}={p}: the default kube-proxy ignores it (another proxy handles it)"
            ));
        }
        if svc.metadata.labels.contains_key(LABEL_HEADLESS) {
            return Some(format!(
                "labelled {LABEL_HEADLESS}: kube-proxy's informers filter out Services with that label"
            ));
        }
        if svc.type_() == "ExternalName" {
            return Some(format!(
                "ExternalName: DNS answers CNAME {}; kube-proxy programs nothing (no cluster IP, no port remapping)",
                svc.spec.external_name.as_deref().unwrap_or("-")
            ));
        }
        if svc.is_headless() || svc.spec.cluster_ips.first().map(String::as_str) == Some("None") {
            return Some("headless (clusterIP None): no virtual IP; DNS returns the pod IPs and clients connect to them directly".into());
        }
        if self.cluster_ips.is_empty() {
            return Some("no cluster IP allocated: kube-proxy skips the Service".into());
        }
        None
    }

    /// The primary cluster IP (its family is the family of the nodePort, external-IP and VIP
    /// rules shown).
    pub(crate) fn primary_ip(&self) -> &str {
        self.cluster_ips.first().map(String::as_str).unwrap_or("")
    }

    pub(crate) fn node_port(&self, port_idx: usize) -> Option<i64> {
        if !matches!(self.svc.type_(), "NodePort" | "LoadBalancer") {
            return None;
        }
        self.svc.spec.ports.get(port_idx)?.node_port.filter(|p| *p > 0)
    }

    /// Per upstream `ExternallyAccessible()` for one service port.
    pub(crate) fn port_externally_accessible(&self, port_idx: usize) -> bool {
        self.node_port(port_idx).is_some() || !self.lb_vips.is_empty() || !self.external_ips.is_empty()
    }

    pub(crate) fn protocol(&self, port_idx: usize) -> String {
        self.svc.spec.ports.get(port_idx).and_then(|p| p.protocol.clone()).unwrap_or_else(|| "TCP".into())
    }

    /// `default/web port 80/TCP`.
    fn port_label(&self, port_idx: usize) -> String {
        format!(
            "{}/{} port {}/{}",
            self.view.namespace,
            self.view.name,
            self.svc.spec.ports.get(port_idx).map_or(0, |x| x.port),
            self.protocol(port_idx)
        )
    }

    /// The endpoints kube-proxy reads for one Service port and one IP family (that of
    /// `family_of`): deduplicated by address:port (a ready copy wins), without slices of other
    /// proxies or of headless Services.
    pub(crate) fn endpoints(&self, port_idx: usize, family_of: &str) -> Vec<&'a SliceEndpointView> {
        let Some(pe) = self.view.endpoints.ports.get(port_idx) else {
            return Vec::new();
        };
        let ignored: Vec<&str> = self
            .view
            .endpoints
            .slices
            .iter()
            .filter(|s| {
                let l = &s.slice.metadata.labels;
                l.contains_key(LABEL_SERVICE_PROXY_NAME) || l.contains_key(LABEL_HEADLESS)
            })
            .map(|s| s.slice.metadata.name.as_str())
            .collect();
        let v4 = ip::v4_or_unknown(family_of);
        let mut out: Vec<&SliceEndpointView> = Vec::new();
        let mut seen: HashMap<(&str, i64), usize> = HashMap::new();
        for ep in &pe.slice_endpoints {
            if ep.port <= 0
                || ep.port > 65535
                || ip::parse(ep.address.trim()).is_none_or(|a| a.is_ipv4() != v4)
                || ignored.contains(&ep.slice.as_str())
            {
                continue;
            }
            match seen.get(&(ep.address.as_str(), ep.port)) {
                Some(&i) => {
                    if ep.ready && !out[i].ready {
                        out[i] = ep;
                    }
                }
                None => {
                    seen.insert((ep.address.as_str(), ep.port), out.len());
                    out.push(ep);
                }
            }
        }
        out
    }
}

// ---------------------------------------------------------------- CategorizeEndpoints

/// Which endpoints one node may use for one Service port (upstream `CategorizeEndpoints`), as
/// indices into the port's endpoint list.
#[derive(Default)]
pub(crate) struct Categories {
    pub cluster: Vec<usize>,
    pub cluster_notes: Vec<String>,
    pub local: Vec<usize>,
    pub local_terminating: bool,
    pub has_any: bool,
}

fn is_local(ep: &SliceEndpointView, node: &str) -> bool {
    ep.node.as_deref() == Some(node)
}

fn serving_terminating(ep: &SliceEndpointView) -> bool {
    ep.serving && ep.terminating
}

fn hinted_for_node(ep: &SliceEndpointView, node: &str) -> bool {
    ep.hints.as_ref().is_some_and(|h| h.for_nodes.iter().any(|n| n == node))
}

fn hinted_for_zone(ep: &SliceEndpointView, zone: &str) -> bool {
    ep.hints.as_ref().is_some_and(|h| h.for_zones.iter().any(|z| z == zone))
}

enum Topology {
    All,
    SameNode,
    SameZone(String),
}

/// The topology mode for a node (upstream `topologyModeFromHints`; node hints count as enabled,
/// PreferSameNode being on by default from 1.35), and a remark when hints exist but are not used.
fn topology_mode(eps: &[&SliceEndpointView], node: &NodeInfo) -> (Topology, Option<String>) {
    let ready: Vec<&SliceEndpointView> = eps.iter().copied().filter(|e| e.ready).collect();
    if ready.is_empty() {
        return (Topology::All, None);
    }
    let zone = node.zone().unwrap_or("");
    let node_hints = |e: &SliceEndpointView| e.hints.as_ref().is_some_and(|h| !h.for_nodes.is_empty());
    let zone_hints = |e: &SliceEndpointView| e.hints.as_ref().is_some_and(|h| !h.for_zones.is_empty());
    if ready.iter().all(|e| node_hints(e)) && ready.iter().any(|e| hinted_for_node(e, &node.name)) {
        return (Topology::SameNode, None);
    }
    if ready.iter().all(|e| zone_hints(e)) {
        if ready.iter().any(|e| hinted_for_zone(e, zone)) {
            return (Topology::SameZone(zone.to_string()), None);
        }
        let why = if zone.is_empty() {
            format!("hints ignored: {} has no zone label", node.name)
        } else {
            format!("hints ignored: no endpoint hinted for zone {zone}")
        };
        return (Topology::All, Some(why));
    }
    if ready.iter().any(|e| zone_hints(e)) {
        return (Topology::All, Some("hints ignored: not every ready endpoint has a zone hint".into()));
    }
    (Topology::All, None)
}

pub(crate) fn categorize(
    eps: &[&SliceEndpointView],
    node: &NodeInfo,
    uses_cluster: bool,
    uses_local: bool,
) -> Categories {
    let mut c = Categories::default();
    if eps.is_empty() {
        return c;
    }
    let pick =
        |f: &dyn Fn(&SliceEndpointView) -> bool| -> Vec<usize> { (0..eps.len()).filter(|&i| f(eps[i])).collect() };
    if uses_cluster {
        let (mode, note) = topology_mode(eps, node);
        c.cluster_notes.extend(note);
        c.cluster = pick(&|e| {
            e.ready
                && match &mode {
                    Topology::All => true,
                    Topology::SameNode => hinted_for_node(e, &node.name),
                    Topology::SameZone(z) => hinted_for_zone(e, z),
                }
        });
        match &mode {
            Topology::SameNode => c.cluster_notes.push(format!("hints for node {}", node.name)),
            Topology::SameZone(z) => c.cluster_notes.push(format!("hints for zone {z}")),
            Topology::All => {}
        }
        if c.cluster.is_empty() {
            c.cluster = pick(&serving_terminating);
            if !c.cluster.is_empty() {
                c.cluster_notes.push("no ready endpoint: terminating endpoints still serving".into());
            }
        }
        c.has_any = !c.cluster.is_empty();
    }
    if !uses_local {
        return c;
    }
    c.has_any |= eps.iter().any(|e| e.ready || serving_terminating(e));
    c.local = pick(&|e| e.ready && is_local(e, &node.name));
    if c.local.is_empty() {
        c.local = pick(&|e| serving_terminating(e) && is_local(e, &node.name));
        c.local_terminating = !c.local.is_empty();
    }
    c
}

/// Everything the rules for one Service port need on every node, for one IP family.
pub(crate) struct PortView<'a> {
    pub eps: Vec<&'a SliceEndpointView>,
    /// Per node, in `Analysis::nodes` order.
    pub cats: Vec<Categories>,
}

impl<'a> PortView<'a> {
    pub(crate) fn new(p: &Policy<'a>, nodes: &[NodeInfo], port_idx: usize, family_of: &str) -> PortView<'a> {
        let eps = p.endpoints(port_idx, family_of);
        let accessible = p.port_externally_accessible(port_idx);
        let uses_cluster = !p.itp_local || accessible;
        let uses_local = p.itp_local || (p.etp_local && accessible);
        let cats = nodes.iter().map(|n| categorize(&eps, n, uses_cluster, uses_local)).collect();
        PortView { eps, cats }
    }
}

// ---------------------------------------------------------------- one decision

/// Whether a source may use a load-balancer VIP with source ranges.
enum RangeCheck {
    Allowed,
    Denied(String),
    /// External clients (address unknown) or a pod CIDR that straddles the ranges.
    Depends(String),
}

fn range_check(p: &Policy, node: &NodeInfo, source: SourceKind, source_ip: Option<&str>) -> RangeCheck {
    let ranges = &p.source_ranges;
    if ranges.is_empty() {
        return RangeCheck::Allowed;
    }
    let list = ranges.join(", ");
    let denied = |who: &str| RangeCheck::Denied(format!("{who} is not in loadBalancerSourceRanges ({list})"));
    let ip_check = |ip: &str, who: &str| {
        if ranges.iter().any(|r| ip::cidr_contains(r, ip)) {
            RangeCheck::Allowed
        } else {
            denied(who)
        }
    };
    match (source, source_ip) {
        (_, Some(ip)) => ip_check(ip, &format!("source {ip}")),
        (SourceKind::Host, None) => match &node.internal_ip {
            Some(ip) => ip_check(ip, &format!("{}'s address {ip}", node.name)),
            None => RangeCheck::Depends(format!("only from {list}")),
        },
        (SourceKind::Pod, None) => match &node.pod_cidr {
            Some(cidr) => {
                let rel: Vec<(bool, bool)> = ranges.iter().map(|r| ip::cidr_covers(r, cidr)).collect();
                let partial: Vec<&str> =
                    ranges.iter().zip(&rel).filter(|(_, (_, some))| *some).map(|(r, _)| r.as_str()).collect();
                if rel.iter().any(|(all, _)| *all) {
                    RangeCheck::Allowed
                } else if !partial.is_empty() {
                    RangeCheck::Depends(format!("only pods with an address in {}", partial.join(", ")))
                } else {
                    denied(&format!("the pod CIDR {cidr}"))
                }
            }
            None => RangeCheck::Depends(format!("only pods with an address in {list}")),
        },
        (SourceKind::External, None) => RangeCheck::Depends(format!("only clients in {list}")),
    }
}

/// A candidate set as route endpoints with equal shares, sorted by namespace, pod, address.
fn route_endpoints(a: &Analysis, eps: &[&SliceEndpointView], chosen: &[usize]) -> Vec<RouteEndpoint> {
    let n = chosen.len().max(1) as f64;
    let mut out: Vec<RouteEndpoint> = chosen
        .iter()
        .filter_map(|&i| eps.get(i))
        .map(|e| {
            let pod = e.pod.and_then(|i| a.objects.get(i));
            RouteEndpoint {
                address: e.address.clone(),
                port: e.port,
                namespace: pod.map(|o| o.namespace.clone()),
                pod: pod.map(|o| o.name.clone()),
                node: e.node.clone(),
                probability: 1.0 / n,
                terminating: !e.ready,
            }
        })
        .collect();
    out.sort_by(|x, y| {
        (x.namespace.as_deref().unwrap_or(""), x.pod.as_deref().unwrap_or(""), &x.address, x.port).cmp(&(
            y.namespace.as_deref().unwrap_or(""),
            y.pod.as_deref().unwrap_or(""),
            &y.address,
            y.port,
        ))
    });
    out
}

/// What kube-proxy on `node` does with a new connection from `source` to a frontend of kind
/// `kind` of Service port `port_idx`, given the node's categories; the route's `set` is left
/// empty and the chosen endpoint indices are returned beside it. `source_ip`, when known, is
/// checked against loadBalancerSourceRanges exactly (otherwise the node's pod CIDR or address).
fn decide(
    p: &Policy,
    port_idx: usize,
    eps: &[&SliceEndpointView],
    cat: &Categories,
    kind: FrontendKind,
    node: &NodeInfo,
    source: SourceKind,
    source_ip: Option<&str>,
) -> (Route, Vec<usize>) {
    let mut r = Route { node: node.name.clone(), source, ..Default::default() };
    let node_name = &node.name;
    if !cat.has_any {
        r.verdict = Verdict::Reject;
        r.rule = format!("{} rule: REJECT in the filter table (the Service port has no endpoints)", kind.words());
        let svc_port = p.port_label(port_idx);
        r.reason = Some(match eps.len() {
            0 => format!("{svc_port} has no endpoints"),
            n => format!("{svc_port} has no ready endpoint, {n} not ready"),
        });
        return (r, Vec::new());
    }
    let local_notes = || -> Vec<String> {
        if cat.local_terminating {
            vec!["no ready local endpoint: local terminating endpoints still serving".into()]
        } else {
            Vec::new()
        }
    };
    let mut notes: Vec<String> = Vec::new();
    let set: &[usize];
    if kind == FrontendKind::ClusterIP {
        if p.itp_local {
            if cat.local.is_empty() {
                r.verdict = Verdict::Drop;
                r.rule =
                    "cluster IP rule: DROP in the filter table (internalTrafficPolicy Local, no local endpoint)".into();
                r.reason = Some(format!("{node_name} has no local endpoint and internalTrafficPolicy is Local"));
                return (r, Vec::new());
            }
            set = &cat.local;
            notes.extend(local_notes());
            r.rule = format!("cluster IP rule → KUBE-SVL (internalTrafficPolicy Local: endpoints on {node_name} only)");
        } else {
            set = &cat.cluster;
            notes.extend(cat.cluster_notes.iter().cloned());
            r.rule = "cluster IP rule → KUBE-SVC (internalTrafficPolicy Cluster: endpoints on any node)".into();
        }
        (r.snat, r.snat_reason) = match source {
            SourceKind::Pod => {
                (false, "source pod IP kept: traffic from the cluster CIDR to a cluster IP is not masqueraded".into())
            }
            SourceKind::Host | SourceKind::External => {
                (true, format!("masqueraded to {node_name}'s address: the source is outside the cluster CIDR"))
            }
        };
    } else {
        let mut entry = match kind {
            FrontendKind::NodePort => "KUBE-NODEPORTS nodePort rule",
            FrontendKind::LoadBalancer => "load-balancer IP rule",
            _ => "external IP rule",
        }
        .to_string();
        if kind == FrontendKind::LoadBalancer && !p.source_ranges.is_empty() {
            match range_check(p, node, source, source_ip) {
                RangeCheck::Allowed => entry.push_str(" → KUBE-FW (source allowed by loadBalancerSourceRanges)"),
                RangeCheck::Denied(why) => {
                    r.verdict = Verdict::Drop;
                    r.rule = format!("{entry} → KUBE-FW: no source range matches; KUBE-PROXY-FIREWALL: DROP");
                    r.reason = Some(why);
                    return (r, Vec::new());
                }
                RangeCheck::Depends(note) => {
                    entry.push_str(" → KUBE-FW (loadBalancerSourceRanges)");
                    notes.push(note);
                }
            }
        }
        if !p.etp_local {
            set = &cat.cluster;
            notes.extend(cat.cluster_notes.iter().cloned());
            r.rule = format!(
                "{entry} → KUBE-EXT: masquerade, then KUBE-SVC (externalTrafficPolicy Cluster: endpoints on any node)"
            );
            r.snat = true;
            r.snat_reason = format!("masqueraded to {node_name}'s address (externalTrafficPolicy Cluster): the pod sees the node, not the client");
        } else {
            match source {
                SourceKind::Pod => {
                    set = &cat.cluster;
                    notes.push("pod short-circuit".into());
                    notes.extend(cat.cluster_notes.iter().cloned());
                    r.rule = format!("{entry} → KUBE-EXT: source is a pod (cluster CIDR): short-circuit to KUBE-SVC (endpoints on any node), as if it had gone out to the load balancer and back");
                    r.snat_reason = "source pod IP kept (pod short-circuit, no masquerade)".into();
                }
                SourceKind::Host => {
                    set = &cat.cluster;
                    notes.extend(cat.cluster_notes.iter().cloned());
                    r.rule = format!("{entry} → KUBE-EXT: source is {node_name} itself: masquerade, then KUBE-SVC (endpoints on any node)");
                    r.snat = true;
                    r.snat_reason = format!("masqueraded to {node_name}'s address (traffic from the node itself)");
                }
                SourceKind::External => {
                    if cat.local.is_empty() {
                        r.verdict = Verdict::Drop;
                        r.rule = format!("{entry} → KUBE-EXT: no rule for outside clients (no local endpoint); KUBE-EXTERNAL-SERVICES: DROP");
                        r.reason =
                            Some(format!("{node_name} has no local endpoint and externalTrafficPolicy is Local"));
                        return (r, Vec::new());
                    }
                    set = &cat.local;
                    notes.extend(local_notes());
                    r.rule = format!(
                        "{entry} → KUBE-EXT → KUBE-SVL (externalTrafficPolicy Local: endpoints on {node_name} only)"
                    );
                    r.snat_reason = "client source IP kept (externalTrafficPolicy Local)".into();
                }
            }
        }
    }
    r.notes = notes;
    (r, set.to_vec())
}

/// One route with its candidate endpoints, for traces: what kube-proxy on `node` does with a
/// new connection from `source` (address `source_ip` if known) to the frontend of kind `kind`
/// at `frontend_ip` of Service port `port_idx`.
pub(crate) fn route_for(
    a: &Analysis,
    p: &Policy,
    port_idx: usize,
    kind: FrontendKind,
    frontend_ip: &str,
    node: &NodeInfo,
    source: SourceKind,
    source_ip: Option<&str>,
) -> (Route, Vec<RouteEndpoint>) {
    let family = if kind == FrontendKind::ClusterIP { frontend_ip } else { p.primary_ip() };
    let pv = PortView::new(p, std::slice::from_ref(node), port_idx, family);
    let cat = pv.cats.first().map_or_else(Categories::default, |c| Categories {
        cluster: c.cluster.clone(),
        cluster_notes: c.cluster_notes.clone(),
        local: c.local.clone(),
        local_terminating: c.local_terminating,
        has_any: c.has_any,
    });
    let (route, chosen) = decide(p, port_idx, &pv.eps, &cat, kind, node, source, source_ip);
    let eps = route_endpoints(a, &pv.eps, &chosen);
    (route, eps)
}

// ---------------------------------------------------------------- the stage

pub fn run(a: &mut Analysis) {
    let routes: Vec<ServiceRoutes> = a.services.iter().map(|v| service_routes(a, v)).collect();
    for (v, r) in a.services.iter_mut().zip(routes) {
        v.routes = r;
    }
    let mut found = Vec::new();
    for v in &a.services {
        let Some(p) = Policy::new(a, v) else { continue };
        if p.unproxied().is_some() {
            continue;
        }
        let views: Vec<PortView> =
            (0..p.svc.spec.ports.len()).map(|i| PortView::new(&p, &a.nodes, i, p.primary_ip())).collect();
        found.extend(local_policy_drops_on_nodes(a, &p, &views));
        found.extend(no_ready_endpoints_external(&p, &views));
        found.extend(load_balancer_pending(&p));
        found.extend(external_ip_is_node_ip(a, &p));
        found.extend(session_affinity_single_endpoint(a, &p, &views));
        found.extend(internal_local_drops(a, &p, &views));
    }
    for (obj, field, d) in found {
        a.report(obj, &field, d);
    }
}

/// Adds routes of one frontend to `pr`, sharing identical candidate sets.
struct SetBuilder<'x> {
    index: HashMap<(bool, Vec<usize>), usize>,
    sets: &'x mut Vec<Vec<RouteEndpoint>>,
}

impl SetBuilder<'_> {
    fn add(&mut self, a: &Analysis, family_v4: bool, eps: &[&SliceEndpointView], chosen: Vec<usize>) -> usize {
        let mut key = chosen;
        key.sort_unstable();
        if let Some(&i) = self.index.get(&(family_v4, key.clone())) {
            return i;
        }
        let i = self.sets.len();
        self.sets.push(route_endpoints(a, eps, &key));
        self.index.insert((family_v4, key), i);
        i
    }
}

fn service_routes(a: &Analysis, v: &ServiceView) -> ServiceRoutes {
    let Some(p) = Policy::new(a, v) else {
        return ServiceRoutes::default();
    };
    let mut out = ServiceRoutes::default();
    if let Some(why) = p.unproxied() {
        out.unproxied = Some(why);
        return out;
    }
    let svc = p.svc;
    out.session_affinity = p.affinity.map(|t| SessionAffinity { timeout_seconds: t });
    if svc.type_() == "LoadBalancer" {
        let ingress = &svc.status.load_balancer.ingress;
        if ingress.iter().all(|g| g.ip.is_none() && g.hostname.is_none()) {
            out.notes.push("load balancer pending: no status.loadBalancer.ingress yet".into());
        }
        for g in ingress {
            match (&g.ip, &g.hostname) {
                (Some(ip), _) if g.ip_mode.as_deref() == Some("Proxy") => out.notes.push(format!(
                    "ingress {ip} has ipMode Proxy: kube-proxy programs no rule for it; the load balancer forwards to the nodePorts"
                )),
                (None, Some(h)) => out.notes.push(format!(
                    "ingress hostname {h}: kube-proxy programs no rule for it; the load balancer forwards to the nodePorts"
                )),
                _ => {}
            }
        }
        if svc.spec.allocate_load_balancer_node_ports == Some(false) {
            for (i, sp) in svc.spec.ports.iter().enumerate() {
                if p.node_port(i).is_none() {
                    out.notes.push(format!(
                        "port {}/{} has no nodePort (allocateLoadBalancerNodePorts false and none requested)",
                        sp.port,
                        p.protocol(i)
                    ));
                }
            }
        }
    }
    let primary = p.primary_ip().to_string();
    let primary_v4 = ip::v4_or_unknown(&primary);
    for (i, sp) in svc.spec.ports.iter().enumerate() {
        let mut pr = PortRoutes {
            name: sp.name.clone().unwrap_or_default(),
            port: sp.port,
            protocol: p.protocol(i),
            node_port: p.node_port(i),
            ..Default::default()
        };
        let main = PortView::new(&p, &a.nodes, i, &primary);
        let mut frontends = Vec::new();
        let mut sets = SetBuilder { index: HashMap::new(), sets: &mut pr.sets };
        let frontend = |kind: FrontendKind, ip: &str, port: i64, only: Option<&NodeInfo>, sets: &mut SetBuilder| {
            let v4 = ip::v4_or_unknown(ip);
            let other;
            let pv = if v4 == primary_v4 || kind != FrontendKind::ClusterIP {
                &main
            } else {
                other = PortView::new(&p, &a.nodes, i, ip);
                &other
            };
            let mut routes = Vec::new();
            for (n, node) in a.nodes.iter().enumerate() {
                if only.is_some_and(|o| o.name != node.name) {
                    continue;
                }
                let Some(cat) = pv.cats.get(n) else { continue };
                for s in SourceKind::ALL {
                    let (mut r, chosen) = decide(&p, i, &pv.eps, cat, kind, node, s, None);
                    if r.verdict == Verdict::Forward {
                        r.set = Some(sets.add(a, v4 == primary_v4, &pv.eps, chosen));
                    }
                    routes.push(r);
                }
            }
            Frontend { kind, ip: ip.to_string(), port, node: only.map(|n| n.name.clone()), routes }
        };
        for ip in &p.cluster_ips {
            frontends.push(frontend(FrontendKind::ClusterIP, ip, sp.port, None, &mut sets));
        }
        if let Some(np) = pr.node_port {
            for n in &a.nodes {
                if n.internal_ip.as_deref().is_some_and(|ip| !ip::same_family(ip, &primary)) {
                    continue;
                }
                frontends.push(frontend(FrontendKind::NodePort, &node_address(n), np, Some(n), &mut sets));
            }
        }
        for ip in &p.lb_vips {
            frontends.push(frontend(FrontendKind::LoadBalancer, ip, sp.port, None, &mut sets));
        }
        for ip in &p.external_ips {
            frontends.push(frontend(FrontendKind::ExternalIP, ip, sp.port, None, &mut sets));
        }
        pr.frontends = frontends;
        out.ports.push(pr);
    }
    if svc.type_() == "LoadBalancer" && p.etp_local {
        out.health_check = Some(health_check(a, &p));
    }
    out
}

/// kube-proxy's answer on `healthCheckNodePort` per node: 200 when the node has at least one
/// local *ready* endpoint (distinct addresses over all ports), else 503.
fn health_check(a: &Analysis, p: &Policy) -> HealthCheck {
    let all: Vec<&SliceEndpointView> =
        (0..p.svc.spec.ports.len()).flat_map(|i| p.endpoints(i, p.primary_ip())).filter(|e| e.ready).collect();
    let nodes = a
        .nodes
        .iter()
        .map(|n| {
            let mut ips: Vec<&str> = all.iter().filter(|e| is_local(e, &n.name)).map(|e| e.address.as_str()).collect();
            ips.sort_unstable();
            ips.dedup();
            NodeHealth {
                node: n.name.clone(),
                status: if ips.is_empty() { 503 } else { 200 },
                local_endpoints: ips.len(),
            }
        })
        .collect();
    HealthCheck { port: p.svc.spec.health_check_node_port.filter(|x| *x > 0), nodes }
}

// ---------------------------------------------------------------- diagnostics

type Found = (usize, String, Diagnostic);

/// Nodes (by name) with no local endpoint for some port (that is externally accessible, if
/// `only_external`) which has usable endpoints somewhere.
fn nodes_without_local(a: &Analysis, p: &Policy, views: &[PortView], only_external: bool) -> Vec<String> {
    a.nodes
        .iter()
        .enumerate()
        .filter(|(n, _)| {
            views.iter().enumerate().any(|(i, pv)| {
                (!only_external || p.port_externally_accessible(i))
                    && pv.cats.get(*n).is_some_and(|c| c.has_any && c.local.is_empty())
            })
        })
        .map(|(_, node)| node.name.clone())
        .collect()
}

/// `local-policy-drops-on-nodes` (warning, `spec.externalTrafficPolicy`).
///
/// What: `externalTrafficPolicy: Local` and some nodes have no local endpoint: outside clients
/// whose packets arrive at those nodes (their nodePort, or an external IP / VIP routed to them)
/// are silently dropped. Why: with Local, kube-proxy only sends external traffic to pods on the
/// receiving node, to keep the client's source IP. Example: NodePort Service, one pod on node-a,
/// `curl node-b:30007` hangs.
fn local_policy_drops_on_nodes(a: &Analysis, p: &Policy, views: &[PortView]) -> Option<Found> {
    if !p.etp_local {
        return None;
    }
    let lacking = nodes_without_local(a, p, views, true);
    if lacking.is_empty() {
        return None;
    }
    let one = lacking.len() == 1;
    let mut help = String::new();
    if p.svc.type_() == "LoadBalancer" {
        help.push_str(&format!(
            "The cloud load balancer's health check (healthCheckNodePort{}) keeps it away from {}, but clients using {} nodePorts or external IPs directly are dropped. ",
            p.svc.spec.health_check_node_port.map(|x| format!(" {x}")).unwrap_or_default(),
            if one { "that node" } else { "those nodes" },
            if one { "its" } else { "their" },
        ));
    }
    help.push_str("Run a pod of the Service on every node (e.g. a DaemonSet), or use externalTrafficPolicy: Cluster if the client source IP need not be kept.");
    let d = Diagnostic::new(
        Severity::Warning,
        Code::LocalPolicyDropsOnNodes,
        format!(
            "externalTrafficPolicy is Local: external traffic arriving at {} is dropped, {} no local endpoint",
            names(&lacking),
            if one { "it has" } else { "they have" }
        ),
    )
    .help(help);
    Some((p.view.object, "spec.externalTrafficPolicy".into(), d))
}

/// `no-ready-endpoints-external` (warning, `spec.type`).
///
/// What: a NodePort / LoadBalancer Service (or one with externalIPs) has a port with no ready
/// endpoint. Why: kube-proxy then rejects connections to every nodePort, VIP and external IP of
/// that port (or, with only terminating endpoints, sends them to pods that are shutting down).
/// Example: `type: NodePort` whose selector matches no running pod.
fn no_ready_endpoints_external(p: &Policy, views: &[PortView]) -> Option<Found> {
    let mut none = Vec::new();
    let mut terminating_only = Vec::new();
    for (i, pv) in views.iter().enumerate() {
        if !p.port_externally_accessible(i) || pv.eps.iter().any(|e| e.ready) {
            continue;
        }
        let label = format!("{}/{}", p.svc.spec.ports.get(i).map_or(0, |sp| sp.port), p.protocol(i));
        if pv.eps.iter().any(|e| serving_terminating(e)) {
            terminating_only.push(label);
        } else {
            none.push(label);
        }
    }
    if none.is_empty() && terminating_only.is_empty() {
        return None;
    }
    let what = match p.svc.type_() {
        "NodePort" => "NodePort Service",
        "LoadBalancer" => "LoadBalancer Service",
        _ => "Service with externalIPs",
    };
    let mut parts = Vec::new();
    if !none.is_empty() {
        parts.push(format!(
            "no ready endpoint for port {}: connections from outside (and inside) are rejected",
            names(&none)
        ));
    }
    if !terminating_only.is_empty() {
        parts.push(format!(
            "only terminating endpoints for port {}: kube-proxy sends traffic to pods that are shutting down",
            names(&terminating_only)
        ));
    }
    let d = Diagnostic::new(Severity::Warning, Code::NoReadyEndpointsExternal, format!("{what} has {}", parts.join("; ")))
        .help("Make sure the selector matches running pods that are Ready (readiness probe passing) and that targetPort resolves on them.");
    Some((p.view.object, "spec.type".into(), d))
}

/// `load-balancer-pending` (info, `spec.type`).
///
/// What: a LoadBalancer Service without `status.loadBalancer.ingress`. Why: until a load-balancer
/// controller (cloud provider, MetalLB...) assigns an address, the Service is only reachable
/// through its cluster IP and nodePorts (`kubectl get svc` shows EXTERNAL-IP `<pending>`).
fn load_balancer_pending(p: &Policy) -> Option<Found> {
    let svc = p.svc;
    if svc.type_() != "LoadBalancer"
        || svc.status.load_balancer.ingress.iter().any(|g| g.ip.is_some() || g.hostname.is_some())
    {
        return None;
    }
    let node_ports: Vec<String> =
        (0..svc.spec.ports.len()).filter_map(|i| p.node_port(i)).map(|n| n.to_string()).collect();
    let reach = if node_ports.is_empty() {
        "its cluster IP only".to_string()
    } else {
        format!("its cluster IP and nodePort {}", names(&node_ports))
    };
    let d = Diagnostic::new(
        Severity::Info,
        Code::LoadBalancerPending,
        format!("no load balancer address yet (status.loadBalancer.ingress is empty): the Service is reachable through {reach}"),
    )
    .help("A load-balancer controller (cloud provider, MetalLB...) fills status.loadBalancer.ingress; add `status: {loadBalancer: {ingress: [{ip: ...}]}}` to simulate one.");
    Some((p.view.object, "spec.type".into(), d))
}

/// `external-ip-is-node-ip` (warning, `spec.externalIPs[i]`).
///
/// What: an external IP is a node's own address. Why: kube-proxy captures `IP:port` on every
/// node, so that port of the node's address now belongs to the Service and shadows whatever the
/// node itself serves there (ssh, kubelet...). Example: `externalIPs: [192.168.1.11]` with port 22.
fn external_ip_is_node_ip(a: &Analysis, p: &Policy) -> Vec<Found> {
    let ports: Vec<String> =
        p.svc.spec.ports.iter().enumerate().map(|(i, sp)| format!("{}/{}", sp.port, p.protocol(i))).collect();
    p.svc
        .spec
        .external_ips
        .iter()
        .enumerate()
        .filter_map(|(i, ip)| {
            let node = a.nodes.iter().find(|n| n.internal_ip.as_deref() == Some(ip.as_str()))?;
            let d = Diagnostic::new(
                Severity::Warning,
                Code::ExternalIpIsNodeIp,
                format!(
                    "externalIP {ip} is the address of node {}: kube-proxy captures port {} to it, shadowing anything the node itself serves there",
                    node.name,
                    names(&ports)
                ),
            )
            .help("Use an address your network routes to the nodes but that no node owns, or expose the Service with type NodePort or LoadBalancer.");
            Some((p.view.object, format!("spec.externalIPs[{i}]"), d))
        })
        .collect()
}

/// `session-affinity-single-endpoint` (info, `spec.sessionAffinity`).
///
/// What: `sessionAffinity: ClientIP` while the Service has exactly one ready endpoint. Why:
/// every client already reaches that one pod; affinity only matters with several. Example: a
/// Deployment with `replicas: 1` behind a ClientIP Service.
fn session_affinity_single_endpoint(a: &Analysis, p: &Policy, views: &[PortView]) -> Option<Found> {
    p.affinity?;
    let ready: Vec<&SliceEndpointView> =
        views.iter().flat_map(|pv| pv.eps.iter().copied()).filter(|e| e.ready).collect();
    let mut ips: Vec<&str> = ready.iter().map(|e| e.address.as_str()).collect();
    ips.sort_unstable();
    ips.dedup();
    if ips.len() != 1 {
        return None;
    }
    let who = ready
        .first()
        .and_then(|e| e.pod)
        .and_then(|i| a.objects.get(i))
        .map(|o| format!(" ({})", o.name))
        .unwrap_or_default();
    let d = Diagnostic::new(
        Severity::Info,
        Code::SessionAffinitySingleEndpoint,
        format!("sessionAffinity ClientIP has no visible effect: the Service has a single ready endpoint{who}"),
    )
    .help("Affinity keeps a client on the pod it first reached; it matters once there are several ready pods.");
    Some((p.view.object, "spec.sessionAffinity".into(), d))
}

/// `internal-local-drops` (warning, `spec.internalTrafficPolicy`).
///
/// What: `internalTrafficPolicy: Local` and some nodes have no local endpoint: cluster-IP traffic
/// from pods (and host processes) on those nodes is dropped. Why: Local restricts in-cluster
/// traffic to endpoints on the client's own node, with no fallback. Example: a node-local cache
/// Deployment with 1 replica on a 3-node cluster.
fn internal_local_drops(a: &Analysis, p: &Policy, views: &[PortView]) -> Option<Found> {
    if !p.itp_local {
        return None;
    }
    let lacking = nodes_without_local(a, p, views, false);
    if lacking.is_empty() {
        return None;
    }
    let d = Diagnostic::new(
        Severity::Warning,
        Code::InternalLocalDrops,
        format!(
            "internalTrafficPolicy is Local: cluster IP traffic from pods on {} is dropped, {} no local endpoint",
            names(&lacking),
            if lacking.len() == 1 { "it has" } else { "they have" }
        ),
    )
    .help("Run a pod of the Service on every node that has clients (e.g. a DaemonSet), or use internalTrafficPolicy: Cluster.");
    Some((p.view.object, "spec.internalTrafficPolicy".into(), d))
}

// ---------------------------------------------------------------- fixture section

/// Fixture-test section `routes` (see `report.rs`): one line per Service fact, and per Service
/// port, frontend, node and source.
pub fn report(a: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for v in &a.services {
        let r = &v.routes;
        let id = format!("{}/{}", v.namespace, v.name);
        if let Some(why) = &r.unproxied {
            out.push(format!("{id}: no kube-proxy rules: {why}"));
            continue;
        }
        for n in &r.notes {
            out.push(format!("{id}: {n}"));
        }
        if let Some(s) = &r.session_affinity {
            out.push(format!(
                "{id}: sessionAffinity ClientIP: a client IP keeps the endpoint it got for {}s after its last new connection",
                s.timeout_seconds
            ));
        }
        if let Some(h) = &r.health_check {
            let nodes: Vec<String> = h
                .nodes
                .iter()
                .map(|n| {
                    if n.status == 200 {
                        format!(
                            "{} 200 ({} local endpoint{})",
                            n.node,
                            n.local_endpoints,
                            if n.local_endpoints == 1 { "" } else { "s" }
                        )
                    } else {
                        format!("{} 503 (no local ready endpoint)", n.node)
                    }
                })
                .collect();
            let port = h.port.map(|p| p.to_string()).unwrap_or_else(|| "(not allocated)".into());
            out.push(format!("{id}: healthCheckNodePort {port}: {}", nodes.join(", ")));
        }
        for pr in &r.ports {
            let head = format!("{id} {}/{}", pr.port, pr.protocol);
            if pr.frontends.is_empty() {
                out.push(format!("{head}: no frontends"));
            }
            for f in &pr.frontends {
                for route in &f.routes {
                    let src = route.source.as_str();
                    out.push(format!(
                        "{head} {} {}:{} from {src}@{}: {}",
                        f.kind.as_str(),
                        f.ip,
                        f.port,
                        route.node,
                        route_text(route, pr.endpoints(route))
                    ));
                }
            }
        }
    }
    out
}

/// `-> web-1 10.244.1.5:8080 50%, ... (SNAT; notes)` or `DROP (reason)`.
pub fn route_text(r: &Route, endpoints: &[RouteEndpoint]) -> String {
    match r.verdict {
        Verdict::Forward => {
            let eps: Vec<String> = endpoints
                .iter()
                .map(|e| {
                    format!(
                        "{} {}{}",
                        e.label(),
                        percent(e.probability),
                        if e.terminating { " terminating" } else { "" }
                    )
                })
                .collect();
            let mut tags = vec![if r.snat { "SNAT".to_string() } else { "no SNAT".to_string() }];
            tags.extend(r.notes.iter().cloned());
            format!("-> {} ({})", eps.join(", "), tags.join("; "))
        }
        v => format!("{} ({})", v.as_str(), r.reason.as_deref().unwrap_or("-")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents() {
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.5), "50%");
        assert_eq!(percent(1.0 / 3.0), "33.3%");
        assert_eq!(percent(1.0 / 6.0), "16.7%");
    }
}
