//! What the traffic diagram shows, computed from the analysis (no drawing here): the Service's
//! mode, its frontends, one lane per node with the pods on it, and — for the frontend in focus —
//! what kube-proxy on each node does and each pod's share of new connections.

use crate::model::{DropReason, FrontendKind, ObjectId, Route, RouteEndpoint, ServiceType, SourceKind, Verdict};
use crate::present::dns::service_name;
pub use crate::present::pod::PodState;
use crate::proxy::{Inputs, Policy};
use crate::{Analysis, ServiceView};
use std::collections::BTreeMap;

/// Lanes shown before the rest collapse into one aggregate lane (unless "show all").
pub const NODE_CAP: usize = 8;
/// When collapsing, how many lanes stay.
pub const NODES_KEPT: usize = 6;
/// Pods drawn per lane before the rest collapse to a count.
pub const POD_CAP_FEW_NODES: usize = 10;
pub const POD_CAP_MANY_NODES: usize = 6;

/// How the Service carries traffic at all.
#[derive(Clone, Debug, PartialEq)]
pub enum Mode {
    /// kube-proxy rules: cluster IP (and maybe nodePorts, VIPs, external IPs).
    Proxied,
    /// clusterIP None: DNS answers with the pod IPs; clients connect to them directly.
    Headless { fqdn: String },
    /// DNS answers a CNAME; nothing in the cluster carries the traffic.
    ExternalName { fqdn: String, target: String },
    /// No rules for another reason (no cluster IP, another proxy).
    Unproxied(String),
}

/// A frontend a client can aim at (for the chosen port). NodePort stands for "the nodePort on
/// every node".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Focus {
    pub kind: FrontendKind,
    /// The address (cluster IP, VIP, external IP); empty for NodePort.
    pub ip: String,
    pub port: i64,
}

impl Focus {
    pub fn label(&self) -> String {
        match self.kind {
            FrontendKind::ClusterIP => format!("cluster IP {}:{}", self.ip, self.port),
            FrontendKind::NodePort => format!("nodePort {} on every node", self.port),
            FrontendKind::LoadBalancer => format!("load balancer {}:{}", self.ip, self.port),
            FrontendKind::ExternalIP => format!("external IP {}:{}", self.ip, self.port),
        }
    }
    /// The source kind the shares are computed for.
    pub fn source(&self) -> SourceKind {
        if self.kind == FrontendKind::ClusterIP {
            SourceKind::Pod
        } else {
            SourceKind::External
        }
    }
}

/// A pod (or a bare endpoint address) drawn in a lane.
#[derive(Clone, Debug, PartialEq)]
pub struct PodItem {
    /// Index into `Analysis::objects` (None: an endpoint that is no known pod).
    pub object: Option<ObjectId>,
    pub name: String,
    pub ip: String,
    /// The endpoint port for the chosen Service port, when it is an endpoint.
    pub port: Option<i64>,
    pub state: PodState,
    /// Share of new connections for the focused frontend (None: never picked).
    pub share: Option<f64>,
}

impl PodItem {
    /// `ip:port` of the endpoint (None: not an endpoint of the chosen port), as
    /// [`Entry::endpoints`] and [`Model::common`] name it.
    pub fn endpoint(&self) -> Option<String> {
        self.port.map(|p| endpoint_key(&self.ip, p))
    }
}

/// What kube-proxy on one node does for the focused frontend (source: [`Focus::source`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub verdict: Verdict,
    pub reason: Option<String>,
    /// Why it drops or rejects.
    pub drop: Option<DropReason>,
    pub rule: String,
    pub snat: bool,
    /// Endpoints (address:port) the node may pick, with probabilities.
    pub endpoints: Vec<(String, f64)>,
    /// True when this node's set differs from the Service-wide set (Local policy, topology):
    /// drawn straight to its endpoints instead of through the Service.
    pub specific: bool,
    /// True when the set is the node's own endpoints because externalTrafficPolicy is Local (for
    /// an external focus).
    pub local: bool,
    /// Whether the load balancer sends traffic to this node (health check), for a VIP focus.
    pub lb_sends: bool,
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    /// Index into `Analysis::nodes` (None: the "elsewhere" lane for unscheduled pods and
    /// endpoints on no known node).
    pub node: Option<usize>,
    pub name: String,
    pub address: String,
    pub zone: Option<String>,
    pub ready: bool,
    pub pods: Vec<PodItem>,
    /// Pods not drawn: (total, selected ready, share sum).
    pub hidden: (usize, usize, f64),
    pub entry: Option<Entry>,
    /// healthCheckNodePort answer, for LoadBalancer + Local.
    pub health: Option<u16>,
}

/// Lanes collapsed into one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Aggregate {
    pub nodes: usize,
    pub pods: usize,
    pub ready: usize,
    pub share: f64,
    pub dropped_nodes: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub mode: Mode,
    pub namespace: String,
    pub name: String,
    pub type_: String,
    /// The chosen Service port index, its port, protocol and target.
    pub port_idx: usize,
    pub port: i64,
    pub protocol: String,
    pub target: String,
    pub node_port: Option<i64>,
    pub cluster_ip: Option<String>,
    pub frontends: Vec<Focus>,
    pub focus: Option<Focus>,
    pub lanes: Vec<Lane>,
    pub aggregate: Option<Aggregate>,
    /// Share of new connections that no pod gets (dropped / rejected), for the focus.
    pub dropped_share: f64,
    /// The Service-wide endpoint set for the focus (drawn from the Service box).
    pub common: Vec<(String, f64)>,
    /// The traffic policies as kube-proxy applies them (`externalTrafficPolicy: Local` counts only
    /// on an externally accessible Service).
    pub etp_local: bool,
    pub itp_local: bool,
    pub notes: Vec<String>,
    /// How many endpoints get a share of the focus's connections, the largest and smallest share.
    pub share_count: usize,
    pub share_range: (f64, f64),
    /// Selected pods in total, and how many are ready.
    pub selected: usize,
    pub selected_ready: usize,
}

fn endpoint_key(address: &str, port: i64) -> String {
    format!("{address}:{port}")
}

/// The frontends of port `port_idx`, outermost first is not needed: cluster IP first, then
/// nodePort, load balancers, external IPs.
pub fn frontends(v: &ServiceView, port_idx: usize) -> Vec<Focus> {
    let mut out: Vec<Focus> = Vec::new();
    let Some(pr) = v.routes.ports.get(port_idx) else { return out };
    for f in &pr.frontends {
        let focus = match f.kind {
            FrontendKind::NodePort => Focus { kind: f.kind, ip: String::new(), port: f.port },
            _ => Focus { kind: f.kind, ip: f.ip.clone(), port: f.port },
        };
        if !out.contains(&focus) {
            out.push(focus);
        }
    }
    out
}

/// The default focus: the outermost way in (load balancer, else nodePort, else external IP,
/// else the cluster IP).
pub fn default_focus(fronts: &[Focus]) -> Option<Focus> {
    let rank = |k: FrontendKind| match k {
        FrontendKind::LoadBalancer => 0,
        FrontendKind::NodePort => 1,
        FrontendKind::ExternalIP => 2,
        FrontendKind::ClusterIP => 3,
    };
    fronts.iter().min_by_key(|f| rank(f.kind)).cloned()
}

/// The route kube-proxy on `node` applies to `source` for the focused frontend, and the
/// endpoints it may pick.
pub fn route_for<'a>(
    v: &'a ServiceView,
    port_idx: usize,
    focus: &Focus,
    node: &str,
    source: SourceKind,
) -> Option<(&'a Route, &'a [RouteEndpoint])> {
    let pr = v.routes.ports.get(port_idx)?;
    pr.frontends
        .iter()
        .filter(|f| f.kind == focus.kind && f.port == focus.port)
        .filter(|f| match f.kind {
            FrontendKind::NodePort => f.node.as_deref() == Some(node),
            _ => f.ip == focus.ip,
        })
        .flat_map(|f| f.routes.iter())
        .find(|r| r.node == node && r.source == source)
        .map(|r| (r, pr.endpoints(r)))
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    pub port_idx: usize,
    pub focus: Option<Focus>,
    pub show_all_nodes: bool,
}

pub fn build(a: &Analysis, v: &ServiceView, opts: &Options) -> Model {
    let svc = a.objects.get(v.object).and_then(|o| o.service());
    let type_ = svc.map(|s| s.spec.type_.to_string()).unwrap_or_else(|| "ClusterIP".into());
    let port_idx = opts.port_idx.min(svc.map_or(0, |s| s.spec.ports.len().saturating_sub(1)));
    let sp = svc.and_then(|s| s.spec.ports.get(port_idx));
    let fqdn = service_name(&v.namespace, &v.name, a.cluster.domain());
    let mode = match svc {
        Some(s) if s.spec.type_ == ServiceType::ExternalName => {
            Mode::ExternalName { fqdn, target: s.spec.external_name.clone().unwrap_or_default() }
        }
        Some(s) if s.is_headless() => Mode::Headless { fqdn },
        _ => match &v.routes.unproxied {
            Some(why) => Mode::Unproxied(why.clone()),
            None => Mode::Proxied,
        },
    };
    let fronts = if mode == Mode::Proxied { frontends(v, port_idx) } else { Vec::new() };
    let focus = opts.focus.clone().filter(|f| fronts.contains(f)).or_else(|| default_focus(&fronts));
    let policy = Policy::new(&Inputs::of(a), v);
    let etp_local = policy.as_ref().is_some_and(|p| p.etp_local);
    let itp_local = policy.as_ref().is_some_and(|p| p.itp_local);

    // Endpoints of the chosen port, by pod object and by address.
    let port_eps = v.endpoints.ports.get(port_idx);
    let mut ep_by_pod: BTreeMap<ObjectId, i64> = BTreeMap::new();
    let mut bare: Vec<(String, i64, Option<String>, bool)> = Vec::new();
    let eps_source: Vec<_> = match (&mode, port_eps) {
        (_, Some(pe)) => pe.slice_endpoints.iter().collect(),
        (Mode::Headless { .. }, None) => v.endpoints.all.iter().collect(),
        _ => Vec::new(),
    };
    for e in &eps_source {
        match e.pod {
            Some(i) => {
                ep_by_pod.insert(i, e.port);
            }
            None => {
                if !bare.iter().any(|b| b.0 == e.address && b.1 == e.port) {
                    bare.push((e.address.clone(), e.port, e.node.clone(), e.ready));
                }
            }
        }
    }

    // Shares per endpoint (address:port) for the focus, and each node's entry.
    let mut shares: BTreeMap<String, f64> = BTreeMap::new();
    let mut dropped_share = 0.0;
    let mut entries: Vec<Option<Entry>> = vec![None; a.nodes.len()];
    let mut health: Vec<Option<u16>> = vec![None; a.nodes.len()];
    if let Some(h) = &v.routes.health_check {
        for (i, n) in a.nodes.iter().enumerate() {
            health[i] = h.nodes.iter().find(|x| x.node == n.name).map(|x| x.status);
        }
    }
    let mut common: Vec<(String, f64)> = Vec::new();
    match (&mode, &focus) {
        (Mode::Proxied, Some(f)) => {
            let src = f.source();
            let routes: Vec<Option<(&Route, &[RouteEndpoint])>> =
                a.nodes.iter().map(|n| route_for(v, port_idx, f, &n.name, src)).collect();
            // The Service-wide set: what most forwarding nodes pick.
            type Shares = Vec<(String, f64)>;
            let mut counts: BTreeMap<Vec<String>, (usize, Shares)> = BTreeMap::new();
            for (_, eps) in routes.iter().flatten().filter(|(r, _)| r.verdict == Verdict::Forward) {
                let set: Vec<(String, f64)> =
                    eps.iter().map(|e| (endpoint_key(&e.address, e.port), e.probability)).collect();
                let key: Vec<String> = set.iter().map(|x| x.0.clone()).collect();
                counts.entry(key).or_insert((0, set)).0 += 1;
            }
            // The policy kube-proxy applies to the focus's source (external clients for an
            // external frontend, pods for the cluster IP): Local means no Service-wide set.
            let local_only = (etp_local && f.kind.is_external()) || (itp_local && f.kind == FrontendKind::ClusterIP);
            let has_cluster_path = !local_only;
            if has_cluster_path {
                if let Some((_, (_, set))) = counts.iter().max_by_key(|(_, (n, _))| *n) {
                    common = set.clone();
                }
            }
            let lb = f.kind == FrontendKind::LoadBalancer;
            // Which nodes receive the traffic: the load balancer skips nodes failing the health check.
            let receives: Vec<bool> = a
                .nodes
                .iter()
                .enumerate()
                .map(|(i, n)| n.ready && !(lb && health[i].is_some_and(|s| s != 200)))
                .collect();
            let receiving = receives.iter().filter(|x| **x).count().max(1) as f64;
            let common_keys: Vec<&String> = common.iter().map(|x| &x.0).collect();
            for (i, r) in routes.iter().enumerate() {
                let Some((r, eps)) = r else { continue };
                let set: Vec<(String, f64)> =
                    eps.iter().map(|e| (endpoint_key(&e.address, e.port), e.probability)).collect();
                let keys: Vec<&String> = set.iter().map(|x| &x.0).collect();
                let specific = r.verdict == Verdict::Forward && keys != common_keys;
                if receives[i] {
                    match r.verdict {
                        Verdict::Forward => {
                            for (k, p) in &set {
                                *shares.entry(k.clone()).or_default() += p / receiving;
                            }
                        }
                        _ => dropped_share += 1.0 / receiving,
                    }
                }
                entries[i] = Some(Entry {
                    verdict: r.verdict,
                    reason: r.reason_text(),
                    drop: r.reason.clone(),
                    rule: r.rule.clone(),
                    snat: r.snat,
                    endpoints: set,
                    specific,
                    local: specific && etp_local && f.kind.is_external(),
                    lb_sends: receives[i],
                    notes: r.notes.clone(),
                });
            }
        }
        (Mode::Headless { .. }, _) => {
            // DNS answers the ready endpoints; the client picks one.
            let ready: Vec<String> =
                eps_source.iter().filter(|e| e.ready).map(|e| endpoint_key(&e.address, e.port)).collect();
            let n = ready.len().max(1) as f64;
            for k in ready {
                shares.insert(k, 1.0 / n);
            }
        }
        _ => {}
    }

    // Pods by node, in the Service's namespace plus any endpoint pod.
    // Sorted, to look each pod up (a scan of 500 selected pods for each of 1,000 pods was a
    // millisecond of every render).
    let mut selected: Vec<ObjectId> = v.selected.clone();
    selected.sort_unstable();
    let mut selected_ready = 0;
    let mut by_node: BTreeMap<String, Vec<PodItem>> = BTreeMap::new();
    let mut elsewhere: Vec<PodItem> = Vec::new();
    let node_names: Vec<&str> = a.nodes.iter().map(|n| n.name.as_str()).collect();
    for (i, o, pod) in a.pods() {
        let is_sel = selected.binary_search(&i).is_ok();
        let is_ep = ep_by_pod.contains_key(&i);
        if o.namespace != v.namespace && !is_ep {
            continue;
        }
        let state = PodState::of(pod, is_sel || is_ep);
        if is_sel && state == PodState::Ready {
            selected_ready += 1;
        }
        let ip = pod.ip().unwrap_or("").to_string();
        let port = ep_by_pod.get(&i).copied();
        let share = port.and_then(|p| shares.get(&endpoint_key(&ip, p)).copied());
        let item = PodItem { object: Some(i), name: o.name.clone(), ip, port, state, share };
        match pod.spec.node_name.as_deref().filter(|n| node_names.contains(n)) {
            Some(n) => by_node.entry(n.to_string()).or_default().push(item),
            None => elsewhere.push(item),
        }
    }
    for (addr, port, node, ready) in bare {
        let item = PodItem {
            object: None,
            name: addr.clone(),
            ip: addr.clone(),
            port: Some(port),
            state: if ready { PodState::Ready } else { PodState::NotReady },
            share: shares.get(&endpoint_key(&addr, port)).copied(),
        };
        match node.filter(|n| node_names.contains(&n.as_str())) {
            Some(n) => by_node.entry(n).or_default().push(item),
            None => elsewhere.push(item),
        }
    }

    let many = a.nodes.len() > NODE_CAP;
    let pod_cap = if many { POD_CAP_MANY_NODES } else { POD_CAP_FEW_NODES };
    let shown_nodes = if many && !opts.show_all_nodes { NODES_KEPT } else { a.nodes.len() };
    let show_lanes = !matches!(mode, Mode::ExternalName { .. });
    let mut lanes = Vec::new();
    let mut aggregate: Option<Aggregate> = None;
    if show_lanes {
        for (i, n) in a.nodes.iter().enumerate() {
            let mut pods = by_node.remove(&n.name).unwrap_or_default();
            sort_pods(&mut pods);
            if i >= shown_nodes {
                let ag = aggregate.get_or_insert_with(Aggregate::default);
                ag.nodes += 1;
                ag.pods += pods.len();
                ag.ready += pods.iter().filter(|p| p.state == PodState::Ready).count();
                ag.share += pods.iter().filter_map(|p| p.share).sum::<f64>();
                if entries[i].as_ref().is_some_and(|e| e.verdict != Verdict::Forward) {
                    ag.dropped_nodes += 1;
                }
                continue;
            }
            let hidden = collapse(&mut pods, pod_cap);
            lanes.push(Lane {
                node: Some(i),
                name: n.name.clone(),
                address: n.internal_ip.clone().unwrap_or_default(),
                zone: n.zone().map(str::to_string),
                ready: n.ready,
                pods,
                hidden,
                entry: entries[i].clone(),
                health: health[i],
            });
        }
        if !elsewhere.is_empty() {
            sort_pods(&mut elsewhere);
            let hidden = collapse(&mut elsewhere, pod_cap);
            lanes.push(Lane {
                node: None,
                name: "elsewhere".into(),
                address: "on no node of the cluster".into(),
                zone: None,
                ready: false,
                pods: elsewhere,
                hidden,
                entry: None,
                health: None,
            });
        }
    }

    let positive: Vec<f64> = shares.values().copied().filter(|s| *s > 0.0).collect();
    let share_range =
        (positive.iter().copied().fold(0.0, f64::max), positive.iter().copied().fold(f64::INFINITY, f64::min));
    let mut notes = v.routes.notes.clone();
    if let Some(s) = &v.routes.session_affinity {
        notes.push(format!(
            "sessionAffinity ClientIP: a client keeps its pod for {}s after its last new connection",
            s.timeout_seconds
        ));
    }
    Model {
        mode,
        namespace: v.namespace.clone(),
        name: v.name.clone(),
        type_,
        port_idx,
        port: sp.map_or(0, |p| p.port),
        protocol: sp.map_or_else(|| "TCP".into(), |p| p.protocol.to_string()),
        target: port_eps
            .map(|p| p.target.clone())
            .filter(|t| !t.is_empty())
            .or_else(|| sp.map(|p| p.target_port.to_string()))
            .unwrap_or_default(),
        node_port: sp.and_then(|p| p.node_port),
        cluster_ip: svc.and_then(|s| s.spec.cluster_ip.clone()).filter(|ip| ip != "None"),
        frontends: fronts,
        focus,
        lanes,
        aggregate,
        dropped_share,
        common,
        etp_local,
        itp_local,
        notes,
        share_count: positive.len(),
        share_range: if positive.is_empty() { (0.0, 0.0) } else { share_range },
        selected: selected.len(),
        selected_ready,
    }
}

fn sort_pods(pods: &mut [PodItem]) {
    // Endpoints that get traffic first, then by state, then by name (stable input order otherwise).
    crate::util::sort::sort_by(pods, |x, y| {
        let rank = |p: &PodItem| (p.share.is_none(), p.state);
        rank(x).cmp(&rank(y))
    });
}

/// Keeps at most `cap` pods; returns (hidden, hidden selected ready, hidden share).
fn collapse(pods: &mut Vec<PodItem>, cap: usize) -> (usize, usize, f64) {
    if pods.len() <= cap {
        return (0, 0, 0.0);
    }
    let rest = pods.split_off(cap.saturating_sub(1));
    (rest.len(), rest.iter().filter(|p| p.state == PodState::Ready).count(), rest.iter().filter_map(|p| p.share).sum())
}

/// `50%`, `33.3%`, `0.2%`.
pub fn percent(p: f64) -> String {
    crate::util::text::percent(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::testing::{analysis, MY_SERVICE as DEFAULT_EXAMPLE};

    fn model(text: &str) -> Model {
        let a = analysis(text);
        let v = a.services.first().expect("a service");
        build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false })
    }

    #[test]
    fn default_example_has_three_lanes_and_even_shares() {
        let m = model(DEFAULT_EXAMPLE);
        assert_eq!(m.mode, Mode::Proxied);
        assert_eq!(m.lanes.len(), 3);
        let f = m.focus.clone().unwrap();
        assert_eq!(f.kind, FrontendKind::ClusterIP);
        let shares: Vec<(String, Option<f64>)> =
            m.lanes.iter().flat_map(|l| l.pods.iter().map(|p| (p.name.clone(), p.share))).collect();
        assert_eq!(
            shares,
            [("myapp-1".to_string(), Some(0.5)), ("myapp-2".into(), Some(0.5)), ("other-app".into(), None)]
        );
        assert_eq!(m.lanes[2].pods[0].state, PodState::Unselected);
        assert!(m.lanes.iter().all(|l| l.entry.as_ref().is_some_and(|e| e.verdict == Verdict::Forward && !e.specific)));
    }

    #[test]
    fn nodeport_local_drops_on_the_node_without_pods() {
        let text = DEFAULT_EXAMPLE.replacen(
            "spec:\n  selector:",
            "spec:\n  type: NodePort\n  externalTrafficPolicy: Local\n  selector:",
            1,
        );
        let m = model(&text);
        let f = m.focus.clone().unwrap();
        assert_eq!(f.kind, FrontendKind::NodePort);
        let verdicts: Vec<Verdict> = m.lanes.iter().map(|l| l.entry.as_ref().unwrap().verdict).collect();
        assert_eq!(verdicts, [Verdict::Forward, Verdict::Forward, Verdict::Drop]);
        assert!(m.lanes[0].entry.as_ref().unwrap().specific);
        assert!((m.dropped_share - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn many_nodes_collapse() {
        let mut text = String::from(
            "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: a}\n  ports: [{port: 80}]\n",
        );
        for n in 0..50 {
            text.push_str(&format!("---\napiVersion: v1\nkind: Node\nmetadata: {{name: n{n}}}\n"));
        }
        for p in 0..500 {
            text.push_str(&format!(
                "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{p}, labels: {{app: a}}}}\nspec: {{nodeName: n{}, containers: [{{name: c}}]}}\nstatus: {{podIP: 10.244.{}.{}, conditions: [{{type: Ready, status: \"True\"}}]}}\n",
                p % 50,
                p / 200,
                p % 200 + 2
            ));
        }
        let m = model(&text);
        assert_eq!(m.lanes.len(), NODES_KEPT);
        let ag = m.aggregate.clone().unwrap();
        assert_eq!(ag.nodes, 44);
        assert_eq!(ag.pods, 440);
        assert!(m.lanes[0].pods.len() <= POD_CAP_MANY_NODES);
        assert_eq!(m.lanes[0].hidden.0 + m.lanes[0].pods.len(), 10);
    }
}
