//! # `session-affinity-single-endpoint`
//!
//! *What.* `sessionAffinity: ClientIP` while the Service has exactly one ready endpoint address
//! (an info, on `spec.sessionAffinity`).
//!
//! *Why.* Affinity keeps a client on the endpoint it first reached; with one endpoint every
//! client reaches it anyway, so the setting has no visible effect yet. It starts to matter when
//! the workload scales out, which is worth knowing when testing affinity on one replica.
//!
//! *Example.* A Deployment with `replicas: 1` behind a ClientIP Service → `sessionAffinity
//! ClientIP has no visible effect: the Service has a single ready endpoint (web-7d4b9-x2x5v)`.

use crate::diag::Code;
use crate::model::{Diagnostics, SliceEndpointView};
use crate::proxy::{Policy, PortView};
use crate::{Analysis, Diagnostic, Severity};
pub(super) fn check(a: &Analysis, p: &Policy, views: &[PortView], sink: &mut Diagnostics) {
    if p.affinity.is_none() {
        return;
    }
    let ready: Vec<&SliceEndpointView> =
        views.iter().flat_map(|pv| pv.eps.iter().copied()).filter(|e| e.ready).collect();
    let mut ips: Vec<&str> = ready.iter().map(|e| e.address.as_str()).collect();
    crate::util::sort::sort(&mut ips);
    ips.dedup();
    if ips.len() != 1 {
        return;
    }
    let who = ready
        .first()
        .and_then(|e| e.pod)
        .and_then(|i| a.objects.get(i))
        .map(|o| format!(" ({})", o.name))
        .unwrap_or_default();
    let d = Diagnostic::new(
        Severity::Info,
        Code::SessionAffinitySingleEndpoint,
        format!("sessionAffinity ClientIP has no visible effect: the Service has a single ready endpoint{who}"),
    )
    .help("Affinity keeps a client on the pod it first reached; it matters once there are several ready pods.");
    super::report(a, p.view, "spec.sessionAffinity", d, sink)
}
