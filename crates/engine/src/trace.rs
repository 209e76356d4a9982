//! Traffic traces: where one new connection from a pod, an external client or a node's host
//! network to `IP:PORT` or `NAME:PORT` ends up, hop by hop (client → load balancer → node →
//! kube-proxy rule → DNAT → SNAT or not → pod:targetPort), built on the routing table of
//! [`crate::proxy`] (reference §5).
//!
//! How the packet reaches the node whose rules handle it:
//! * a pod's or host's packet to a cluster IP, external IP or load-balancer VIP is caught by its
//!   own node's rules (it never reaches a load balancer);
//! * a packet to a node's address (nodePort) is handled by that node: from a pod it is still a
//!   pod source there (cluster CIDR); from another node's host it is an outside source;
//! * an external client's packet arrives at the node it names (`external@NODE`), except that a
//!   packet addressed to a node's own address arrives at that node.

use crate::api::NodeInfo;
use crate::dns::ZONE;
use crate::model::*;
use crate::model::{Analysis, ServiceView};
use crate::proxy::{self, Inputs, Policy};
use crate::util::ip;
use crate::util::text::percent;

fn hop(at: impl Into<String>, action: &str, detail: impl Into<String>) -> Hop {
    Hop { at: at.into(), action: action.to_string(), detail: detail.into() }
}

/// Splits `IP:PORT`, `[IPv6]:PORT` or `NAME:PORT`; the port must be 1..65535.
pub fn parse_destination(to: &str) -> Result<(String, i64), String> {
    let to = to.trim();
    let bad = |why: &str| Err(format!("bad destination `{to}`: {why} (expected IP:PORT or NAME:PORT)"));
    let (host, port) = if let Some(rest) = to.strip_prefix('[') {
        match rest.split_once("]:") {
            Some((h, p)) => (h, p),
            None => return bad("an IPv6 address needs the form [ADDRESS]:PORT"),
        }
    } else {
        match to.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h, p),
            Some(_) => return bad("write an IPv6 address as [ADDRESS]:PORT"),
            None => return bad("the port is missing"),
        }
    };
    if host.is_empty() {
        return bad("the address or name is missing");
    }
    match port.parse::<i64>() {
        Ok(p) if (1..=65535).contains(&p) => Ok((host.to_string(), p)),
        _ => bad("the port must be a number from 1 to 65535"),
    }
}

/// `TCP`, `UDP` or `SCTP` (any case), upper-cased.
pub fn parse_protocol(p: &str) -> Result<String, String> {
    let up = p.trim().to_ascii_uppercase();
    match up.as_str() {
        "TCP" | "UDP" | "SCTP" => Ok(up),
        _ => Err(format!("bad protocol `{p}`: expected TCP, UDP or SCTP")),
    }
}

/// The source as it exists in the analysed cluster.
struct Src {
    kind: SourceKind,
    node: NodeInfo,
    ip: Option<String>,
    /// For a pod: its namespace (DNS search path) and index in `objects`.
    namespace: Option<String>,
    pod: Option<ObjectId>,
    label: String,
}

/// Checks that the source exists in the analysis (a pod with a node and an IP, or a node).
pub fn check_source(a: &Analysis, from: &TraceSource) -> Result<(), String> {
    resolve_source(a, from, &mut Vec::new()).map(|_| ())
}

fn node_list(a: &Analysis) -> String {
    let n: Vec<&str> = a.nodes.iter().map(|n| n.name.as_str()).collect();
    if n.is_empty() {
        "none".into()
    } else {
        n.join(", ")
    }
}

fn find_node(a: &Analysis, name: &str) -> Result<NodeInfo, String> {
    a.node(name).cloned().ok_or_else(|| format!("no node {name} in the cluster (nodes: {})", node_list(a)))
}

fn resolve_source(a: &Analysis, from: &TraceSource, hops: &mut Vec<Hop>) -> Result<Src, String> {
    match from {
        TraceSource::Pod { namespace, name } => {
            let (idx, pod) = a
                .pods()
                .find(|(_, o, _)| &o.namespace == namespace && &o.name == name)
                .map(|(i, _, p)| (i, p))
                .ok_or_else(|| format!("no pod {namespace}/{name} in the input"))?;
            let node_name =
                pod.spec.node_name.clone().ok_or_else(|| {
                    format!("pod {namespace}/{name} is not scheduled to a node: it cannot send anything")
                })?;
            let node = a.node(&node_name).cloned().ok_or_else(|| {
                format!(
                    "pod {namespace}/{name} is on node {node_name}, which is not in the cluster (nodes: {})",
                    node_list(a)
                )
            })?;
            if pod.is_terminal() {
                return Err(format!(
                    "pod {namespace}/{name} has finished (phase {}): it sends nothing",
                    pod.status.phase.as_deref().unwrap_or("-")
                ));
            }
            if pod.spec.host_network {
                let ip = node.internal_ip.clone();
                hops.push(hop(
                    format!("pod {namespace}/{name}"),
                    "send",
                    format!("host-network pod on {node_name}: it uses the node's network, so kube-proxy sees a host source{}", ip.as_deref().map(|i| format!(" ({i})")).unwrap_or_default()),
                ));
                return Ok(Src {
                    kind: SourceKind::Host,
                    label: format!("pod {namespace}/{name}"),
                    ip,
                    namespace: Some(namespace.clone()),
                    pod: Some(idx),
                    node,
                });
            }
            let ip = pod.ip().map(str::to_string).ok_or_else(|| {
                format!("pod {namespace}/{name} has no IP yet (status.podIP): it cannot send anything")
            })?;
            Ok(Src {
                kind: SourceKind::Pod,
                label: format!("pod {namespace}/{name}"),
                ip: Some(ip),
                namespace: Some(namespace.clone()),
                pod: Some(idx),
                node,
            })
        }
        TraceSource::External { node } => {
            let node = find_node(a, node)?;
            Ok(Src {
                kind: SourceKind::External,
                label: "external client".into(),
                ip: None,
                namespace: None,
                pod: None,
                node,
            })
        }
        TraceSource::Host { node } => {
            let node = find_node(a, node)?;
            Ok(Src {
                kind: SourceKind::Host,
                label: format!("host {}", node.name),
                ip: node.internal_ip.clone(),
                namespace: None,
                pod: None,
                node,
            })
        }
    }
}

/// Where a traced connection ends (before merging several DNS answers).
struct Outcome {
    pods: Vec<TracePod>,
    error: Option<String>,
}

impl Outcome {
    /// Delivered straight to one pod (its own IP, or a host-network pod), no kube-proxy.
    fn direct(o: &Object, ip: &str, port: i64) -> Self {
        Outcome {
            pods: vec![TracePod {
                namespace: o.namespace.clone(),
                name: o.name.clone(),
                ip: ip.to_string(),
                port,
                probability: 1.0,
            }],
            error: None,
        }
    }
}

fn dropped(reason: String, hops: Vec<Hop>) -> Trace {
    Trace { verdict: TraceVerdict::Dropped, reason: Some(reason), pods: Vec::new(), hops }
}

/// Traces one new connection from `from` to `to` (`IP:PORT` or `NAME:PORT`) over `protocol`.
/// Never panics; anything that does not exist or does not parse gives a dropped trace with the
/// reason.
pub fn trace(a: &Analysis, from: TraceSource, to: &str, protocol: &str) -> Trace {
    let mut hops = Vec::new();
    let proto = match parse_protocol(protocol) {
        Ok(p) => p,
        Err(e) => return dropped(e, hops),
    };
    let src = match resolve_source(a, &from, &mut hops) {
        Ok(s) => s,
        Err(e) => return dropped(e, hops),
    };
    let (host, port) = match parse_destination(to) {
        Ok(d) => d,
        Err(e) => return dropped(e, hops),
    };
    if hops.is_empty() {
        let from_where = match (&src.kind, &src.ip) {
            (SourceKind::Pod, Some(ip)) => format!("{ip} on {}", src.node.name),
            (SourceKind::External, _) => format!("outside the cluster, its packets arriving at {}", src.node.name),
            (_, Some(ip)) => format!("{} ({ip})", src.node.name),
            _ => src.node.name.clone(),
        };
        hops.push(hop(
            src.label.clone(),
            "send",
            format!("from {from_where}: new {proto} connection to {host}:{port}"),
        ));
    }
    let targets: Vec<String> = if ip::parse(&host).is_some() {
        vec![host.clone()]
    } else {
        match resolve_name(a, &host, &src, &mut hops) {
            Ok(ips) => ips,
            Err(e) => {
                hops.push(hop("DNS", "resolve", e.clone()));
                return dropped(e, hops);
            }
        }
    };
    if targets.len() > 1 {
        hops.push(hop(
            src.label.clone(),
            "choose",
            format!(
                "the client picks one of the {} addresses (shown as equal shares; most clients take the first)",
                targets.len()
            ),
        ));
    }
    let share = 1.0 / targets.len().max(1) as f64;
    let mut pods: Vec<TracePod> = Vec::new();
    let mut errors = Vec::new();
    for ip in &targets {
        let o = trace_ip(a, &src, ip, port, &proto, &mut hops);
        match o.error {
            Some(e) => errors.push(e),
            None => {
                for mut p in o.pods {
                    p.probability *= share;
                    match pods
                        .iter_mut()
                        .find(|x| x.namespace == p.namespace && x.name == p.name && x.ip == p.ip && x.port == p.port)
                    {
                        Some(x) => x.probability += p.probability,
                        None => pods.push(p),
                    }
                }
            }
        }
    }
    if !errors.is_empty() && pods.is_empty() {
        let reason = if errors.len() == 1 { errors.remove(0) } else { errors.join("; ") };
        return dropped(reason, hops);
    }
    if !errors.is_empty() {
        hops.push(hop(src.label.clone(), "note", format!("some addresses fail: {}", errors.join("; "))));
    }
    pods.sort_by(|x, y| (&x.namespace, &x.name, &x.ip, x.port).cmp(&(&y.namespace, &y.name, &y.ip, y.port)));
    for p in &mut pods {
        p.probability = (p.probability * 1e6).round() / 1e6;
    }
    Trace { verdict: TraceVerdict::Delivered, reason: None, pods, hops }
}

// ---------------------------------------------------------------- DNS

/// Resolves a name as the source would, with [`crate::dns::query`] (A records): a pod uses the
/// cluster DNS with its namespace's search list; a host or an external client is assumed to ask
/// the cluster DNS for fully qualified names only (it has no cluster search list).
fn resolve_name(a: &Analysis, name: &str, src: &Src, hops: &mut Vec<Hop>) -> Result<Vec<String>, String> {
    let lower = name.trim().trim_end_matches('.').to_ascii_lowercase();
    let search = if src.kind == SourceKind::Pod { src.namespace.as_deref() } else { None };
    let answer = match search {
        Some(ns) => crate::dns::query(&a.dns, name, QType::A, Some(ns)),
        None if lower.ends_with(&format!(".{ZONE}")) => crate::dns::query(&a.dns, &format!("{lower}."), QType::A, None),
        None => {
            return Err(format!(
                "{} does not use the cluster DNS search list: write the full name (e.g. {lower}.default.svc.{ZONE}) or the IP",
                src.label
            ))
        }
    };
    let via = if search.is_some() { String::new() } else { " (assuming it asks the cluster DNS)".to_string() };
    let ips: Vec<String> = answer.answers.iter().filter(|x| ip::parse(x).is_some()).cloned().collect();
    let cname = answer.answers.iter().find(|x| ip::parse(x).is_none()).map(|c| c.trim_end_matches('.').to_string());
    if answer.rcode != Rcode::NoError || (ips.is_empty() && cname.is_none()) {
        return Err(format!("{name} does not resolve ({}){via}: {}", answer.rcode.as_str(), answer.explanation));
    }
    if ips.is_empty() {
        let target = cname.unwrap_or_default();
        return Err(format!(
            "{name} is a CNAME for {target}{via}, a host outside the cluster: the connection goes there without kube-proxy, to no pod of this cluster"
        ));
    }
    let ipv4: Vec<String> = ips.iter().filter(|x| x.parse::<std::net::Ipv4Addr>().is_ok()).cloned().collect();
    let ips = if ipv4.is_empty() { ips } else { ipv4 };
    let fqdn = answer.name.trim_end_matches('.');
    let asked = if fqdn == lower { String::new() } else { format!("{name} → ") };
    let what = match cname {
        Some(c) => format!("CNAME {c} (ExternalName), which gives {}", kind_of(a, &c)),
        None => kind_of(a, fqdn),
    };
    hops.push(hop("DNS", "resolve", format!("{asked}{fqdn}{via}: A {} — {what}", ips.join(", "))));
    Ok(ips)
}

/// What an A answer for `fqdn` is, in words.
fn kind_of(a: &Analysis, fqdn: &str) -> String {
    let labels: Vec<&str> = fqdn.trim_end_matches('.').split('.').collect();
    let svc = match labels.as_slice() {
        [svc, ns, "svc", "cluster", "local"] => a.services.iter().find(|v| v.namespace == *ns && v.name == *svc),
        [_, svc, ns, "svc", "cluster", "local"] => {
            return match a.services.iter().find(|v| v.namespace == *ns && v.name == *svc) {
                Some(_) => {
                    format!("the address of one endpoint of Service {ns}/{svc} (no kube-proxy)")
                }
                None => "an endpoint address".into(),
            }
        }
        [_, _, "pod", "cluster", "local"] => return "a pod address (the name spells the IP)".into(),
        _ => None,
    };
    match svc.and_then(|v| a.objects.get(v.object)).and_then(|o| o.service()) {
        Some(s) if s.is_headless() => "headless Service: the ready pod IPs themselves (no kube-proxy)".into(),
        Some(_) => "the Service's cluster IP".into(),
        None => "an address".into(),
    }
}

// ---------------------------------------------------------------- one address

/// Everything that owns an address, in the order kube-proxy's KUBE-SERVICES matches.
enum Owner<'a> {
    Frontend {
        view: &'a ServiceView,
        port_idx: usize,
        kind: FrontendKind,
    },
    /// The address owns no such port.
    WrongPort(String),
    /// An ingress address with ipMode Proxy (the load balancer forwards to a nodePort).
    ProxyIngress {
        view: &'a ServiceView,
        port_idx: usize,
    },
}

fn port_index(a: &Analysis, v: &ServiceView, port: i64, proto: &str, node_port: bool) -> Option<usize> {
    let p = Policy::new(&Inputs::of(a), v)?;
    p.svc.spec.ports.iter().enumerate().position(|(i, sp)| {
        p.protocol(i) == proto && if node_port { p.node_port(i) == Some(port) } else { sp.port == port }
    })
}

fn service_owner<'a>(a: &'a Analysis, ip: &str, port: i64, proto: &str) -> Option<Owner<'a>> {
    let mut wrong = None;
    for v in &a.services {
        let Some(p) = Policy::new(&Inputs::of(a), v) else { continue };
        if p.unproxied().is_some() {
            continue;
        }
        let id = format!("{}/{}", v.namespace, v.name);
        let kinds = [
            (FrontendKind::ClusterIP, &p.cluster_ips, "the cluster IP"),
            (FrontendKind::ExternalIP, &p.external_ips, "an external IP"),
            (FrontendKind::LoadBalancer, &p.lb_vips, "the load-balancer IP"),
        ];
        for (kind, ips, words) in kinds {
            if ips.iter().any(|x| x == ip) {
                match port_index(a, v, port, proto, false) {
                    Some(port_idx) => return Some(Owner::Frontend { view: v, port_idx, kind }),
                    None => {
                        wrong.get_or_insert_with(|| {
                            format!(
                                "{ip} is {words} of Service {id}, which has no port {port}/{proto}: kube-proxy only forwards the Service's ports"
                            )
                        });
                    }
                }
            }
        }
        if p.lb_proxy_ips.iter().any(|x| x == ip) {
            match port_index(a, v, port, proto, false) {
                Some(port_idx) => return Some(Owner::ProxyIngress { view: v, port_idx }),
                None => {
                    wrong.get_or_insert_with(|| {
                        format!("{ip} is the load balancer of Service {id}, which has no port {port}/{proto}")
                    });
                }
            }
        }
    }
    wrong.map(Owner::WrongPort)
}

fn trace_ip(a: &Analysis, src: &Src, ip: &str, port: i64, proto: &str, hops: &mut Vec<Hop>) -> Outcome {
    let fail = |e: String| Outcome { pods: Vec::new(), error: Some(e) };
    match service_owner(a, ip, port, proto) {
        Some(Owner::WrongPort(e)) => {
            hops.push(hop(
                src.node.name.clone(),
                "drop",
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
                        "forward",
                        format!(
                            "the load balancer (ipMode VIP) passes the packet to {} unchanged: destination still {ip}:{port}{health}",
                            node.name
                        ),
                    ));
                    format!("the packet arrives at {} for {ip}:{port}", node.name)
                }
                (SourceKind::External, FrontendKind::ExternalIP) => format!(
                    "the packet arrives at {} for {ip}:{port} (Kubernetes does not announce external IPs: your network must route them to a node)",
                    node.name
                ),
                (_, FrontendKind::ClusterIP) => format!("{}'s rules catch the packet to {ip}:{port} as it leaves the {}", node.name, if src.kind == SourceKind::Pod { "pod" } else { "host" }),
                _ => format!(
                    "{}'s rules catch the packet to {ip}:{port} as it leaves the {} (it never goes out to the network)",
                    node.name,
                    if src.kind == SourceKind::Pod { "pod" } else { "host" }
                ),
            };
            hops.push(hop(node.name.clone(), "route", arrive));
            let (route, eps) =
                proxy::route_for(&Inputs::of(a), &p, port_idx, kind, ip, &node, src.kind, src.ip.as_deref());
            return follow(a, &p, port_idx, src, &route, &eps, hops);
        }
        Some(Owner::ProxyIngress { view, port_idx }) => {
            let Some(p) = Policy::new(&Inputs::of(a), view) else {
                return fail(format!("no Service or pod has {ip}"));
            };
            let Some(np) = p.node_port(port_idx) else {
                let e = format!("the load balancer {ip} (ipMode Proxy) has no nodePort to forward to (allocateLoadBalancerNodePorts is false)");
                hops.push(hop(format!("load balancer {ip}"), "drop", e.clone()));
                return fail(e);
            };
            let node = src.node.clone();
            hops.push(hop(
                format!("load balancer {ip}"),
                "proxy",
                format!(
                    "ipMode Proxy: kube-proxy has no rule for {ip}; the load balancer opens a new connection from its own address to {}:{np} (the nodePort){}",
                    node.name,
                    if src.kind == SourceKind::External { "" } else { " — assumed to pick the source's node" }
                ),
            ));
            let (route, eps) = proxy::route_for(
                &Inputs::of(a),
                &p,
                port_idx,
                FrontendKind::NodePort,
                ip,
                &node,
                SourceKind::External,
                None,
            );
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
            "deliver",
            format!(
                "{ip} is the pod's own IP (on {node}): the pod network delivers it directly, no kube-proxy, no NAT"
            ),
        ));
        let declared =
            pod.spec.containers.iter().chain(&pod.spec.init_containers).flat_map(|c| &c.ports).collect::<Vec<_>>();
        if !declared.is_empty() && !declared.iter().any(|cp| cp.container_port == port && cp.protocol == proto) {
            hops.push(hop(
                format!("pod {}/{}", o.namespace, o.name),
                "note",
                format!("the pod declares no container port {port}/{proto}: it works only if a process listens there"),
            ));
        }
        if src.kind == SourceKind::External {
            hops.push(hop(
                src.label.clone(),
                "note",
                "pod IPs are usually not routable from outside the cluster; this assumes they are".to_string(),
            ));
        }
        return Outcome::direct(o, ip, port);
    }
    let e = format!("no Service or pod has {ip}");
    hops.push(hop("network", "drop", e.clone()));
    fail(e)
}

/// A packet addressed to `node`'s own address.
fn to_node(a: &Analysis, src: &Src, node: &NodeInfo, ip: &str, port: i64, proto: &str, hops: &mut Vec<Hop>) -> Outcome {
    let fail = |e: String| Outcome { pods: Vec::new(), error: Some(e) };
    // How the packet arrives at that node, and as which kind of source.
    let (kind_there, src_ip_there, arrive) = match src.kind {
        SourceKind::Pod => (
            SourceKind::Pod,
            src.ip.clone(),
            if src.node.name == node.name {
                format!("the packet to {ip}:{port} (this node's address) goes through {}'s rules", node.name)
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
            format!("the node's own address {ip}:{port}: local traffic on {}", node.name),
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
                format!("the packet arrives at {} for {ip}:{port}", node.name)
            } else {
                format!(
                    "the packet is addressed to {}'s address {ip}, so it arrives at {} (not {})",
                    node.name, node.name, src.node.name
                )
            },
        ),
    };
    hops.push(hop(node.name.clone(), "route", arrive));
    for v in &a.services {
        let Some(p) = Policy::new(&Inputs::of(a), v) else { continue };
        if p.unproxied().is_some() {
            continue;
        }
        if let Some(port_idx) = port_index(a, v, port, proto, true) {
            let (route, eps) = proxy::route_for(
                &Inputs::of(a),
                &p,
                port_idx,
                FrontendKind::NodePort,
                ip,
                node,
                kind_there,
                src_ip_there.as_deref(),
            );
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
        if proto == "TCP"
            && p.svc.type_() == "LoadBalancer"
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
                "answer",
                format!(
                    "kube-proxy's health check (healthCheckNodePort) for {}/{} answers HTTP {status} ({why}): load balancers {} this node",
                    v.namespace,
                    v.name,
                    if status == 200 { "send traffic to" } else { "skip" }
                ),
            ));
            return Outcome { pods: Vec::new(), error: None };
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
                .any(|cp| cp.container_port == port && cp.protocol == proto)
    }) {
        hops.push(hop(
            format!("pod {}/{}", o.namespace, o.name),
            "deliver",
            format!("host-network pod listening on {}:{port}: delivered directly, no kube-proxy", node.name),
        ));
        return Outcome::direct(o, ip, port);
    }
    let e = format!(
        "nothing on {} ({ip}) handles port {port}/{proto}: no Service has nodePort {port}/{proto} and no host-network pod there declares it",
        node.name
    );
    hops.push(hop(node.name.clone(), "drop", e.clone()));
    fail(e)
}

/// The hops after kube-proxy's decision on a node: DNAT, SNAT or not, delivery.
fn follow(
    a: &Analysis,
    p: &Policy,
    port_idx: usize,
    src: &Src,
    route: &Route,
    endpoints: &[RouteEndpoint],
    hops: &mut Vec<Hop>,
) -> Outcome {
    let node = &route.node;
    hops.push(hop(node.clone(), "kube-proxy", route.rule.clone()));
    if route.verdict != Verdict::Forward {
        let reason = route.reason.clone().unwrap_or_else(|| "dropped".into());
        let detail = if route.verdict == Verdict::Reject {
            format!("{reason}: the client gets a reset / port unreachable at once")
        } else {
            format!("{reason}: the packet is silently dropped (the client times out)")
        };
        hops.push(hop(node.clone(), if route.verdict == Verdict::Reject { "reject" } else { "drop" }, detail));
        return Outcome { pods: Vec::new(), error: Some(reason) };
    }
    let shares: Vec<String> = endpoints.iter().map(|e| format!("{} {}", e.label(), percent(e.probability))).collect();
    let mut dnat =
        format!("destination rewritten to one endpoint, picked at random per new connection: {}", shares.join(", "));
    if !route.notes.is_empty() {
        dnat.push_str(&format!(" ({})", route.notes.join("; ")));
    }
    hops.push(hop(node.clone(), "DNAT", dnat));
    let hairpin =
        src.kind == SourceKind::Pod && endpoints.iter().any(|e| src.ip.as_deref() == Some(e.address.as_str()));
    let mut snat = route.snat_reason.clone();
    if hairpin && !route.snat {
        snat.push_str("; except when the pod reaches itself (hairpin), which is masqueraded");
    }
    hops.push(hop(node.clone(), if route.snat { "SNAT" } else { "no SNAT" }, snat));
    if let Some(t) = p.affinity {
        let who = if route.snat {
            format!("{node}'s address (after SNAT, all clients via {node} look the same)")
        } else {
            "the client's source IP".to_string()
        };
        hops.push(hop(
            node.clone(),
            "session affinity",
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
        .and_then(|sp| sp.target_port.as_ref())
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
    hops.push(hop(at, "deliver", format!("to {}{target}", places.join(", "))));
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
    Outcome { pods, error: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_parse() {
        assert_eq!(
            TraceSource::parse("pod:prod/web-1"),
            Ok(TraceSource::Pod { namespace: "prod".into(), name: "web-1".into() })
        );
        assert_eq!(
            TraceSource::parse("pod:web-1"),
            Ok(TraceSource::Pod { namespace: "default".into(), name: "web-1".into() })
        );
        assert_eq!(TraceSource::parse("external@node-b"), Ok(TraceSource::External { node: "node-b".into() }));
        assert_eq!(TraceSource::parse("host:node-a"), Ok(TraceSource::Host { node: "node-a".into() }));
        assert!(TraceSource::parse("node-a").unwrap_err().contains("expected pod:NAMESPACE/NAME"));
        assert!(TraceSource::parse("pod:/x").is_err());
        assert!(TraceSource::parse("external@").is_err());
    }

    #[test]
    fn destinations_parse() {
        assert_eq!(parse_destination("10.96.0.10:80"), Ok(("10.96.0.10".into(), 80)));
        assert_eq!(parse_destination("web.default:8080"), Ok(("web.default".into(), 8080)));
        assert_eq!(parse_destination("[fd00::1]:53"), Ok(("fd00::1".into(), 53)));
        assert!(parse_destination("web").is_err());
        assert!(parse_destination("web:0").is_err());
        assert!(parse_destination("web:http").is_err());
        assert!(parse_destination(":80").is_err());
        assert!(parse_destination("fd00::1:53").is_err());
    }
}
