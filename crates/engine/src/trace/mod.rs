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

mod destination;
mod route;
mod source;

pub use destination::{parse_destination, parse_protocol};
pub use source::check_source;

use crate::api::NodeInfo;
use crate::model::Analysis;
use crate::model::*;
use crate::proxy::{Inputs, Policy};
use crate::trace::destination::{resolve_name, Resolved};
use crate::trace::route::trace_ip;
use crate::trace::source::resolve_source;
use crate::util::ip;

fn hop(at: impl Into<String>, action: HopAction, detail: impl Into<String>) -> Hop {
    Hop { at: at.into(), action, detail: detail.into() }
}

/// Where a traced connection ends (before merging several DNS answers).
struct Outcome {
    pods: Vec<TracePod>,
    error: Option<String>,
    /// Delivered, but at risk or only under a condition ([`TraceVerdict::AtRisk`],
    /// [`TraceVerdict::Conditional`]), and why.
    caveat: Option<(TraceVerdict, String)>,
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
            caveat: None,
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
    let mut src = match resolve_source(a, &from, &mut hops) {
        Ok(s) => s,
        Err(e) => return dropped(e, hops),
    };
    let (host, port) = match parse_destination(to) {
        Ok(d) => d,
        Err(e) => return dropped(e, hops),
    };
    // A dual-stack pod talks to an IPv6 address from its IPv6 address.
    if let (Some(family), Some(pod)) =
        (crate::model::IpFamily::of(&host), src.pod.and_then(|p| a.objects.get(p)?.pod()))
    {
        let same = pod
            .status
            .pod_ip
            .iter()
            .chain(pod.status.pod_ips.iter())
            .find(|ip| crate::model::IpFamily::of(ip) == Some(family));
        if let Some(ip) = same {
            src.ip = Some(ip.clone());
        }
    }
    if hops.is_empty() {
        let from_where = match (&src.kind, &src.ip) {
            (SourceKind::Pod, Some(ip)) => format!("{ip} on {}", src.node.name),
            (SourceKind::External, _) => format!("outside the cluster, its packets arriving at {}", src.node.name),
            (_, Some(ip)) => format!("{} ({ip})", src.node.name),
            _ => src.node.name.clone(),
        };
        hops.push(hop(
            src.label.clone(),
            HopAction::Send,
            format!("from {from_where}: new {proto} connection to {}", ip::host_port(&host, port)),
        ));
    }
    let targets: Vec<String> = if ip::parse(&host).is_some() {
        vec![host.clone()]
    } else {
        match resolve_name(a, &host, &src, &mut hops) {
            Ok(Resolved::Ips(ips)) => ips,
            Ok(Resolved::Leaves(why)) => {
                return Trace { verdict: TraceVerdict::LeavesCluster, reason: Some(why), pods: Vec::new(), hops };
            }
            Err(e) => {
                hops.push(hop("DNS", HopAction::Resolve, e.clone()));
                return dropped(e, hops);
            }
        }
    };
    if targets.len() > 1 {
        hops.push(hop(
            src.label.clone(),
            HopAction::Choose,
            format!(
                "the client picks one of the {} addresses (shown as equal shares; most clients take the first)",
                targets.len()
            ),
        ));
    }
    let share = 1.0 / targets.len().max(1) as f64;
    let mut pods: Vec<TracePod> = Vec::new();
    let mut errors = Vec::new();
    let mut caveats: Vec<(TraceVerdict, String)> = Vec::new();
    for ip in &targets {
        let o = trace_ip(a, &src, ip, port, proto, &mut hops);
        if o.error.is_none() {
            caveats.extend(o.caveat.into_iter().filter(|c| !caveats.contains(c)).collect::<Vec<_>>());
        }
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
        hops.push(hop(src.label.clone(), HopAction::Note, format!("some addresses fail: {}", errors.join("; "))));
    }
    crate::util::sort::sort_by(&mut pods, |x, y| {
        (&x.namespace, &x.name, &x.ip, x.port).cmp(&(&y.namespace, &y.name, &y.ip, y.port))
    });
    for p in &mut pods {
        p.probability = (p.probability * 1e6).round() / 1e6;
    }
    // Delivered; a condition outweighs a risk (the packet must first get there).
    let worst = caveats
        .iter()
        .find(|(v, _)| *v == TraceVerdict::Conditional)
        .or_else(|| caveats.first())
        .map(|(v, why)| (*v, why.clone()));
    match worst {
        Some((verdict, why)) if !pods.is_empty() => Trace { verdict, reason: Some(why), pods, hops },
        _ => Trace { verdict: TraceVerdict::Delivered, reason: None, pods, hops },
    }
}

// ---------------------------------------------------------------- DNS

// ---------------------------------------------------------------- one address

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
