//! The scheduler, as far as the playground needs one: Ready nodes with room (kubelet's
//! `maxPods`), the fewest pods of the workload first, and pod IPs from each node's pod CIDR.

use crate::labels::Labels;
use crate::model::ClusterSettings;
use crate::util::ip::{self, Cidr};
use crate::workloads::{NodeInfo, Objects, MAX_PODS_PER_NODE};
use std::collections::BTreeMap;
use std::collections::BTreeSet;
/// A pod already in the cluster (from the input): what scheduling and IP allocation must avoid.
pub(crate) struct InputPod {
    pub(crate) namespace: String,
    pub(crate) labels: Labels,
}

/// Per-node scheduling state: pods placed and the next free address of each pod range.
pub(crate) struct NodeSlot {
    name: String,
    /// The node's InternalIP(s): the pod IPs of a `hostNetwork` pod.
    internal_ips: Vec<String>,
    pods: usize,
    /// The node's pod ranges, the cluster's primary family first.
    ranges: Vec<PodRange>,
}

/// One pod range of a node: usable host offsets `.2` up to the last but one.
struct PodRange {
    cidr: Cidr,
    next_offset: u128,
    last_offset: u128,
}

pub(crate) struct Scheduler {
    pub slots: Vec<NodeSlot>,
    used_ips: BTreeSet<(bool, u128)>,
}

impl Scheduler {
    pub fn new(objects: &Objects, nodes: &[NodeInfo], cluster: &ClusterSettings) -> Self {
        let mut used_ips = BTreeSet::new();
        let mut per_node: BTreeMap<String, usize> = BTreeMap::new();
        for (_, _, pod) in objects.pods() {
            for ip in pod.status.pod_ip.iter().chain(pod.status.pod_ips.iter()) {
                if let Some(v) = ip::parse_v4_sloppy(ip) {
                    used_ips.insert((true, u128::from(u32::from(v))));
                } else if let Some(v) = ip::value(ip) {
                    used_ips.insert(v);
                }
            }
            if let Some(n) = &pod.spec.node_name {
                if !pod.is_terminal() {
                    *per_node.entry(n.clone()).or_default() += 1;
                }
            }
        }
        let primary_v4 = cluster.pod_cidrs.value.first().and_then(|c| Cidr::parse(c)).is_none_or(|c| c.v4);
        let slots = nodes
            .iter()
            .filter(|n| n.ready)
            .map(|n| {
                let mut ranges: Vec<PodRange> = Vec::new();
                for cidr in n.pod_cidrs.iter().chain(n.pod_cidr.iter()).filter_map(|c| Cidr::parse(c)) {
                    // One range per family (podCIDR repeats podCIDRs[0]).
                    if cidr.size() >= 4 && !ranges.iter().any(|r| r.cidr.v4 == cidr.v4) {
                        ranges.push(PodRange { cidr, next_offset: 2, last_offset: cidr.size().saturating_sub(2) });
                    }
                }
                crate::util::sort::sort_by_key(&mut ranges, |r| r.cidr.v4 != primary_v4);
                NodeSlot {
                    name: n.name.clone(),
                    internal_ips: n.ips(),
                    pods: per_node.get(&n.name).copied().unwrap_or(0),
                    ranges,
                }
            })
            .collect();
        Scheduler { slots, used_ips }
    }

    fn has_room(&self, slot: usize, host_network: bool) -> bool {
        self.slots.get(slot).is_some_and(|s| {
            s.pods < MAX_PODS_PER_NODE
                && (host_network || s.ranges.first().is_some_and(|r| r.next_offset <= r.last_offset))
        })
    }

    /// The next free pod IP of each of the node's ranges (skipping IPs the input's pods already
    /// use); None when the primary range is full.
    fn allocate_ips(&mut self, slot: usize) -> Option<Vec<String>> {
        let s = self.slots.get_mut(slot)?;
        let mut out = Vec::new();
        for (i, r) in s.ranges.iter_mut().enumerate() {
            let mut got = None;
            while r.next_offset <= r.last_offset {
                let v = r.cidr.base() + r.next_offset;
                r.next_offset += 1;
                if self.used_ips.insert((r.cidr.v4, v)) {
                    got = Some(ip::from_value(r.cidr.v4, v));
                    break;
                }
            }
            match got {
                Some(ip) => out.push(ip),
                None if i == 0 => return None,
                None => {}
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// Picks a node for a pod: the Ready node with room that has the fewest pods of this
    /// workload, then the fewest pods overall, then the first in order (round-robin on an empty
    /// cluster).
    pub fn pick_node(&self, placed: &BTreeMap<usize, usize>, host_network: bool) -> Option<usize> {
        (0..self.slots.len())
            .filter(|&i| self.has_room(i, host_network))
            .min_by_key(|&i| (placed.get(&i).copied().unwrap_or(0), self.slots.get(i).map_or(0, |s| s.pods), i))
    }

    /// Binds a pod to a node slot: (node name, pod IPs, primary first). A `hostNetwork` pod
    /// shares the node's addresses (and has none when the node has no InternalIP).
    pub fn bind(&mut self, slot: usize, host_network: bool) -> Option<(String, Vec<String>)> {
        if !self.has_room(slot, host_network) {
            return None;
        }
        let ip = if host_network { self.slots.get(slot)?.internal_ips.clone() } else { self.allocate_ips(slot)? };
        let s = self.slots.get_mut(slot)?;
        s.pods += 1;
        Some((s.name.clone(), ip))
    }
}
