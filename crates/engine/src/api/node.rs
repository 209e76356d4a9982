//! What the engine reads of a Node (`v1`).

use crate::labels::Labels;
use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    pub name: String,
    pub labels: Labels,
    #[serde(rename = "internalIP", skip_serializing_if = "Option::is_none")]
    pub internal_ip: Option<String>,
    #[serde(rename = "podCIDR", skip_serializing_if = "Option::is_none")]
    pub pod_cidr: Option<String>,
    /// `spec.podCIDRs`: the node's pod ranges, one per family (the first is `podCIDR`).
    #[serde(rename = "podCIDRs", skip_serializing_if = "Vec::is_empty")]
    pub pod_cidrs: Vec<String>,
    /// The node's InternalIP addresses (one per family on a dual-stack node).
    #[serde(skip)]
    pub internal_ips: Vec<String>,
    /// `status.nodeInfo.kubeletVersion`.
    #[serde(skip)]
    pub kubelet_version: Option<String>,
    pub ready: bool,
}

impl NodeInfo {
    pub fn zone(&self) -> Option<&str> {
        self.labels.get(super::wellknown::LABEL_ZONE).map(|s| s.as_str())
    }

    /// Every InternalIP of the node: `internal_ips` when the input listed them, else the one
    /// `internal_ip`.
    pub fn ips(&self) -> Vec<String> {
        if self.internal_ips.is_empty() {
            self.internal_ip.iter().cloned().collect()
        } else {
            self.internal_ips.clone()
        }
    }

    /// The node's pod ranges: `spec.podCIDRs`, else the single `spec.podCIDR`.
    pub fn pod_ranges(&self) -> Vec<String> {
        if self.pod_cidrs.is_empty() {
            self.pod_cidr.iter().cloned().collect()
        } else {
            self.pod_cidrs.clone()
        }
    }
}
