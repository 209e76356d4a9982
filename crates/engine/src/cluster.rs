//! Stage `cluster`: the cluster's nodes — the input's valid Nodes, or, when it has none, the
//! default cluster of three Ready nodes (reference §0.2). Nodes without a `spec.podCIDR` get
//! one (`10.244.N.0/24`, the first N no other node uses).

use crate::api::wellknown::{LABEL_HOSTNAME, LABEL_OS, LABEL_ZONE};
use crate::api::NodeInfo;
use crate::diag::{Code, Diagnostic, Severity};
use crate::labels::Labels;
use crate::model::{Body, Diagnostics, Objects};
use crate::util::ip;
use crate::yaml::{Pos, Span};
use std::collections::BTreeSet;

/// The nodes, and whether they are the assumed default cluster.
pub fn run(objects: &Objects, sink: &mut Diagnostics) -> (Vec<NodeInfo>, bool) {
    let mut nodes: Vec<NodeInfo> = objects
        .iter()
        .filter(|o| o.valid)
        .filter_map(|o| match &o.body {
            Body::Node(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    let default = nodes.is_empty();
    if default {
        nodes = default_nodes();
        if !objects.is_empty() {
            sink.push(default_nodes_notice());
        }
    }
    assign_pod_cidrs(&mut nodes);
    (nodes, default)
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
            NodeInfo {
                name,
                labels,
                internal_ip: Some(format!("192.168.1.{}", 11 + i)),
                pod_cidr: Some(format!("10.244.{}.0/24", i + 1)),
                ready: true,
            }
        })
        .collect()
}

pub(crate) fn default_nodes_notice() -> Diagnostic {
    let mut d = Diagnostic::new(
        Severity::Info,
        Code::DefaultNodes,
        "no Node in the input: assuming the default cluster of three Ready nodes node-a, node-b and node-c (zones zone-a, zone-b, zone-c; pod CIDRs 10.244.1.0/24, 10.244.2.0/24, 10.244.3.0/24)",
    )
    .help("add Node objects to model your own cluster");
    let start = Pos { line: 1, column: 1 };
    d.span = Span { start, end: start };
    d
}

pub(crate) fn assign_pod_cidrs(nodes: &mut [NodeInfo]) {
    let mut used: BTreeSet<u32> =
        nodes.iter().filter_map(|n| n.pod_cidr.as_deref()).filter_map(default_range_index).collect();
    let mut next = 1u32;
    for node in nodes.iter_mut().filter(|n| n.pod_cidr.is_none()) {
        while used.contains(&next) {
            next += 1;
        }
        // Past 10.244.255.0/24 there is no room left in the default /16: leave the node without.
        if next <= 255 {
            node.pod_cidr = Some(format!("10.244.{next}.0/24"));
            used.insert(next);
        }
    }
}

/// N for a `10.244.N.x/..` CIDR.
pub(crate) fn default_range_index(cidr: &str) -> Option<u32> {
    let (base, _) = ip::v4_cidr(cidr)?;
    (base >> 16 == (10 << 8 | 244)).then_some((base >> 8) & 0xff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_range() {
        assert_eq!(default_range_index("10.244.7.0/24"), Some(7));
        assert_eq!(default_range_index("10.245.7.0/24"), None);
    }

    #[test]
    fn derived_pod_cidrs_skip_used_ranges() {
        let mut nodes = vec![
            NodeInfo { name: "x".into(), pod_cidr: None, ..Default::default() },
            NodeInfo { name: "y".into(), pod_cidr: Some("10.244.1.0/24".into()), ..Default::default() },
            NodeInfo { name: "z".into(), pod_cidr: None, ..Default::default() },
        ];
        assign_pod_cidrs(&mut nodes);
        assert_eq!(nodes[0].pod_cidr.as_deref(), Some("10.244.2.0/24"));
        assert_eq!(nodes[2].pod_cidr.as_deref(), Some("10.244.3.0/24"));
    }
}
