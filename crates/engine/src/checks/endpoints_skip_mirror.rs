//! # `endpoints-skip-mirror`
//!
//! *What.* A Service without a selector has a hand-written Endpoints object that the
//! EndpointSlice mirroring controller does not copy into an EndpointSlice, because it is
//! labelled `endpointslice.kubernetes.io/skip-mirror: "true"` or carries the leader-election
//! annotation `control-plane.alpha.kubernetes.io/leader`. An info, on the Endpoints' labels.
//!
//! *Why.* kube-proxy and cluster DNS read only EndpointSlices. Without a mirrored (or
//! hand-written) slice they see no endpoints for the Service: connections are rejected and a
//! headless name does not resolve, although `kubectl get endpoints` lists the addresses.
//!
//! *Example.* Service `db` without selector and `kind: Endpoints` `db` labelled
//! `endpointslice.kubernetes.io/skip-mirror: "true"` → `Endpoints default/db is not mirrored to an
//! EndpointSlice (endpointslice.kubernetes.io/skip-mirror or leader-election annotation)`.

use crate::api::wellknown::LABEL_SKIP_MIRROR;
use crate::diag::{Code, Diagnostic, Severity};
use crate::endpoints::mirroring_skipped;
use crate::model::{Analysis, Body, Diagnostics, ServiceView};

pub(super) fn check(a: &Analysis, v: &ServiceView, sink: &mut Diagnostics) {
    let Some(o) = v.endpoints.endpoints_object.and_then(|id| a.objects.get(id)) else { return };
    let Body::Endpoints(ep) = &o.body else { return };
    if !mirroring_skipped(ep) {
        return;
    }
    let d = Diagnostic::new(
        Severity::Info,
        Code::EndpointsSkipMirror,
        format!("Endpoints {}/{} is not mirrored to an EndpointSlice ({LABEL_SKIP_MIRROR} or leader-election annotation)", ep.metadata.namespace, ep.metadata.name),
    )
    .help("kube-proxy and cluster DNS read only EndpointSlices: without a mirrored or hand-written slice they see no endpoints for this Service");
    sink.report(o, "metadata.labels", d);
}
