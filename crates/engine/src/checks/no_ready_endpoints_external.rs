//! # `no-ready-endpoints-external`
//!
//! *What.* A NodePort or LoadBalancer Service (or one with externalIPs) has a port with no ready
//! endpoint: none at all, or only terminating ones. Reported on `spec.type`.
//!
//! *Why.* kube-proxy then rejects new connections to every nodePort, load-balancer address and
//! external IP of that port (and to the cluster IP), or, with only terminating endpoints, sends
//! them to pods that are shutting down. From outside the cluster this looks like a broken load
//! balancer, while the cause is the selector or the pods' readiness.
//!
//! *Example.* `type: NodePort` whose selector matches only pods whose Ready condition is
//! `"False"` → `NodePort Service has no ready endpoint for port 80/TCP: connections from outside
//! (and inside) are rejected`.

use crate::diag::Code;
use crate::model::{Diagnostics, ServiceType};
use crate::proxy::{serving_terminating, Policy, PortView};
use crate::util::text::and_list;
use crate::{Analysis, Diagnostic, Severity};
pub(super) fn check(a: &Analysis, p: &Policy, views: &[PortView], sink: &mut Diagnostics) {
    let mut none = Vec::new();
    let mut terminating_only = Vec::new();
    for (i, pv) in views.iter().enumerate() {
        if !p.port_externally_accessible(i) || pv.eps.iter().any(|e| e.ready) {
            continue;
        }
        let label = format!("{}/{}", p.svc.spec.ports.get(i).map_or(0, |sp| sp.port), p.protocol(i));
        if pv.eps.iter().any(|e| serving_terminating(e)) {
            terminating_only.push(label);
        } else {
            none.push(label);
        }
    }
    if none.is_empty() && terminating_only.is_empty() {
        return;
    }
    let what = match p.svc.spec.type_ {
        ServiceType::NodePort => "NodePort Service",
        ServiceType::LoadBalancer => "LoadBalancer Service",
        _ => "Service with externalIPs",
    };
    let mut parts = Vec::new();
    if !none.is_empty() {
        parts.push(format!(
            "no ready endpoint for port {}: connections from outside (and inside) are rejected",
            and_list(&none)
        ));
    }
    if !terminating_only.is_empty() {
        parts.push(format!(
            "only terminating endpoints for port {}: kube-proxy sends traffic to pods that are shutting down",
            and_list(&terminating_only)
        ));
    }
    let d = Diagnostic::new(Severity::Warning, Code::NoReadyEndpointsExternal, format!("{what} has {}", parts.join("; ")))
        .help("Make sure the selector matches running pods that are Ready (readiness probe passing) and that targetPort resolves on them.");
    super::report(a, p.view, "spec.type", d, sink)
}
