//! One decision: what kube-proxy on a node does with a new connection from a source to a
//! frontend (`syncProxyRules`: the KUBE-SVC / KUBE-EXT / KUBE-SVL chains, masquerade, firewall).

use crate::api::NodeInfo;
use crate::model::{
    DropReason, FrontendKind, RangeSource, Route, RouteEndpoint, SliceEndpointView, SourceKind, Verdict,
};
use crate::proxy::topology::Categories;
use crate::proxy::{Inputs, Policy, PortView};
use crate::util::ip;
/// Whether a source may use a load-balancer VIP with source ranges.
pub(super) enum RangeCheck {
    Allowed,
    Denied(DropReason),
    /// External clients (address unknown) or a pod CIDR that straddles the ranges.
    Depends(String),
}

pub(super) fn range_check(p: &Policy, node: &NodeInfo, source: SourceKind, source_ip: Option<&str>) -> RangeCheck {
    let ranges = &p.source_ranges;
    if ranges.is_empty() {
        return RangeCheck::Allowed;
    }
    let list = ranges.join(", ");
    let denied = |source: RangeSource| RangeCheck::Denied(DropReason::SourceRange { source, ranges: ranges.clone() });
    let ip_check = |ip: &str, who: RangeSource| {
        if ranges.iter().any(|r| ip::cidr_contains(r, ip)) {
            RangeCheck::Allowed
        } else {
            denied(who)
        }
    };
    match (source, source_ip) {
        (_, Some(ip)) => ip_check(ip, RangeSource::Address(ip.to_string())),
        (SourceKind::Host, None) => match &node.internal_ip {
            Some(ip) => ip_check(ip, RangeSource::NodeAddress(ip.clone())),
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
                    denied(RangeSource::PodCidr(cidr.clone()))
                }
            }
            None => RangeCheck::Depends(format!("only pods with an address in {list}")),
        },
        (SourceKind::External, None) => RangeCheck::Depends(format!("only clients in {list}")),
    }
}

/// A candidate set as route endpoints with equal shares, sorted by namespace, pod, address.
pub(super) fn route_endpoints(a: &Inputs, eps: &[&SliceEndpointView], chosen: &[usize]) -> Vec<RouteEndpoint> {
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
    crate::util::sort::sort_by(&mut out, |x, y| {
        (x.namespace.as_deref().unwrap_or(""), x.pod.as_deref().unwrap_or(""), &x.address, x.port).cmp(&(
            y.namespace.as_deref().unwrap_or(""),
            y.pod.as_deref().unwrap_or(""),
            &y.address,
            y.port,
        ))
    });
    out
}

/// Where a new connection comes from, as the rules of the node that handles it see it.
#[derive(Clone, Copy)]
pub(crate) struct Sender<'a> {
    /// The node whose rules handle the packet.
    pub node: &'a NodeInfo,
    pub kind: SourceKind,
    /// The source address when known: checked against loadBalancerSourceRanges exactly
    /// (otherwise the node's pod CIDR or address stands for it).
    pub ip: Option<&'a str>,
}

/// What kube-proxy on the sender's node does with a new connection to a frontend of kind
/// `kind` of Service port `port_idx`, given the node's categories; the route's `set` is left
/// empty and the chosen endpoint indices are returned beside it.
pub(super) fn decide(
    p: &Policy,
    port_idx: usize,
    eps: &[&SliceEndpointView],
    cat: &Categories,
    kind: FrontendKind,
    from: Sender,
) -> (Route, Vec<usize>) {
    let (node, source, source_ip) = (from.node, from.kind, from.ip);
    let mut r = Route { node: node.name.clone(), source, ..Default::default() };
    let node_name = &node.name;
    if !cat.has_any {
        r.verdict = Verdict::Reject;
        r.rule = format!("{} rule: REJECT in the filter table (the Service port has no endpoints)", kind.words());
        r.reason = Some(DropReason::NoEndpoints { service_port: p.port_label(port_idx), not_ready: eps.len() });
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
                r.reason = Some(DropReason::NoLocalEndpoint { policy: "internalTrafficPolicy" });
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
                        r.reason = Some(DropReason::NoLocalEndpoint { policy: "externalTrafficPolicy" });
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

/// One route with its candidate endpoints, for traces: what kube-proxy does with a new
/// connection from `from` to the frontend of kind `kind` at `frontend_ip` of Service port
/// `port_idx`.
pub(crate) fn route_for(
    a: &Inputs,
    p: &Policy,
    port_idx: usize,
    kind: FrontendKind,
    frontend_ip: &str,
    from: Sender,
) -> (Route, Vec<RouteEndpoint>) {
    // The proxier of the frontend address's family handles it, with that family's endpoints
    // and source ranges (a Service has rules only in the families it has a cluster IP of).
    let own_family = p.has_family_of(frontend_ip);
    let family = if own_family { frontend_ip } else { p.primary_ip() };
    let fp = p.for_family(family);
    let p = &fp;
    let pv = PortView::new(p, std::slice::from_ref(from.node), port_idx, family);
    let cat = pv.cats.first().cloned().unwrap_or_default();
    let (route, chosen) = decide(p, port_idx, &pv.eps, &cat, kind, from);
    let eps = route_endpoints(a, &pv.eps, &chosen);
    (route, eps)
}
