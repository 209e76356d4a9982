//! # `slice-managed-by-controller`
//!
//! *What.* A hand-written EndpointSlice of an existing Service is labelled
//! `endpointslice.kubernetes.io/managed-by` with the name of a controller that owns such
//! slices: `endpointslice-controller.k8s.io` (for a Service with a selector) or
//! `endpointslicemirroring-controller.k8s.io`. Typically a slice copied from `kubectl get -o
//! yaml` and edited. Reported on its labels. A slice that still carries what the API server
//! wrote (`uid`, `resourceVersion` or `creationTimestamp`: a dump of a cluster) is that
//! controller's own output and is not reported.
//!
//! *Why.* That controller treats the slice as its own and deletes or rewrites it to match the
//! selector (or the mirrored Endpoints), so the endpoints as written are never used. The
//! playground leaves such a slice out of the Service's endpoints.
//!
//! *Example.* Service `web` with a selector and a slice labelled `kubernetes.io/service-name:
//! web` and `endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io` →
//! `EndpointSlice default/web-abcde is labelled `endpointslice.kubernetes.io/managed-by:
//! endpointslice-controller.k8s.io`: that controller deletes or rewrites it, so it is not used
//! as written`.

use crate::api::wellknown::{LABEL_MANAGED_BY, LABEL_SERVICE_NAME};
use crate::diag::{Code, Diagnostic, Severity};
use crate::endpoints::replaced_by_controller;
use crate::model::{Analysis, Body, Diagnostics, Kind};

pub(super) fn check(a: &Analysis, sink: &mut Diagnostics) {
    for (_, o) in a.live(&Kind::EndpointSlice) {
        let Body::EndpointSlice(s) = &o.body else { continue };
        let Some(svc_name) = s.metadata.labels.get(LABEL_SERVICE_NAME).filter(|v| !v.is_empty()) else { continue };
        let Some((_, _, svc)) =
            a.service_objects().find(|(_, so, _)| so.namespace == o.namespace && &so.name == svc_name)
        else {
            continue;
        };
        let Some(by) = replaced_by_controller(s, svc) else { continue };
        // A slice read from a cluster (uid, resourceVersion, ...) is that controller's own
        // output: it rewrites it to the same endpoints, nothing is lost.
        if s.metadata.live {
            continue;
        }
        let d = Diagnostic::new(
            Severity::Warning,
            Code::SliceManagedByController,
            format!("EndpointSlice {}/{} is labelled `{LABEL_MANAGED_BY}: {}`: that controller deletes or rewrites it, so it is not used as written", o.namespace, o.name, by.as_str()),
        )
        .help(format!("remove the `{LABEL_MANAGED_BY}` label (or set it to your own name) to keep a hand-written slice"));
        sink.report(o, "metadata.labels", d);
    }
}
