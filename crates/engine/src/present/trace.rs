//! "Send a request": where a traced request can start and where it can go for the diagram's
//! Service port, which of them to offer first, and the trace itself.

use crate::model::{FrontendKind, Trace, TraceSource, TraceVerdict};
use crate::present::diagram::{Focus, Mode, Model};
use crate::present::dns::service_name;
use crate::util::ip;
use crate::{Analysis, ServiceView};

/// Options offered per list before the rest are left out (nodes: a third of it each way).
pub const CHOICES_CAP: usize = 60;

/// One option of a list: the value the trace reads, and its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The sources and destinations offered, and the ones chosen first (they follow the focus).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choices {
    /// External clients at each node, pods (with an IP, on a node), each node's host network.
    pub sources: Vec<Choice>,
    /// The port's frontends, then the Service's DNS name.
    pub destinations: Vec<Choice>,
    /// "" when there is none.
    pub default_source: String,
    pub default_destination: String,
}

/// What "Send a request" offers for the diagram `m` of the Service `v`.
pub fn choices(a: &Analysis, v: &ServiceView, m: &Model) -> Choices {
    let mut sources: Vec<Choice> = Vec::new();
    for n in a.nodes.iter().take(CHOICES_CAP / 3) {
        sources.push(Choice {
            value: TraceSource::External { node: n.name.clone() }.to_string(),
            label: format!("External client → {}", n.name),
        });
    }
    sources.extend(a.pods().filter(|(_, _, p)| p.ip().is_some() && p.spec.node_name.is_some()).take(CHOICES_CAP).map(
        |(_, o, p)| Choice {
            value: TraceSource::Pod { namespace: o.namespace.clone(), name: o.name.clone() }.to_string(),
            label: format!("Pod {}/{} ({})", o.namespace, o.name, p.spec.node_name.as_deref().unwrap_or("?")),
        },
    ));
    for n in a.nodes.iter().take(CHOICES_CAP / 3) {
        sources.push(Choice {
            value: TraceSource::Host { node: n.name.clone() }.to_string(),
            label: format!("Host network of {}", n.name),
        });
    }
    let mut destinations: Vec<Choice> = Vec::new();
    if let Some(pr) = v.routes.ports.get(m.port_idx) {
        for fr in pr.frontends.iter().take(CHOICES_CAP) {
            let hp = ip::host_port(&fr.ip, fr.port);
            let what = match fr.kind {
                FrontendKind::ClusterIP => "cluster IP".to_string(),
                FrontendKind::NodePort => format!("nodePort on {}", fr.node.as_deref().unwrap_or("?")),
                FrontendKind::LoadBalancer => "load balancer".into(),
                FrontendKind::ExternalIP => "external IP".into(),
            };
            destinations.push(Choice { label: format!("{hp} ({what})"), value: hp });
        }
    }
    if m.port > 0 || !matches!(m.mode, Mode::Proxied) {
        let port = if m.port > 0 { m.port } else { 80 };
        let name = format!("{}:{port}", service_name(&m.namespace, &m.name));
        destinations.push(Choice { label: format!("{name} (DNS name)"), value: name });
    }
    let is_pod = |c: &&Choice| c.value.starts_with("pod:");
    let default_source = match m.focus.as_ref().map(|f| f.kind) {
        // From a pod that gets no share itself, so the path crosses the diagram.
        Some(FrontendKind::ClusterIP) | None => sources
            .iter()
            .filter(is_pod)
            .find(|c| {
                !m.lanes
                    .iter()
                    .flat_map(|l| l.pods.iter())
                    .any(|p| p.share.is_some() && c.value.ends_with(&format!("/{}", p.name)))
            })
            .or_else(|| sources.iter().find(is_pod))
            .or(sources.first()),
        Some(_) => sources.first(),
    }
    .map(|c| c.value.clone())
    .unwrap_or_default();
    let default_destination = match &m.focus {
        Some(fo) if fo.kind == FrontendKind::NodePort => {
            destinations.iter().find(|c| c.label.contains("nodePort") && c.value.ends_with(&format!(":{}", fo.port)))
        }
        Some(fo) => destinations.iter().find(|c| {
            c.value.trim_start_matches('[').starts_with(&fo.ip) && c.value.ends_with(&format!(":{}", fo.port))
        }),
        None => None,
    }
    .or_else(|| destinations.first())
    .map(|c| c.value.clone())
    .unwrap_or_default();
    Choices { sources, destinations, default_source, default_destination }
}

/// The address part of a destination (`10.96.0.10` of `10.96.0.10:80`, `fd00::1` of
/// `[fd00::1]:80`, the name of `name:80`).
pub fn destination_host(destination: &str) -> &str {
    destination.rsplit_once(':').map_or("", |(h, _)| h.trim_matches(|c| c == '[' || c == ']'))
}

/// Which of the diagram's frontends a request to `destination` aims at (the cluster IP, a
/// node's nodePort, a load balancer or external IP of the diagram's port), so the diagram shows
/// that frontend's rules while it draws the request: a request to a nodePort goes into the
/// nodes' nodePort listeners, not into the load balancer's VIP rules. None for a DNS name or
/// an address this port does not serve.
pub fn destination_frontend(v: &ServiceView, m: &Model, destination: &str) -> Option<Focus> {
    let pr = v.routes.ports.get(m.port_idx)?;
    let fr = pr.frontends.iter().find(|fr| ip::host_port(&fr.ip, fr.port) == destination)?;
    m.frontends
        .iter()
        .find(|f| f.kind == fr.kind && f.port == fr.port && (f.kind == FrontendKind::NodePort || f.ip == fr.ip))
        .cloned()
}

/// Traces a request from `source` (`pod:NS/NAME`, `external@NODE`, `host:NODE`) to
/// `destination` over `protocol`; a source that does not parse is a dropped trace saying why.
pub fn send(a: &Analysis, source: &str, destination: &str, protocol: &str) -> Trace {
    match TraceSource::parse(source) {
        Ok(from) => crate::trace::trace(a, from, destination, protocol),
        Err(why) => Trace { verdict: TraceVerdict::Dropped, reason: Some(why), pods: Vec::new(), hops: Vec::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::diagram::{build, Options};
    use crate::present::testing::{analysis, MY_SERVICE, NODEPORT};

    fn values(c: &[Choice]) -> Vec<&str> {
        c.iter().map(|c| c.value.as_str()).collect()
    }

    #[test]
    fn a_request_to_a_node_port_is_drawn_through_the_node_port_not_the_vip() {
        let a = analysis(crate::present::testing::LOADBALANCER);
        let v = &a.services[0];
        let m = build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false });
        assert_eq!(m.focus.as_ref().map(|f| f.kind), Some(FrontendKind::LoadBalancer), "the diagram opens on the VIP");
        let c = choices(&a, v, &m);
        let node_port = c.destinations.iter().find(|d| d.label.contains("nodePort")).expect("a nodePort destination");
        let f = destination_frontend(v, &m, &node_port.value).expect("the nodePort frontend");
        assert_eq!(f.kind, FrontendKind::NodePort);
        assert!(m.frontends.contains(&f));
        let vip = c.destinations.iter().find(|d| d.label.contains("load balancer")).unwrap();
        assert_eq!(destination_frontend(v, &m, &vip.value).map(|f| f.kind), Some(FrontendKind::LoadBalancer));
        let cip = c.destinations.iter().find(|d| d.label.contains("cluster IP")).unwrap();
        assert_eq!(destination_frontend(v, &m, &cip.value).map(|f| f.kind), Some(FrontendKind::ClusterIP));
        let dns = c.destinations.iter().find(|d| d.label.contains("DNS name")).unwrap();
        assert_eq!(destination_frontend(v, &m, &dns.value), None);
        assert_eq!(destination_frontend(v, &m, "203.0.113.9:80"), None);
    }

    #[test]
    fn cluster_ip_defaults_to_a_pod_without_a_share() {
        let a = analysis(MY_SERVICE);
        let v = &a.services[0];
        let m = build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false });
        let c = choices(&a, v, &m);
        assert_eq!(
            values(&c.sources),
            [
                "external@node-a",
                "external@node-b",
                "external@node-c",
                "pod:default/myapp-1",
                "pod:default/myapp-2",
                "pod:default/other-app",
                "host:node-a",
                "host:node-b",
                "host:node-c"
            ]
        );
        assert_eq!(c.default_source, "pod:default/other-app");
        assert_eq!(c.destinations.len(), 2);
        assert!(c.destinations[0].label.ends_with(":80 (cluster IP)"), "{:?}", c.destinations);
        assert_eq!(c.destinations[1].value, "my-service.default.svc.cluster.local:80");
        assert_eq!(c.default_destination, c.destinations[0].value);

        let t = send(&a, &c.default_source, &c.default_destination, "TCP");
        assert_eq!(t.verdict, TraceVerdict::Delivered);
        assert_eq!(t.pods.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["myapp-1", "myapp-2"]);
        let t = send(&a, "nowhere", &c.default_destination, "TCP");
        assert_eq!(t.verdict, TraceVerdict::Dropped);
        assert!(t.reason.unwrap().starts_with("bad source `nowhere`"));
    }

    #[test]
    fn node_port_defaults_to_an_external_client() {
        let a = analysis(NODEPORT);
        let v = &a.services[0];
        let m = build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false });
        let c = choices(&a, v, &m);
        assert_eq!(c.default_source, "external@node-a");
        assert!(c.default_destination.ends_with(":30007"), "{}", c.default_destination);
        let nodeports = c.destinations.iter().filter(|d| d.label.contains("(nodePort on ")).count();
        assert_eq!(nodeports, 3);
    }

    #[test]
    fn hosts_of_destinations() {
        assert_eq!(destination_host("10.96.0.10:80"), "10.96.0.10");
        assert_eq!(destination_host("[fd00::1]:80"), "fd00::1");
        assert_eq!(destination_host("web.default.svc.cluster.local:80"), "web.default.svc.cluster.local");
        assert_eq!(destination_host("nothing"), "");
    }
}
