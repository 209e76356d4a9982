//! # `load-balancer-pending`
//!
//! *What.* A LoadBalancer Service whose `status.loadBalancer.ingress` holds no address (an info,
//! on `spec.type`).
//!
//! *Why.* Until a load-balancer controller (the cloud provider's, MetalLB, ...) assigns one, the
//! Service is reachable only through its cluster IP and its nodePorts; `kubectl get svc` shows
//! EXTERNAL-IP `<pending>`. On a cluster without such a controller it stays pending forever.
//!
//! *Example.* `type: LoadBalancer` with no `status` → `no load balancer address yet
//! (status.loadBalancer.ingress is empty): the Service is reachable through its cluster IP and
//! nodePort 31234`.

use crate::diag::Code;
use crate::model::{Diagnostics, ServiceType};
use crate::proxy::Policy;
use crate::util::text::and_list;
use crate::{Analysis, Diagnostic, Severity};
pub(super) fn check(a: &Analysis, p: &Policy, sink: &mut Diagnostics) {
    let svc = p.svc;
    if svc.spec.type_ != ServiceType::LoadBalancer
        || svc.status.ingress.iter().any(|g| g.ip.is_some() || g.hostname.is_some())
    {
        return;
    }
    let node_ports: Vec<String> =
        (0..svc.spec.ports.len()).filter_map(|i| p.node_port(i)).map(|n| n.to_string()).collect();
    let reach = if node_ports.is_empty() {
        "its cluster IP only".to_string()
    } else {
        format!("its cluster IP and nodePort {}", and_list(&node_ports))
    };
    let d = Diagnostic::new(
        Severity::Info,
        Code::LoadBalancerPending,
        format!("no load balancer address yet (status.loadBalancer.ingress is empty): the Service is reachable through {reach}"),
    )
    .help("A load-balancer controller (cloud provider, MetalLB...) fills status.loadBalancer.ingress; add `status: {loadBalancer: {ingress: [{ip: ...}]}}` to simulate one.");
    super::report(a, p.view, "spec.type", d, sink)
}
