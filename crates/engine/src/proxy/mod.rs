//! Stage `proxy`: what kube-proxy programs on every node (reference §5), as a routing table.
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
//! `crate::report` renders the fixture section `[routes]`; `crate::trace` follows one connection.

use crate::api::NodeInfo;
use crate::model::{
    ClientIpAffinity, Frontend, FrontendKind, HealthCheck, IpMode, NodeHealth, Objects, PortRoutes, Route,
    RouteEndpoint, ServiceRoutes, ServiceType, SliceEndpointView, SourceKind, Verdict,
};
use crate::proxy::decide::{decide, route_endpoints};
use crate::proxy::topology::is_local;
use crate::util::ip;
use crate::util::text::percent;
use crate::{Analysis, ServiceView};
use std::collections::HashMap;
mod decide;
mod policy;
mod topology;

pub(crate) use decide::{route_for, Sender};
pub(crate) use policy::Policy;
pub(crate) use topology::{nodes_without_local, serving_terminating, PortView};

pub(crate) fn node_address(n: &NodeInfo) -> String {
    n.internal_ip.clone().unwrap_or_else(|| n.name.clone())
}

// ---------------------------------------------------------------- the Service as kube-proxy sees it

// ---------------------------------------------------------------- CategorizeEndpoints

// ---------------------------------------------------------------- one decision

// ---------------------------------------------------------------- the stage

/// What kube-proxy programs for one Service (the stage is this for each Service, in order): the
/// pipeline takes one Service per step, so a large input's routing never holds the page for long.
pub fn run_one(objects: &Objects, nodes: &[NodeInfo], v: &ServiceView, minor: u32) -> ServiceRoutes {
    service_routes(&Inputs { objects, nodes, minor }, v)
}

/// What kube-proxy reads besides a Service and its slices: the objects (for pod names) and
/// the nodes.
#[derive(Clone, Copy)]
pub(crate) struct Inputs<'a> {
    pub objects: &'a Objects,
    pub nodes: &'a [NodeInfo],
    /// The cluster's Kubernetes minor version (kube-proxy's informers changed in 1.36).
    pub minor: u32,
}

impl<'a> Inputs<'a> {
    pub(crate) fn of(a: &'a Analysis) -> Self {
        Inputs { objects: &a.objects, nodes: &a.nodes, minor: a.cluster.minor() }
    }
}

/// Adds routes of one frontend to `pr`, sharing identical candidate sets.
struct SetBuilder<'x> {
    index: HashMap<(bool, Vec<usize>), usize>,
    sets: &'x mut Vec<Vec<RouteEndpoint>>,
}

impl SetBuilder<'_> {
    fn add(&mut self, a: &Inputs, family_v4: bool, eps: &[&SliceEndpointView], chosen: Vec<usize>) -> usize {
        let mut key = chosen;
        crate::util::sort::sort(&mut key);
        if let Some(&i) = self.index.get(&(family_v4, key.clone())) {
            return i;
        }
        let i = self.sets.len();
        self.sets.push(route_endpoints(a, eps, &key));
        self.index.insert((family_v4, key), i);
        i
    }
}

fn service_routes(a: &Inputs, v: &ServiceView) -> ServiceRoutes {
    let Some(p) = Policy::new(a, v) else {
        return ServiceRoutes::default();
    };
    let mut out = ServiceRoutes::default();
    if let Some(why) = p.unproxied() {
        out.unproxied = Some(why);
        return out;
    }
    let svc = p.svc;
    out.session_affinity = p.affinity.map(|t| ClientIpAffinity { timeout_seconds: t });
    if svc.spec.type_ == ServiceType::LoadBalancer {
        let ingress = &svc.status.ingress;
        if ingress.iter().all(|g| g.ip.is_none() && g.hostname.is_none()) {
            out.notes.push("load balancer pending: no status.loadBalancer.ingress yet".into());
        }
        for g in ingress {
            match (&g.ip, &g.hostname) {
                (Some(ip), _) if g.ip_mode == Some(IpMode::Proxy) => out.notes.push(format!(
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
            name: sp.name.clone(),
            port: sp.port,
            protocol: p.protocol(i),
            node_port: p.node_port(i),
            ..Default::default()
        };
        let main = PortView::new(&p, a.nodes, i, &primary);
        let mut frontends = Vec::new();
        let mut sets = SetBuilder { index: HashMap::new(), sets: &mut pr.sets };
        let frontend = |kind: FrontendKind, ip: &str, port: i64, only: Option<&NodeInfo>, sets: &mut SetBuilder| {
            let v4 = ip::v4_or_unknown(ip);
            let other;
            let pv = if v4 == primary_v4 {
                &main
            } else {
                other = PortView::new(&p, a.nodes, i, ip);
                &other
            };
            // That family's proxier: its source ranges.
            let fp = p.for_family(ip);
            // Routes are large: room for all of them at once, not copied as the list grows.
            let mut routes = Vec::with_capacity(if only.is_some() { 1 } else { a.nodes.len() } * SourceKind::ALL.len());
            for (n, node) in a.nodes.iter().enumerate() {
                if only.is_some_and(|o| o.name != node.name) {
                    continue;
                }
                let Some(cat) = pv.cats.get(n) else { continue };
                for s in SourceKind::ALL {
                    let (mut r, chosen) = decide(&fp, i, &pv.eps, cat, kind, Sender { node, kind: s, ip: None });
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
            for n in a.nodes {
                if n.internal_ip.as_deref().is_some_and(|ip| !p.has_family_of(ip)) {
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
    if svc.spec.type_ == ServiceType::LoadBalancer && p.etp_local {
        out.health_check = Some(health_check(a, &p));
    }
    out
}

/// kube-proxy's answer on `healthCheckNodePort` per node: 200 when the node has at least one
/// local *ready* endpoint (distinct addresses over all ports), else 503.
fn health_check(a: &Inputs, p: &Policy) -> HealthCheck {
    let all: Vec<&SliceEndpointView> =
        (0..p.svc.spec.ports.len()).flat_map(|i| p.endpoints(i, p.primary_ip())).filter(|e| e.ready).collect();
    let nodes = a
        .nodes
        .iter()
        .map(|n| {
            let mut ips: Vec<&str> = all.iter().filter(|e| is_local(e, &n.name)).map(|e| e.address.as_str()).collect();
            crate::util::sort::sort(&mut ips);
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

// ---------------------------------------------------------------- fixture section

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
        v => format!("{} ({})", v.as_str(), r.reason_text().as_deref().unwrap_or("-")),
    }
}
