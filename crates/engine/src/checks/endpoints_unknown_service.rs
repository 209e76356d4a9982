//! # `endpoints-unknown-service`
//!
//! *What.* A hand-written Endpoints object whose name matches no Service in its namespace.
//! Reported on its name. Not reported for leader-election records (the
//! `control-plane.alpha.kubernetes.io/leader` annotation older control planes write).
//!
//! *Why.* An Endpoints object belongs to the Service with the same name and namespace: that is
//! the only link (the EndpointSlice mirroring controller copies it for a Service without a
//! selector, and kube-proxy reads only the slices). With a typo in either name, nothing reads
//! these endpoints, and the Service, if it has no selector, has none: all its traffic is dropped.
//!
//! *Example.* Service `external-db` (no selector) and Endpoints `external-dbb` →
//! `Endpoints default/external-dbb matches no Service in namespace default: nothing uses its
//! addresses`, help ``did you mean `name: external-db`? An Endpoints object belongs to the
//! Service of the same name``.

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Analysis, Body, Diagnostics, Kind};
use crate::util::text::did_you_mean;

const LEADER: &str = "control-plane.alpha.kubernetes.io/leader";

pub(super) fn check(a: &Analysis, sink: &mut Diagnostics) {
    for (_, o) in a.live(&Kind::Endpoints) {
        let Body::Endpoints(ep) = &o.body else { continue };
        if ep.metadata.annotations.contains_key(LEADER) {
            continue;
        }
        // Any Service document of that name counts, even a refused one (its own error says why).
        let names: Vec<&str> = a
            .objects
            .iter()
            .filter(|s| s.kind == Kind::Service && s.namespace == o.namespace)
            .map(|s| s.name.as_str())
            .collect();
        if names.contains(&o.name.as_str()) {
            continue;
        }
        let help = match did_you_mean(&o.name, names.iter().copied()) {
            Some(n) => format!("did you mean `name: {n}`? An Endpoints object belongs to the Service of the same name and namespace"),
            None => format!(
                "an Endpoints object belongs to the Service of the same name and namespace: create Service {}/{} (without a selector, so the controller leaves these endpoints alone), or rename this object after an existing Service",
                o.namespace, o.name
            ),
        };
        let d = Diagnostic::new(
            Severity::Warning,
            Code::EndpointsUnknownService,
            format!(
                "Endpoints {}/{} matches no Service in namespace {}: nothing uses its addresses",
                o.namespace, o.name, o.namespace
            ),
        )
        .help(help);
        sink.report(o, "metadata.name", d);
    }
}
