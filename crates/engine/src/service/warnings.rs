//! What `kubectl` prints as `Warning:` for an accepted Service (`pkg/api/service/warnings.go`),
//! and checks of the written load-balancer status.

use crate::api::Service;
use crate::diag::{Code, FieldError};
use crate::service::predicates::is_headless;
use crate::util::json;
use crate::{names, Severity};
/// `GetWarningsForService`: what `kubectl` prints as `Warning:` for an accepted Service.
pub(crate) fn service_warnings(svc: &Service) -> Vec<FieldError> {
    let sp = &svc.spec;
    let mut w = Vec::new();
    let warn = |code: Code, path: &str, msg: String, help: &str| {
        FieldError::raw(code, "", msg).at(path.to_string()).severity(Severity::Warning).help(help)
    };
    if svc.metadata.annotations.contains_key("service.kubernetes.io/topology-aware-hints") {
        w.push(warn(
            Code::DeprecatedAnnotation,
            "metadata.annotations[service.kubernetes.io/topology-aware-hints]",
            "annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead".into(),
            "rename the annotation to `service.kubernetes.io/topology-mode` (or use `spec.trafficDistribution`)",
        ));
    }
    if is_headless(svc) {
        if sp.load_balancer_ip.is_some() {
            w.push(warn(
                Code::IgnoredField,
                "spec.loadBalancerIP",
                "spec.loadBalancerIP is ignored for headless services".into(),
                "remove `loadBalancerIP`",
            ));
        }
        if !sp.external_ips.is_empty() {
            w.push(warn(
                Code::IgnoredField,
                "spec.externalIPs",
                "spec.externalIPs is ignored for headless services".into(),
                "remove `externalIPs`: a headless Service has no virtual IP to expose",
            ));
        }
        if sp.session_affinity.as_deref() != Some("None") {
            w.push(warn(
                Code::IgnoredField,
                "spec.sessionAffinity",
                "spec.SessionAffinity is ignored for headless services".into(),
                "remove `sessionAffinity`: clients of a headless Service connect to pod IPs directly",
            ));
        }
    }
    if svc.type_() == "ExternalName" && !sp.external_ips.is_empty() {
        w.push(warn(
            Code::IgnoredField,
            "spec.externalIPs",
            "spec.externalIPs is ignored when spec.type is \"ExternalName\"".into(),
            "remove `externalIPs`",
        ));
    }
    if svc.type_() != "ExternalName" && sp.external_name.is_some() {
        w.push(warn(
            Code::IgnoredField,
            "spec.externalName",
            "spec.externalName is ignored when spec.type is not \"ExternalName\"".into(),
            "set `type: ExternalName` to make this Service a DNS alias, or remove `externalName`",
        ));
    }
    w
}

/// Checks the observed `status.loadBalancer` (what a cloud controller could have written);
/// entries it could not have written are dropped with a warning.
pub(crate) fn check_lb_status(svc: &mut Service) -> Vec<FieldError> {
    let mut w = Vec::new();
    let mut keep = Vec::new();
    for (i, ing) in std::mem::take(&mut svc.status.load_balancer.ingress).into_iter().enumerate() {
        let base = format!("status.loadBalancer.ingress[{i}]");
        let mut bad = Vec::new();
        if let Some(ip) = ing.ip.as_deref() {
            bad.extend(
                names::is_valid_ip(ip)
                    .into_iter()
                    .map(|m| FieldError::invalid(Code::InvalidLbStatus, &format!("{base}.ip"), &json::quote(ip), &m)),
            );
        }
        match (ing.ip_mode.as_deref(), ing.ip.as_deref()) {
            (Some(m), _) if m != "VIP" && m != "Proxy" => bad.push(FieldError::unsupported(
                Code::InvalidLbStatus,
                &format!("{base}.ipMode"),
                m,
                &["Proxy", "VIP"],
            )),
            (Some(_), None) => bad.push(FieldError::forbidden(
                Code::InvalidLbStatus,
                &format!("{base}.ipMode"),
                "may not be specified when `ip` is not",
            )),
            _ => {}
        }
        if bad.is_empty() {
            keep.push(ing);
        } else {
            w.extend(bad.into_iter().map(|e| {
                e.severity(Severity::Warning).help("a cloud controller could not write this status; it is ignored")
            }));
        }
    }
    svc.status.load_balancer.ingress = keep;
    w
}
