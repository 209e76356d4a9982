//! Stage `cluster`: the cluster's nodes — the input's valid Nodes; when it has none, the nodes
//! its pods name (`nodeName`, with `status.hostIP` as the node's address: a dump taken without
//! nodes); else the default cluster of three Ready nodes (reference §0.2). Nodes without pod
//! ranges get one per family of the cluster's pod CIDRs: the first free /24 (IPv4) or /64 (IPv6).

use crate::api::wellknown::{LABEL_HOSTNAME, LABEL_OS, LABEL_ZONE};
use crate::api::NodeInfo;
use crate::labels::Labels;
use crate::model::{Body, ClusterSettings, NodesFrom, Objects};
use crate::util::ip::Cidr;
use std::collections::BTreeSet;

/// The nodes, as `settings.nodes` says where they come from.
pub fn run(objects: &Objects, settings: &ClusterSettings) -> Vec<NodeInfo> {
    let mut nodes: Vec<NodeInfo> = match settings.nodes.value {
        NodesFrom::Input => objects
            .iter()
            .filter(|o| o.valid)
            .filter_map(|o| match &o.body {
                Body::Node(n) => Some(n.clone()),
                _ => None,
            })
            .collect(),
        NodesFrom::Pods => nodes_of_pods(objects),
        NodesFrom::Default => default_nodes(),
    };
    assign_pod_cidrs(&mut nodes, &settings.pod_cidrs.value);
    nodes
}

/// The cluster assumed when the input has no Node (reference §0.2).
pub fn default_nodes() -> Vec<NodeInfo> {
    ["a", "b", "c"]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = format!("node-{s}");
            let mut labels = Labels::new();
            labels.insert(LABEL_HOSTNAME.into(), name.clone());
            labels.insert(LABEL_OS.into(), "linux".into());
            labels.insert(LABEL_ZONE.into(), format!("zone-{s}"));
            let ip = format!("192.168.1.{}", 11 + i);
            NodeInfo {
                name,
                labels,
                internal_ip: Some(ip.clone()),
                internal_ips: vec![ip],
                ready: true,
                ..Default::default()
            }
        })
        .collect()
}

/// The nodes the pods are bound to, in the order the pods name them, with the address the
/// kubelet reported (`status.hostIP(s)`). Ready: their pods run.
fn nodes_of_pods(objects: &Objects) -> Vec<NodeInfo> {
    let mut nodes: Vec<NodeInfo> = Vec::new();
    for (_, _, p) in objects.pods() {
        let Some(name) = p.spec.node_name.as_deref().filter(|n| !n.is_empty()) else { continue };
        let i = match nodes.iter().position(|n| n.name == name) {
            Some(i) => i,
            None => {
                let mut labels = Labels::new();
                labels.insert(LABEL_HOSTNAME.into(), name.to_string());
                nodes.push(NodeInfo { name: name.to_string(), labels, ready: true, ..Default::default() });
                nodes.len() - 1
            }
        };
        if let Some(n) = nodes.get_mut(i) {
            if n.internal_ips.is_empty() && !p.status.host_ips.is_empty() {
                n.internal_ips = p.status.host_ips.clone();
                n.internal_ip = p.status.host_ips.first().cloned();
            }
        }
    }
    nodes
}

/// Gives every node without pod ranges the first free one of each family of `pod_cidrs`: the
/// N-th /24 of an IPv4 range (N from 1), the N-th /64 of an IPv6 one.
pub(crate) fn assign_pod_cidrs(nodes: &mut [NodeInfo], pod_cidrs: &[String]) {
    for cidr in pod_cidrs.iter().filter_map(|c| Cidr::parse(c)) {
        let len = if cidr.v4 { 24 } else { 64 };
        if cidr.len > len {
            continue;
        }
        let host_bits = if cidr.v4 { 32 } else { 128 } - len;
        let block = |n: u128| Cidr::from_value(cidr.v4, cidr.base() + (n << host_bits), len);
        let index = |c: &str| {
            let c = Cidr::parse(c).filter(|c| c.v4 == cidr.v4 && c.len == len && cidr.holds(c.base()))?;
            Some((c.base() - cidr.base()) >> host_bits)
        };
        let family_of = |c: &str| Cidr::parse(c).is_some_and(|c| c.v4 == cidr.v4);
        let mut used: BTreeSet<u128> = crate::util::sort::set(
            nodes.iter().flat_map(|n| n.pod_cidrs.iter().chain(n.pod_cidr.iter())).filter_map(|c| index(c)),
        );
        let last = (1u128 << (len - cidr.len)).saturating_sub(1);
        let mut next = 1u128;
        for node in nodes.iter_mut() {
            if node.pod_cidrs.iter().chain(node.pod_cidr.iter()).any(|c| family_of(c)) {
                continue;
            }
            while used.contains(&next) {
                next += 1;
            }
            // No room left in the range: leave the node without.
            if next > last {
                break;
            }
            let c = block(next).to_string();
            used.insert(next);
            if node.pod_cidr.is_none() {
                node.pod_cidr = Some(c.clone());
            }
            node.pod_cidrs.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_pod_cidrs_skip_used_ranges() {
        let mut nodes = vec![
            NodeInfo { name: "x".into(), pod_cidr: None, ..Default::default() },
            NodeInfo {
                name: "y".into(),
                pod_cidr: Some("10.244.1.0/24".into()),
                pod_cidrs: vec!["10.244.1.0/24".into()],
                ..Default::default()
            },
            NodeInfo { name: "z".into(), pod_cidr: None, ..Default::default() },
        ];
        assign_pod_cidrs(&mut nodes, &["10.244.0.0/16".into(), "fd00:10:244::/56".into()]);
        assert_eq!(nodes[0].pod_cidr.as_deref(), Some("10.244.2.0/24"));
        assert_eq!(nodes[2].pod_cidr.as_deref(), Some("10.244.3.0/24"));
        assert_eq!(nodes[0].pod_cidrs, ["10.244.2.0/24", "fd00:10:244:1::/64"]);
        assert_eq!(nodes[1].pod_cidrs, ["10.244.1.0/24", "fd00:10:244:2::/64"]);
    }
}
