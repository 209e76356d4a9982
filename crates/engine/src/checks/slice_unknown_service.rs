//! # `slice-unknown-service`
//!
//! *What.* A hand-written EndpointSlice labelled `kubernetes.io/service-name: X` where no
//! Service X exists in the slice's namespace. Reported on its labels.
//!
//! *Why.* Slices attach to Services by that label within one namespace, so nothing reads this
//! one. Usually the label has a typo (the help suggests the closest Service name) or the slice
//! is in another namespace than its Service.
//!
//! *Example.* Service `db` and a slice labelled `kubernetes.io/service-name: dbb` →
//! `EndpointSlice default/db-1 is labelled for Service "dbb", which does not exist in namespace
//! default: nothing uses it`, help ``did you mean `kubernetes.io/service-name: db`?``.

use crate::api::wellknown::LABEL_SERVICE_NAME;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Analysis, Body, Diagnostics, Kind};
use crate::util::text::did_you_mean;

pub(super) fn check(a: &Analysis, sink: &mut Diagnostics) {
    for (_, o) in a.live(&Kind::EndpointSlice) {
        let Body::EndpointSlice(s) = &o.body else { continue };
        let Some(svc_name) = s.metadata.labels.get(LABEL_SERVICE_NAME).filter(|v| !v.is_empty()) else { continue };
        let names: Vec<&str> = a
            .service_objects()
            .filter(|(_, so, _)| so.namespace == o.namespace)
            .map(|(_, so, _)| so.name.as_str())
            .collect();
        if names.contains(&svc_name.as_str()) {
            continue;
        }
        let help = match did_you_mean(svc_name, names.iter().copied()) {
            Some(n) => format!("did you mean `{LABEL_SERVICE_NAME}: {n}`?"),
            None => {
                format!("create Service {}/{svc_name}, or label the slice with an existing Service's name", o.namespace)
            }
        };
        let d = Diagnostic::new(
            Severity::Warning,
            Code::SliceUnknownService,
            format!("EndpointSlice {}/{} is labelled for Service \"{svc_name}\", which does not exist in namespace {}: nothing uses it", o.namespace, o.name, o.namespace),
        )
        .help(help);
        sink.report(o, "metadata.labels", d);
    }
}
