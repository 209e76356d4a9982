//! Stage `workloads`: the pods the workload controllers would create (Deployment → ReplicaSet →
//! Pods, StatefulSet, DaemonSet), scheduled onto the Ready nodes with IPs from each node's pod
//! CIDR. The API server's workload rules (reference §2.8) live here in [`validate_workload_spec`]
//! and run in the `apply` stage, as part of each create or update.
//!
//! Simulated pods are deterministic: names and IPs derive from stable hashes and input order,
//! never from a clock or randomness. Where the controller uses random suffixes, the suffix here
//! is a hash drawn from the same alphabet, so names look like a real cluster's.

mod pods;
mod scheduler;
mod validate;

pub use pods::pod_template_hash;
pub(crate) use validate::validate_workload_spec;

use crate::api::NodeInfo;
use crate::model::{ClusterSettings, Diagnostics, Objects};

/// At most this many pods are simulated in one analysis (a `replicas: 1000000` must not hang
/// the browser).
pub const MAX_SIMULATED_PODS: usize = 5000;

/// kubelet's default `maxPods`: the scheduler places at most this many pods on a node.
pub const MAX_PODS_PER_NODE: usize = 110;

/// Adds the pods the valid workloads' controllers would make, scheduled onto `nodes`.
pub fn run(mut objects: Objects, nodes: &[NodeInfo], cluster: &ClusterSettings, sink: &mut Diagnostics) -> Objects {
    let pods = pods::create(&objects, nodes, cluster, sink);
    objects.extend(pods);
    objects
}
