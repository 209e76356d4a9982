//! # `external-name-is-ip`
//!
//! *What.* An ExternalName Service whose `externalName` is an IP address (field `spec.externalName`).
//!
//! *Why.* The API server accepts it (an IPv4 address is a valid DNS subdomain), but CoreDNS publishes
//! no record for it — the Service name is NXDOMAIN — and kube-proxy ignores ExternalName Services.
//! For a fixed IP, a Service without selector plus an EndpointSlice is the way.
//!
//! *Example.* `type: ExternalName, externalName: 192.0.2.10` → `externalName 192.0.2.10 is an IP
//! address: cluster DNS publishes no record for this Service (its name is NXDOMAIN) and kube-proxy
//! ignores ExternalName Services`.

use crate::checks::{Service, Subject};
use crate::diag::Code;
use crate::model::{Diagnostics, ServiceType};
use crate::{Diagnostic, Severity};
pub(super) fn check(s: &Subject, sink: &mut Diagnostics) {
    if let Some(d) = external_name_is_ip(s.svc) {
        sink.report(s.object, "spec.externalName", d);
    }
}

fn external_name_is_ip(svc: &Service) -> Option<Diagnostic> {
    if svc.spec.type_ != ServiceType::ExternalName {
        return None;
    }
    let name = svc.spec.external_name.as_deref()?.trim_end_matches('.');
    if name.is_empty() || !crate::names::is_valid_ip(name).is_empty() {
        return None;
    }
    Some(
        Diagnostic::new(
            Severity::Warning,
            Code::ExternalNameIsIp,
            format!("externalName {name} is an IP address: cluster DNS publishes no record for this Service (its name is NXDOMAIN) and kube-proxy ignores ExternalName Services"),
        )
        .help(format!(
            "for a fixed IP use a Service without selector (type ClusterIP) plus an EndpointSlice with address {name}, labelled `kubernetes.io/service-name: {}`",
            svc.metadata.name
        )),
    )
}
