//! Where a traced connection starts, as it exists in the analysed cluster: a pod with its node and
//! IP, an external client arriving at a node, or a node's host network.

use crate::trace::{hop, Hop, HopAction, NodeInfo, ObjectId, SourceKind, TraceSource};
use crate::Analysis;
/// The source as it exists in the analysed cluster.
pub(super) struct Src {
    pub(super) kind: SourceKind,
    pub(super) node: NodeInfo,
    pub(super) ip: Option<String>,
    /// For a pod: its namespace (DNS search path) and index in `objects`.
    pub(super) namespace: Option<String>,
    pub(super) pod: Option<ObjectId>,
    pub(super) label: String,
}

/// Checks that the source exists in the analysis (a pod with a node and an IP, or a node).
pub fn check_source(a: &Analysis, from: &TraceSource) -> Result<(), String> {
    resolve_source(a, from, &mut Vec::new()).map(|_| ())
}

pub(super) fn node_list(a: &Analysis) -> String {
    let n: Vec<&str> = a.nodes.iter().map(|n| n.name.as_str()).collect();
    if n.is_empty() {
        "none".into()
    } else {
        n.join(", ")
    }
}

pub(super) fn find_node(a: &Analysis, name: &str) -> Result<NodeInfo, String> {
    a.node(name).cloned().ok_or_else(|| format!("no node {name} in the cluster (nodes: {})", node_list(a)))
}

pub(super) fn resolve_source(a: &Analysis, from: &TraceSource, hops: &mut Vec<Hop>) -> Result<Src, String> {
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
                    HopAction::Send,
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
