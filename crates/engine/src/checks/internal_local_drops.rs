//! # `internal-local-drops`
//!
//! *What.* `internalTrafficPolicy: Local`, and some nodes have no local endpoint for a port that
//! has endpoints elsewhere. Reported on `spec.internalTrafficPolicy`, naming those nodes.
//!
//! *Why.* Local restricts cluster-IP traffic to endpoints on the client's own node, with no
//! fallback: pods (and host processes) on a node without one get their connections dropped.
//! It suits per-node agents run by a DaemonSet, not a Deployment with fewer pods than nodes.
//!
//! *Example.* A node-local cache Deployment with 1 replica (on node-a) on a 3-node cluster →
//! `internalTrafficPolicy is Local: cluster IP traffic from pods on node-b and node-c is
//! dropped, they have no local endpoint`.

use crate::diag::Code;
use crate::model::Diagnostics;
use crate::proxy::{nodes_without_local, Policy, PortView};
use crate::util::text::and_list;
use crate::{Analysis, Diagnostic, Severity};
pub(super) fn check(a: &Analysis, p: &Policy, views: &[PortView], sink: &mut Diagnostics) {
    if !p.itp_local {
        return;
    }
    let lacking = nodes_without_local(&a.nodes, p, views, false);
    if lacking.is_empty() {
        return;
    }
    let d = Diagnostic::new(
        Severity::Warning,
        Code::InternalLocalDrops,
        format!(
            "internalTrafficPolicy is Local: cluster IP traffic from pods on {} is dropped, {} no local endpoint",
            and_list(&lacking),
            if lacking.len() == 1 { "it has" } else { "they have" }
        ),
    )
    .help("Run a pod of the Service on every node that has clients (e.g. a DaemonSet), or use internalTrafficPolicy: Cluster.");
    super::report(a, p.view, "spec.internalTrafficPolicy", d, sink)
}
