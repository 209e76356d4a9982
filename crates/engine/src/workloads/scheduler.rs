//! The scheduler, as far as the playground needs one: Ready nodes with room (kubelet's
//! `maxPods`), the fewest pods of the workload first, and pod IPs from each node's pod CIDR.

use crate::labels::Labels;
use crate::util::ip;
use crate::workloads::{NodeInfo, Objects, MAX_PODS_PER_NODE};
use std::collections::BTreeMap;
use std::collections::BTreeSet;
/// A pod already in the cluster (from the input): what scheduling and IP allocation must avoid.
pub(crate) struct InputPod {
    pub(crate) namespace: String,
    pub(crate) labels: Labels,
}

/// Per-node scheduling state: pods placed and the next free address of its pod CIDR.
pub(crate) struct NodeSlot {
    name: String,
    /// The node's InternalIP: the pod IP of a `hostNetwork` pod.
    internal_ip: Option<String>,
    pods: usize,
    /// The CIDR's network address and its usable host offsets (`.2` up to broadcast - 1).
    network: u32,
    next_offset: u32,
    last_offset: u32,
}

pub(crate) struct Scheduler {
    pub slots: Vec<NodeSlot>,
    used_ips: BTreeSet<u32>,
}

impl Scheduler {
    pub fn new(objects: &Objects, nodes: &[NodeInfo]) -> Self {
        let mut used_ips = BTreeSet::new();
        let mut per_node: BTreeMap<String, usize> = BTreeMap::new();
        for (_, _, pod) in objects.pods() {
            for ip in pod.status.pod_ip.iter().chain(pod.status.pod_ips.iter()) {
                if let Some(v) = ip::parse_v4_sloppy(ip) {
                    used_ips.insert(u32::from(v));
                }
            }
            if let Some(n) = &pod.spec.node_name {
                if !pod.is_terminal() {
                    *per_node.entry(n.clone()).or_default() += 1;
                }
            }
        }
        let slots = nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.ready)
            .map(|(i, n)| {
                let (network, prefix) = n
                    .pod_cidr
                    .as_deref()
                    .and_then(ip::v4_cidr)
                    .filter(|(_, p)| *p <= 30)
                    .unwrap_or(((10 << 24) | (244 << 16) | (((i as u32 + 1) & 0xff) << 8), 24));
                let size = 1u64 << (32 - prefix);
                NodeSlot {
                    name: n.name.clone(),
                    internal_ip: n.internal_ip.clone(),
                    pods: per_node.get(&n.name).copied().unwrap_or(0),
                    network,
                    next_offset: 2,
                    last_offset: (size.saturating_sub(2)).min(u64::from(u32::MAX)) as u32,
                }
            })
            .collect();
        Scheduler { slots, used_ips }
    }

    fn has_room(&self, slot: usize, host_network: bool) -> bool {
        self.slots
            .get(slot)
            .is_some_and(|s| s.pods < MAX_PODS_PER_NODE && (host_network || s.next_offset <= s.last_offset))
    }

    /// The next free pod IP on a node (skipping IPs the input's pods already use).
    fn allocate_ip(&mut self, slot: usize) -> Option<String> {
        let s = self.slots.get_mut(slot)?;
        while s.next_offset <= s.last_offset {
            let ip = s.network.wrapping_add(s.next_offset);
            s.next_offset += 1;
            if self.used_ips.insert(ip) {
                return Some(ip::v4_text(ip));
            }
        }
        None
    }

    /// Picks a node for a pod: the Ready node with room that has the fewest pods of this
    /// workload, then the fewest pods overall, then the first in order (round-robin on an empty
    /// cluster).
    pub fn pick_node(&self, placed: &BTreeMap<usize, usize>, host_network: bool) -> Option<usize> {
        (0..self.slots.len())
            .filter(|&i| self.has_room(i, host_network))
            .min_by_key(|&i| (placed.get(&i).copied().unwrap_or(0), self.slots.get(i).map_or(0, |s| s.pods), i))
    }

    /// Binds a pod to a node slot: (node name, pod IP). A `hostNetwork` pod shares the node's
    /// address (and has none when the node has no InternalIP).
    pub fn bind(&mut self, slot: usize, host_network: bool) -> Option<(String, Option<String>)> {
        if !self.has_room(slot, host_network) {
            return None;
        }
        let ip = if host_network { self.slots.get(slot)?.internal_ip.clone() } else { Some(self.allocate_ip(slot)?) };
        let s = self.slots.get_mut(slot)?;
        s.pods += 1;
        Some((s.name.clone(), ip))
    }
}
