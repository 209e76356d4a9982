//! Following the packet: to the node whose rules handle it, through kube-proxy's route for the
//! frontend, to the pods with their shares.

use crate::diag::Code;
use crate::proxy::Sender;
use crate::trace::destination::{port_index, service_owner, Owner};
use crate::trace::source::Src;
use crate::trace::{
    hop, FrontendKind, Hop, HopAction, Inputs, NodeInfo, Outcome, Policy, Protocol, Route, RouteEndpoint, ServiceType,
    SourceKind, TracePod, TraceVerdict, Verdict,
};
use crate::util::text::percent;
use crate::Severity;
use crate::{proxy, Analysis};
pub(super) fn trace_ip(a: &Analysis, src: &Src, ip: &str, port: i64, proto: Protocol, hops: &mut Vec<Hop>) -> Outcome {
    let ip_port = crate::util::ip::host_port(ip, port);
    let fail = |e: String| Outcome { pods: Vec::new(), error: Some(e), caveat: None };
    match service_owner(a, ip, port, proto) {
        Some(Owner::WrongPort(e)) => {
            hops.push(hop(
                src.node.name.clone(),
                HopAction::Drop,
                format!("{e}; no rule matches, so the packet follows the default route and is lost"),
            ));
            return fail(e);
        }
        Some(Owner::Frontend { view, port_idx, kind }) => {
            let Some(p) = Policy::new(&Inputs::of(a), view) else {
                return fail(format!("no Service or pod has {ip}"));
            };
            let node = src.node.clone();
            let arrive = match (src.kind, kind) {
                (SourceKind::External, FrontendKind::ClusterIP) => format!(
                    "the packet reaches {} only if your network routes the Service CIDR there (cluster IPs are virtual and not announced)",
                    node.name
                ),
                (SourceKind::External, FrontendKind::LoadBalancer) => {
                    let health = view
                        .routes
                        .health_check
                        .as_ref()
                        .and_then(|h| Some((h.port, h.nodes.iter().find(|n| n.node == node.name)?.status)))
                        .map(|(hc, status)| {
                            let hc = hc.map(|x| format!(" {x}")).unwrap_or_default();
                            if status == 200 {
                                format!("; {} passes the health check (healthCheckNodePort{hc}: 200)", node.name)
                            } else {
                                format!(
                                    "; {} fails the health check (healthCheckNodePort{hc}: 503), so a cloud load balancer would normally not pick it",
                                    node.name
                                )
                            }
                        })
                        .unwrap_or_default();
                    hops.push(hop(
                        format!("load balancer {ip}"),
                        HopAction::Forward,
                        format!(
                            "the load balancer (ipMode VIP) passes the packet to {} unchanged: destination still {ip_port}{health}",
                            node.name
                        ),
                    ));
                    format!("the packet arrives at {} for {ip_port}", node.name)
                }
                (SourceKind::External, FrontendKind::ExternalIP) => format!(
                    "the packet arrives at {} for {ip_port} (Kubernetes does not announce external IPs: your network must route them to a node)",
                    node.name
                ),
                (_, FrontendKind::ClusterIP) => format!("{}'s rules catch the packet to {ip_port} as it leaves the {}", node.name, if src.kind == SourceKind::Pod { "pod" } else { "host" }),
                _ => format!(
                    "{}'s rules catch the packet to {ip_port} as it leaves the {} (it never goes out to the network)",
                    node.name,
                    if src.kind == SourceKind::Pod { "pod" } else { "host" }
                ),
            };
            hops.push(hop(node.name.clone(), HopAction::Route, arrive));
            let from = Sender { node: &node, kind: src.kind, ip: src.ip.as_deref() };
            let (route, eps) = proxy::route_for(&Inputs::of(a), &p, port_idx, kind, ip, from);
            let mut out = follow(a, &p, port_idx, src, &route, &eps, hops);
            if src.kind == SourceKind::External && kind == FrontendKind::ClusterIP && out.error.is_none() {
                let cidrs = a.cluster.service_cidrs.value.join(", ");
                out.caveat = Some((
                    TraceVerdict::Conditional,
                    format!(
                        "only if your network routes the Service CIDR ({cidrs}) to a node: a cluster IP is virtual, reachable from inside the cluster only; from outside, use a NodePort or LoadBalancer Service"
                    ),
                ));
            }
            return out;
        }
        Some(Owner::ProxyIngress { view, port_idx }) => {
            let Some(p) = Policy::new(&Inputs::of(a), view) else {
                return fail(format!("no Service or pod has {ip}"));
            };
            let Some(np) = p.node_port(port_idx) else {
                let e = format!("the load balancer {ip} (ipMode Proxy) has no nodePort to forward to (allocateLoadBalancerNodePorts is false)");
                hops.push(hop(format!("load balancer {ip}"), HopAction::Drop, e.clone()));
                return fail(e);
            };
            let node = src.node.clone();
            hops.push(hop(
                format!("load balancer {ip}"),
                HopAction::Proxy,
                format!(
                    "ipMode Proxy: kube-proxy has no rule for {ip}; the load balancer opens a new connection from its own address to {}:{np} (the nodePort){}",
                    node.name,
                    if src.kind == SourceKind::External { "" } else { " — assumed to pick the source's node" }
                ),
            ));
            let from = Sender { node: &node, kind: SourceKind::External, ip: None };
            let (route, eps) = proxy::route_for(&Inputs::of(a), &p, port_idx, FrontendKind::NodePort, ip, from);
            return follow(a, &p, port_idx, src, &route, &eps, hops);
        }
        None => {}
    }
    // A node's own address: nodePorts, the health-check port, host-network pods.
    if let Some(node) = a.nodes.iter().find(|n| n.internal_ip.as_deref() == Some(ip)) {
        return to_node(a, src, node, ip, port, proto, hops);
    }
    // A pod IP: the pod network delivers it, no kube-proxy.
    if let Some((_, o, pod)) = a
        .pods()
        .find(|(_, _, p)| !p.spec.host_network && (p.ip() == Some(ip) || p.status.pod_ips.iter().any(|x| x == ip)))
    {
        let node = pod.spec.node_name.as_deref().unwrap_or("an unknown node");
        hops.push(hop(
            format!("pod {}/{}", o.namespace, o.name),
            HopAction::Deliver,
            format!(
                "{ip} is the pod's own IP (on {node}): the pod network delivers it directly, no kube-proxy, no NAT"
            ),
        ));
        let declared =
            pod.spec.containers.iter().chain(&pod.spec.init_containers).flat_map(|c| &c.ports).collect::<Vec<_>>();
        let mut caveat = None;
        if !declared.is_empty() && !declared.iter().any(|cp| cp.container_port == port && cp.protocol == proto.as_str())
        {
            let why =
                format!("the pod declares no container port {port}/{proto}: it works only if a process listens there");
            hops.push(hop(format!("pod {}/{}", o.namespace, o.name), HopAction::Note, why.clone()));
            caveat = Some((TraceVerdict::AtRisk, why));
        }
        if src.kind == SourceKind::External {
            hops.push(hop(
                src.label.clone(),
                HopAction::Note,
                "pod IPs are usually not routable from outside the cluster; this assumes they are".to_string(),
            ));
        }
        return Outcome { caveat, ..Outcome::direct(o, ip, port) };
    }
    let e = format!("no Service or pod has {ip}");
    hops.push(hop("network", HopAction::Drop, e.clone()));
    fail(e)
}

/// A packet addressed to `node`'s own address.
pub(super) fn to_node(
    a: &Analysis,
    src: &Src,
    node: &NodeInfo,
    ip: &str,
    port: i64,
    proto: Protocol,
    hops: &mut Vec<Hop>,
) -> Outcome {
    let fail = |e: String| Outcome { pods: Vec::new(), error: Some(e), caveat: None };
    let ip_port = crate::util::ip::host_port(ip, port);
    // How the packet arrives at that node, and as which kind of source.
    let (kind_there, src_ip_there, arrive) = match src.kind {
        SourceKind::Pod => (
            SourceKind::Pod,
            src.ip.clone(),
            if src.node.name == node.name {
                format!("the packet to {ip_port} (this node's address) goes through {}'s rules", node.name)
            } else {
                format!(
                    "the packet is routed from {} to {} keeping the pod's source IP (inside the cluster CIDR)",
                    src.node.name, node.name
                )
            },
        ),
        SourceKind::Host if src.node.name == node.name => (
            SourceKind::Host,
            src.ip.clone(),
            format!("the node's own address {ip_port}: local traffic on {}", node.name),
        ),
        SourceKind::Host => (
            SourceKind::External,
            src.ip.clone(),
            format!(
                "the packet leaves {} for {}: there it comes from another machine's address, i.e. from outside",
                src.node.name, node.name
            ),
        ),
        SourceKind::External => (
            SourceKind::External,
            None,
            if src.node.name == node.name {
                format!("the packet arrives at {} for {ip_port}", node.name)
            } else {
                format!(
                    "the packet is addressed to {}'s address {ip}, so it arrives at {} (not {})",
                    node.name, node.name, src.node.name
                )
            },
        ),
    };
    hops.push(hop(node.name.clone(), HopAction::Route, arrive));
    let mut other_family = None;
    for v in &a.services {
        let Some(p) = Policy::new(&Inputs::of(a), v) else { continue };
        if p.unproxied().is_some() {
            continue;
        }
        // No cluster IP of the node address's family: that family's kube-proxy has no rule.
        if !p.has_family_of(ip) {
            if port_index(a, v, port, proto, true).is_some() {
                other_family = Some(format!("{}/{}", v.namespace, v.name));
            }
            continue;
        }
        if let Some(port_idx) = port_index(a, v, port, proto, true) {
            let from = Sender { node, kind: kind_there, ip: src_ip_there.as_deref() };
            let (route, eps) = proxy::route_for(&Inputs::of(a), &p, port_idx, FrontendKind::NodePort, ip, from);
            let src_there = Src {
                kind: kind_there,
                node: node.clone(),
                ip: src_ip_there,
                namespace: src.namespace.clone(),
                pod: src.pod,
                label: src.label.clone(),
            };
            return follow(a, &p, port_idx, &src_there, &route, &eps, hops);
        }
        if proto == Protocol::Tcp
            && p.svc.spec.type_ == ServiceType::LoadBalancer
            && p.etp_local
            && p.svc.spec.health_check_node_port == Some(port)
        {
            let local =
                v.routes.health_check.as_ref().and_then(|h| h.nodes.iter().find(|n| n.node == node.name)).cloned();
            let (status, count) = local.map(|n| (n.status, n.local_endpoints)).unwrap_or((503, 0));
            let why = match count {
                0 => "no local ready endpoint".to_string(),
                1 => "1 local ready endpoint".to_string(),
                n => format!("{n} local ready endpoints"),
            };
            hops.push(hop(
                node.name.clone(),
                HopAction::Answer,
                format!(
                    "kube-proxy's health check (healthCheckNodePort) for {}/{} answers HTTP {status} ({why}): load balancers {} this node",
                    v.namespace,
                    v.name,
                    if status == 200 { "send traffic to" } else { "skip" }
                ),
            ));
            return Outcome { pods: Vec::new(), error: None, caveat: None };
        }
    }
    if let Some((_, o, _)) = a.pods().find(|(_, _, pod)| {
        pod.spec.host_network
            && pod.spec.node_name.as_deref() == Some(node.name.as_str())
            && pod
                .spec
                .containers
                .iter()
                .flat_map(|c| &c.ports)
                .any(|cp| cp.container_port == port && cp.protocol == proto.as_str())
    }) {
        hops.push(hop(
            format!("pod {}/{}", o.namespace, o.name),
            HopAction::Deliver,
            format!("host-network pod listening on {}:{port}: delivered directly, no kube-proxy", node.name),
        ));
        return Outcome::direct(o, ip, port);
    }
    let e = match other_family {
        Some(svc) => format!(
            "nothing on {} ({ip}) handles port {port}/{proto}: {svc} has nodePort {port}/{proto} but no cluster IP of {ip}'s IP family, so kube-proxy's rules for that family leave it out (use the node's other address, or make the Service dual-stack)",
            node.name
        ),
        None => format!(
            "nothing on {} ({ip}) handles port {port}/{proto}: no Service has nodePort {port}/{proto} and no host-network pod there declares it",
            node.name
        ),
    };
    hops.push(hop(node.name.clone(), HopAction::Drop, e.clone()));
    fail(e)
}

/// The hops after kube-proxy's decision on a node: DNAT, SNAT or not, delivery.
pub(super) fn follow(
    a: &Analysis,
    p: &Policy,
    port_idx: usize,
    src: &Src,
    route: &Route,
    endpoints: &[RouteEndpoint],
    hops: &mut Vec<Hop>,
) -> Outcome {
    let node = &route.node;
    hops.push(hop(node.clone(), HopAction::KubeProxy, route.rule.clone()));
    if route.verdict != Verdict::Forward {
        let reason = route.reason_text().unwrap_or_else(|| "dropped".into());
        let detail = if route.verdict == Verdict::Reject {
            format!("{reason}: the client gets a reset / port unreachable at once")
        } else {
            format!("{reason}: the packet is silently dropped (the client times out)")
        };
        hops.push(hop(
            node.clone(),
            if route.verdict == Verdict::Reject { HopAction::Reject } else { HopAction::Drop },
            detail,
        ));
        return Outcome { pods: Vec::new(), error: Some(reason), caveat: None };
    }
    let shares: Vec<String> = endpoints.iter().map(|e| format!("{} {}", e.label(), percent(e.probability))).collect();
    let mut dnat =
        format!("destination rewritten to one endpoint, picked at random per new connection: {}", shares.join(", "));
    if !route.notes.is_empty() {
        dnat.push_str(&format!(" ({})", route.notes.join("; ")));
    }
    hops.push(hop(node.clone(), HopAction::Dnat, dnat));
    let hairpin =
        src.kind == SourceKind::Pod && endpoints.iter().any(|e| src.ip.as_deref() == Some(e.address.as_str()));
    let mut snat = route.snat_reason.clone();
    if hairpin && !route.snat {
        snat.push_str("; except when the pod reaches itself (hairpin), which is masqueraded");
    }
    hops.push(hop(node.clone(), if route.snat { HopAction::Snat } else { HopAction::NoSnat }, snat));
    if let Some(t) = p.affinity {
        let who = if route.snat {
            format!("{node}'s address (after SNAT, all clients via {node} look the same)")
        } else {
            "the client's source IP".to_string()
        };
        hops.push(hop(
            node.clone(),
            HopAction::SessionAffinity,
            format!(
                "ClientIP: later connections from {who} go to the same endpoint while less than {t}s pass between them"
            ),
        ));
    }
    let target = a
        .objects
        .get(p.view.object)
        .and_then(|o| o.service())
        .and_then(|s| s.spec.ports.get(port_idx))
        .map(|sp| &sp.target_port)
        .map(|t| format!(" (targetPort {t})"))
        .unwrap_or_default();
    let places: Vec<String> = endpoints
        .iter()
        .map(|e| {
            let who = e.pod.clone().unwrap_or_else(|| e.address.clone());
            let wher = match &e.node {
                Some(n) if n == node => format!("on {n}"),
                Some(n) => format!("forwarded to {n}"),
                None => "node unknown".into(),
            };
            format!("{who}:{} {wher}", e.port)
        })
        .collect();
    let at = match endpoints {
        [e] => match (&e.namespace, &e.pod) {
            (Some(ns), Some(name)) => format!("pod {ns}/{name}"),
            _ => format!("endpoint {}", e.address),
        },
        _ => "endpoints".to_string(),
    };
    hops.push(hop(at, HopAction::Deliver, format!("to {}{target}", places.join(", "))));
    let pods = endpoints
        .iter()
        .map(|e| TracePod {
            namespace: e.namespace.clone().unwrap_or_default(),
            name: e.pod.clone().unwrap_or_default(),
            ip: e.address.clone(),
            port: e.port,
            probability: e.probability,
        })
        .collect();
    Outcome { pods, error: None, caveat: at_risk(a, p, port_idx) }
}

/// The warning a delivery through Service port `port_idx` carries: the Service's own finding that
/// no selected pod declares the target port (`target-port-not-exposed`), if there is one.
fn at_risk(a: &Analysis, p: &Policy, port_idx: usize) -> Option<(TraceVerdict, String)> {
    let o = a.objects.get(p.view.object)?;
    let (object, field) = (o.reference(), format!("spec.ports[{port_idx}].targetPort"));
    let d = a.diagnostics.iter().find(|d| {
        d.severity == Severity::Warning
            && d.code == Code::TargetPortNotExposed
            && d.object.as_deref() == Some(object.as_str())
            && d.field.as_deref() == Some(field.as_str())
    })?;
    let help = d.help.as_deref().map(|h| format!(": {h}")).unwrap_or_default();
    Some((TraceVerdict::AtRisk, format!("{}{help}", d.message)))
}
