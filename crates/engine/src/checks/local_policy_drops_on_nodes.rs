//! # `local-policy-drops-on-nodes`
//!
//! *What.* `externalTrafficPolicy: Local` on an externally reachable Service, and some nodes
//! have no local endpoint for a port that has endpoints elsewhere. Reported on
//! `spec.externalTrafficPolicy`, naming those nodes.
//!
//! *Why.* With Local, kube-proxy sends traffic from outside only to pods on the node that
//! received it, to keep the client's source IP; a node without such a pod drops it silently.
//! A cloud load balancer steers around those nodes through the health-check nodePort, but
//! clients that use the nodes' nodePorts or external IPs directly hang.
//!
//! *Example.* A NodePort Service with `externalTrafficPolicy: Local` and its only pod on node-a →
//! `externalTrafficPolicy is Local: external traffic arriving at node-b and node-c is dropped,
//! they have no local endpoint` (so `curl node-b:30007` hangs).

use crate::diag::Code;
use crate::model::{Diagnostics, ServiceType};
use crate::proxy::{nodes_without_local, Policy, PortView};
use crate::util::text::and_list;
use crate::{Analysis, Diagnostic, Severity};
pub(super) fn check(a: &Analysis, p: &Policy, views: &[PortView], sink: &mut Diagnostics) {
    if !p.etp_local {
        return;
    }
    let lacking = nodes_without_local(&a.nodes, p, views, true);
    if lacking.is_empty() {
        return;
    }
    let one = lacking.len() == 1;
    let mut help = String::new();
    if p.svc.spec.type_ == ServiceType::LoadBalancer {
        help.push_str(&format!(
            "The cloud load balancer's health check (healthCheckNodePort{}) keeps it away from {}, but clients using {} nodePorts or external IPs directly are dropped. ",
            p.svc.spec.health_check_node_port.map(|x| format!(" {x}")).unwrap_or_default(),
            if one { "that node" } else { "those nodes" },
            if one { "its" } else { "their" },
        ));
    }
    help.push_str("Run a pod of the Service on every node (e.g. a DaemonSet), or use externalTrafficPolicy: Cluster if the client source IP need not be kept.");
    let d = Diagnostic::new(
        Severity::Warning,
        Code::LocalPolicyDropsOnNodes,
        format!(
            "externalTrafficPolicy is Local: external traffic arriving at {} is dropped, {} no local endpoint",
            and_list(&lacking),
            if one { "it has" } else { "they have" }
        ),
    )
    .help(help);
    super::report(a, p.view, "spec.externalTrafficPolicy", d, sink)
}
