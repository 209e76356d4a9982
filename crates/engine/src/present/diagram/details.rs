//! What the diagram's details box says about a node (kube-proxy's routes there for the focus) or
//! a pod (its facts, its endpoint and share, and why the selector misses it).

use super::model::{route_for, Model, PodState};
use crate::model::{ObjectId, SourceKind};
use crate::present::selector::{pod_near_misses, Miss};
use crate::{Analysis, ServiceView};

/// What kube-proxy on one node does with one kind of source, for the focused frontend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRoute {
    pub source: SourceKind,
    /// `web-1 10.244.1.5:8080 50%, ... (SNAT; notes)`, or `DROP (reason)`.
    pub text: String,
    /// Which rule chain decides.
    pub rule: String,
}

/// kube-proxy's routes on `node` for the model's focus, per kind of source (empty without a
/// focus, or for a node kube-proxy does not run on).
pub fn node_routes(v: &ServiceView, m: &Model, node: &str) -> Vec<NodeRoute> {
    let Some(focus) = &m.focus else { return Vec::new() };
    SourceKind::ALL
        .iter()
        .filter_map(|s| route_for(v, m.port_idx, focus, node, *s).map(|r| (*s, r)))
        .map(|(source, (r, eps))| NodeRoute {
            source,
            text: crate::proxy::route_text(r, eps).trim_start_matches("-> ").to_string(),
            rule: r.rule.clone(),
        })
        .collect()
}

/// A pod's facts, for the details box.
#[derive(Clone, Debug, PartialEq)]
pub struct PodDetails {
    pub name: String,
    pub namespace: String,
    pub ip: Option<String>,
    /// None: not scheduled.
    pub node: Option<String>,
    /// As drawn (None: not in the diagram).
    pub state: Option<PodState>,
    /// The Ready condition (None: the pod has none).
    pub ready_condition: Option<bool>,
    pub labels: Vec<(String, String)>,
    /// `ip:port` of its endpoint for the chosen port, and its share of new connections.
    pub endpoint: Option<(String, Option<f64>)>,
    /// The selector terms its labels miss.
    pub misses: Vec<Miss>,
}

/// The details of the pod `id` (None: no such pod).
pub fn pod_details(a: &Analysis, v: &ServiceView, m: &Model, id: ObjectId) -> Option<PodDetails> {
    let o = a.objects.get(id)?;
    let p = o.pod()?;
    let item = m.lanes.iter().flat_map(|l| l.pods.iter()).find(|p| p.object == Some(id));
    Some(PodDetails {
        name: o.name.clone(),
        namespace: o.namespace.clone(),
        ip: p.ip().map(str::to_string),
        node: p.spec.node_name.clone(),
        state: item.map(|i| i.state),
        ready_condition: if p.status.ready { Some(true) } else { p.status.has_ready_condition.then_some(false) },
        labels: p.metadata.labels.iter().map(|(k, val)| (k.clone(), val.clone())).collect(),
        endpoint: item.and_then(|i| i.endpoint().map(|e| (e, i.share))),
        misses: pod_near_misses(a, v, id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::diagram::{build, Options};
    use crate::present::testing::{analysis, MY_SERVICE, NODEPORT};

    #[test]
    fn pod_details_of_the_example() {
        let a = analysis(MY_SERVICE);
        let v = &a.services[0];
        let m = build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false });
        let id = |name: &str| a.pods().find(|(_, o, _)| o.name == name).unwrap().0;
        let d = pod_details(&a, v, &m, id("myapp-1")).unwrap();
        assert_eq!(d.ip.as_deref(), Some("10.244.1.11"));
        assert_eq!(d.node.as_deref(), Some("node-a"));
        assert_eq!(d.state, Some(PodState::Ready));
        assert_eq!(d.ready_condition, Some(true));
        assert_eq!(d.endpoint, Some(("10.244.1.11:9376".to_string(), Some(0.5))));
        assert!(d.misses.is_empty());
        let d = pod_details(&a, v, &m, id("other-app")).unwrap();
        assert_eq!(d.state, Some(PodState::Unselected));
        assert_eq!(d.endpoint, None);
        assert_eq!(d.misses.len(), 1);
        assert_eq!(pod_details(&a, v, &m, v.object), None, "a Service is no pod");
    }

    #[test]
    fn node_routes_for_a_node_port() {
        let a = analysis(NODEPORT);
        let v = &a.services[0];
        let m = build(&a, v, &Options { port_idx: 0, focus: None, show_all_nodes: false });
        let r = node_routes(v, &m, "node-a");
        assert_eq!(r.iter().map(|r| r.source).collect::<Vec<_>>(), SourceKind::ALL);
        assert!(r[1].text.contains("(SNAT"), "{:?}", r[1]);
        assert!(r[1].rule.starts_with("KUBE-NODEPORTS nodePort rule"), "{:?}", r[1]);
        assert!(node_routes(v, &m, "no-such-node").is_empty());
    }
}
