//! # `external-ip-is-node-ip`
//!
//! *What.* An entry of `spec.externalIPs` is a node's own InternalIP. Reported on that entry.
//!
//! *Why.* kube-proxy captures `externalIP:port` on every node, so the Service's ports on that
//! node's own address now go to the Service and shadow whatever the node itself serves there
//! (ssh, the kubelet, ...). externalIPs are meant for addresses the network routes to the nodes
//! without any node owning them.
//!
//! *Example.* `externalIPs: [192.168.1.11]` (node-a's address) with port 22 → `externalIP
//! 192.168.1.11 is the address of node node-a: kube-proxy captures port 22/TCP to it, shadowing
//! anything the node itself serves there`.

use crate::diag::Code;
use crate::model::Diagnostics;
use crate::proxy::Policy;
use crate::util::text::and_list;
use crate::{Analysis, Diagnostic, Severity};
pub(super) fn check(a: &Analysis, p: &Policy, sink: &mut Diagnostics) {
    let ports: Vec<String> =
        p.svc.spec.ports.iter().enumerate().map(|(i, sp)| format!("{}/{}", sp.port, p.protocol(i))).collect();
    for (i, ip) in p.svc.spec.external_ips.iter().enumerate() {
        let Some(node) = a.nodes.iter().find(|n| n.internal_ip.as_deref() == Some(ip.as_str())) else { continue };
        let d = Diagnostic::new(
                Severity::Warning,
                Code::ExternalIpIsNodeIp,
                format!(
                    "externalIP {ip} is the address of node {}: kube-proxy captures port {} to it, shadowing anything the node itself serves there",
                    node.name,
                    and_list(&ports)
                ),
            )
            .help("Use an address your network routes to the nodes but that no node owns, or expose the Service with type NodePort or LoadBalancer.");
        super::report(a, p.view, &format!("spec.externalIPs[{i}]"), d, sink);
    }
}
