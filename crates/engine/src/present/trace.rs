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
    /// For a nodePort destination: the node whose address it is.
    pub node: Option<String>,
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
            node: None,
        });
    }
    sources.extend(a.pods().filter(|(_, _, p)| p.ip().is_some() && p.spec.node_name.is_some()).take(CHOICES_CAP).map(
        |(_, o, p)| Choice {
            value: TraceSource::Pod { namespace: o.namespace.clone(), name: o.name.clone() }.to_string(),
            label: format!("Pod {}/{} ({})", o.namespace, o.name, p.spec.node_name.as_deref().unwrap_or("?")),
            node: None,
        },
    ));
    for n in a.nodes.iter().take(CHOICES_CAP / 3) {
        sources.push(Choice {
            value: TraceSource::Host { node: n.name.clone() }.to_string(),
            label: format!("Host network of {}", n.name),
            node: None,
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
            let node = if fr.kind == FrontendKind::NodePort { fr.node.clone() } else { None };
            destinations.push(Choice { label: format!("{hp} ({what})"), value: hp, node });
        }
    }
    if m.port > 0 || !matches!(m.mode, Mode::Proxied) {
        let port = if m.port > 0 { m.port } else { 80 };
        let name = format!("{}:{port}", service_name(&m.namespace, &m.name, a.cluster.domain()));
        destinations.push(Choice { label: format!("{name} (DNS name)"), value: name, node: None });
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

/// The destination to show once `source` is chosen: an external client's packets arrive at the
/// node it names, so a nodePort destination on another node moves to the same nodePort on that
/// node (otherwise the trace would say "arrives at node-a (not node-c)"). Anything else stays.
pub fn destination_for_source(c: &Choices, source: &str, destination: &str) -> String {
    let Ok(TraceSource::External { node }) = TraceSource::parse(source) else { return destination.to_string() };
    let Some(current) = c.destinations.iter().find(|d| d.value == destination) else {
        return destination.to_string();
    };
    let (Some(on), Some((_, port))) = (&current.node, current.value.rsplit_once(':')) else {
        return destination.to_string();
    };
    if *on == node {
        return destination.to_string();
    }
    c.destinations
        .iter()
        .find(|d| d.node.as_deref() == Some(node.as_str()) && d.value.rsplit_once(':').map(|(_, p)| p) == Some(port))
        .map_or_else(|| destination.to_string(), |d| d.value.clone())
}

/// How a verdict reads on the page: its tag, and its tone (`ok` green, `warn` amber, `info`
/// neutral, `bad` red).
pub fn verdict_tag(v: TraceVerdict) -> (&'static str, &'static str) {
    match v {
        TraceVerdict::Delivered => ("Delivered", "ok"),
        TraceVerdict::AtRisk => ("Delivered, at risk", "warn"),
        TraceVerdict::Conditional => ("Only if routed", "warn"),
        TraceVerdict::LeavesCluster => ("Leaves the cluster", "info"),
        TraceVerdict::Dropped => ("Dropped", "bad"),
    }
}

/// The address part of a destination (`10.96.0.10` of `10.96.0.10:80`, `fd00::1` of
/// `[fd00::1]:80`, the name of `name:80`).
pub fn destination_host(destination: &str) -> &str {
    destination.rsplit_once(':').map_or("", |(h, _)| h.trim_matches(|c| c == '[' || c == ']'))
}

/// The diagram's client box: its title and the line under it. A traced request is drawn from
/// its own source (`source`: an external client, a node's host network, a pod); without one the
/// box stands for whoever the focused frontend serves.
pub fn client_box(m: &Model, source: Option<&str>) -> (&'static str, String) {
    match source.map(TraceSource::parse) {
        Some(Ok(TraceSource::External { node })) => ("External client", format!("arrives at {node}")),
        Some(Ok(TraceSource::Host { node })) => ("Node", format!("host network of {node}")),
        Some(Ok(TraceSource::Pod { name, .. })) => ("Client pod", name),
        _ => match (&m.mode, m.focus.as_ref().map(|f| f.kind)) {
            (Mode::Proxied, Some(FrontendKind::ClusterIP)) => ("Client pod", "on any node".into()),
            (Mode::Proxied, Some(_)) => ("External client", "outside the cluster".into()),
            (Mode::Unproxied(_), _) => ("Client", String::new()),
            _ => ("Client pod", "asks cluster DNS".into()),
        },
    }
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

    #[test]
    fn the_client_box_is_the_traced_source() {
        let a = crate::present::testing::analysis(crate::present::testing::MY_SERVICE);
        let v = &a.services[0];
        let m = build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false });
        assert_eq!(client_box(&m, None), ("Client pod", "on any node".to_string()));
        assert_eq!(client_box(&m, Some("external@node-b")), ("External client", "arrives at node-b".to_string()));
        assert_eq!(client_box(&m, Some("host:node-a")), ("Node", "host network of node-a".to_string()));
        assert_eq!(client_box(&m, Some("pod:default/myapp-1")), ("Client pod", "myapp-1".to_string()));
    }
    use crate::present::diagram::{build, Options};
    use crate::present::testing::{analysis, EXTERNALNAME, MY_SERVICE, NODEPORT};

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
    fn verdicts_tell_the_truth() {
        // An external client to a cluster IP: only if the network routes the Service CIDR.
        let a = analysis(MY_SERVICE);
        let ip = &a.services[0].routes.ports[0].frontends[0].ip;
        let t = send(&a, "external@node-a", &format!("{ip}:80"), "TCP");
        assert_eq!(t.verdict, TraceVerdict::Conditional, "{t:?}");
        assert!(t
            .reason
            .as_deref()
            .unwrap()
            .starts_with("only if your network routes the Service CIDR (10.96.0.0/12)"));
        assert_eq!(t.pods.len(), 2);
        assert_eq!(verdict_tag(t.verdict).1, "warn");
        // From a pod it is simply delivered.
        assert_eq!(send(&a, "pod:default/other-app", &format!("{ip}:80"), "TCP").verdict, TraceVerdict::Delivered);
        // A name on the internet leaves the cluster through CoreDNS's upstream.
        let t = send(&a, "pod:default/myapp-1", "example.com:443", "TCP");
        assert_eq!(t.verdict, TraceVerdict::LeavesCluster, "{t:?}");
        assert!(t.reason.unwrap().contains("forwards example.com. to the upstream resolver"));
        // A working ExternalName is a CNAME out of the cluster, not a drop.
        let a = analysis(EXTERNALNAME);
        let t = send(&a, "host:node-a", "my-service.prod.svc.cluster.local:80", "TCP");
        assert_eq!(t.verdict, TraceVerdict::LeavesCluster, "{t:?}");
        assert!(t.reason.unwrap().starts_with("leaves the cluster as CNAME my.service.domain.com"));
        // A targetPort no container declares: delivered, with the warning.
        let a = analysis(&MY_SERVICE.replace("targetPort: 9376", "targetPort: 9377"));
        let ip = &a.services[0].routes.ports[0].frontends[0].ip;
        let t = send(&a, "pod:default/other-app", &format!("{ip}:80"), "TCP");
        assert_eq!(t.verdict, TraceVerdict::AtRisk, "{t:?}");
        assert!(t.reason.unwrap().contains("targetPort 9377 is not a containerPort"));
        assert_eq!(t.pods.len(), 2);
    }

    #[test]
    fn an_external_client_sends_to_the_node_it_names() {
        let a = analysis(NODEPORT);
        let v = &a.services[0];
        let m = build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false });
        let c = choices(&a, v, &m);
        let on = |node: &str| c.destinations.iter().find(|d| d.node.as_deref() == Some(node)).unwrap().value.clone();
        assert_eq!(c.default_destination, on("node-a"));
        let to = destination_for_source(&c, "external@node-c", &c.default_destination);
        assert_eq!(to, on("node-c"));
        let t = send(&a, "external@node-c", &to, "TCP");
        assert!(t.hops.iter().all(|h| !h.detail.contains("(not node-c)")), "{:?}", t.hops);
        // A pod keeps the chosen destination; so does a non-nodePort one.
        assert_eq!(destination_for_source(&c, "pod:default/x", &on("node-a")), on("node-a"));
        let dns = c.destinations.last().unwrap().value.clone();
        assert_eq!(destination_for_source(&c, "external@node-c", &dns), dns);
    }

    #[test]
    fn hosts_of_destinations() {
        assert_eq!(destination_host("10.96.0.10:80"), "10.96.0.10");
        assert_eq!(destination_host("[fd00::1]:80"), "fd00::1");
        assert_eq!(destination_host("web.default.svc.cluster.local:80"), "web.default.svc.cluster.local");
        assert_eq!(destination_host("nothing"), "");
    }
}
