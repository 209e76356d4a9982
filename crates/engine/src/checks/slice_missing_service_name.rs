//! # `slice-missing-service-name`
//!
//! *What.* A hand-written EndpointSlice without the `kubernetes.io/service-name` label (or with
//! an empty value). Reported on its labels.
//!
//! *Why.* kube-proxy and CoreDNS find a Service's slices by that label alone; the slice's name
//! does not matter. Without it the slice belongs to no Service and its endpoints are never used.
//! The help names the Service the slice's name suggests.
//!
//! *Example.* Service `db` and `kind: EndpointSlice`, `name: db-1`, no labels → `EndpointSlice
//! default/db-1 has no `kubernetes.io/service-name` label: kube-proxy and cluster DNS ignore it`,
//! help `add the label `kubernetes.io/service-name: db` to attach it to Service default/db`.

use crate::api::wellknown::LABEL_SERVICE_NAME;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{Analysis, Body, Diagnostics, Kind};

pub(super) fn check(a: &Analysis, sink: &mut Diagnostics) {
    for (_, o) in a.live(&Kind::EndpointSlice) {
        let Body::EndpointSlice(s) = &o.body else { continue };
        if s.metadata.labels.get(LABEL_SERVICE_NAME).is_some_and(|v| !v.is_empty()) {
            continue;
        }
        let guess = a
            .service_objects()
            .filter(|(_, so, _)| so.namespace == o.namespace)
            .map(|(_, so, _)| so.name.as_str())
            .find(|n| o.name == *n || o.name.starts_with(&format!("{n}-")));
        let help = match guess {
            Some(n) => format!("add the label `{LABEL_SERVICE_NAME}: {n}` to attach it to Service {}/{n}", o.namespace),
            None => format!("add the label `{LABEL_SERVICE_NAME}: <service name>` to attach it to a Service"),
        };
        let d = Diagnostic::new(
            Severity::Warning,
            Code::SliceMissingServiceName,
            format!(
                "EndpointSlice {}/{} has no `{LABEL_SERVICE_NAME}` label: kube-proxy and cluster DNS ignore it",
                o.namespace, o.name
            ),
        )
        .help(help);
        sink.report(o, "metadata.labels", d);
    }
}
