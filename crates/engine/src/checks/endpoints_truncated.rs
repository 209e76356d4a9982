//! # `endpoints-truncated`
//!
//! *What.* A Service with a selector selects more than 1,000 endpoint addresses: the endpoints
//! controller truncates the legacy v1 Endpoints object to 1,000 addresses (ready ones first,
//! each subset in proportion) and annotates it `endpoints.kubernetes.io/over-capacity:
//! truncated`. Reported on the Service.
//!
//! *Why.* Readers of the legacy Endpoints API (older ingress controllers and meshes, scripts
//! that run `kubectl get endpoints`) see only part of the backends. kube-proxy and cluster DNS
//! read EndpointSlices, which list every endpoint, so the Service's own traffic is not affected.
//!
//! *Example.* A Deployment with `replicas: 1200` behind Service `web` → `Endpoints default/web is
//! over capacity: 1200 addresses, only 1000 kept (annotation
//! endpoints.kubernetes.io/over-capacity: truncated)`.

use crate::api::wellknown::ANNOTATION_OVER_CAPACITY;
use crate::diag::{Code, Diagnostic, Severity};
use crate::endpoints::MAX_ENDPOINTS_ADDRESSES;
use crate::model::{Analysis, Diagnostics, ServiceView};

pub(super) fn check(a: &Analysis, v: &ServiceView, sink: &mut Diagnostics) {
    let (Some(total), Some(o)) = (v.endpoints.over_capacity, a.objects.get(v.object)) else { return };
    let d = Diagnostic::new(
        Severity::Warning,
        Code::EndpointsTruncated,
        format!(
            "Endpoints {}/{} is over capacity: {total} addresses, only {MAX_ENDPOINTS_ADDRESSES} kept (annotation {ANNOTATION_OVER_CAPACITY}: truncated)",
            o.namespace, o.name
        ),
    )
    .help("the EndpointSlices still list every endpoint and kube-proxy uses them; only readers of the legacy Endpoints API see a partial list");
    sink.report(o, "", d);
}
