//! Facts about a Service as written (upstream `pkg/api/service` helpers and the allocators'
//! tests): is it headless, does it need a cluster IP or node ports, ...

use crate::api::{IntOrString, Service, ServicePort};
/// `ExternallyAccessible`: LoadBalancer, NodePort, or ClusterIP with `externalIPs`.
pub fn externally_accessible(svc: &Service) -> bool {
    let t = svc.type_();
    t == "LoadBalancer" || t == "NodePort" || (t == "ClusterIP" && !svc.spec.external_ips.is_empty())
}

/// `NeedsHealthCheck`: a LoadBalancer with `externalTrafficPolicy: Local`.
pub fn needs_health_check(svc: &Service) -> bool {
    svc.type_() == "LoadBalancer" && svc.spec.external_traffic_policy.as_deref() == Some("Local")
}

/// The target port of a Service port as the API server stores it: an int or a name, with
/// `0`, `""` and absent defaulted to `port`.
pub fn service_port_target(port: &ServicePort) -> IntOrString {
    match &port.target_port {
        None | Some(IntOrString::Int(0)) => IntOrString::Int(port.port),
        Some(IntOrString::Str(s)) if s.is_empty() => IntOrString::Int(port.port),
        Some(t) => t.clone(),
    }
}

/// Headless: `clusterIPs` is exactly `["None"]` (after normalisation).
pub(crate) fn is_headless(svc: &Service) -> bool {
    svc.spec.cluster_ips.len() == 1 && svc.spec.cluster_ips.first().map(String::as_str) == Some("None")
}

pub(crate) fn needs_cluster_ip(svc: &Service) -> bool {
    svc.type_() != "ExternalName"
}

pub(crate) fn needs_node_port(svc: &Service) -> bool {
    matches!(svc.type_(), "NodePort" | "LoadBalancer")
}

pub(crate) fn should_allocate_node_ports(svc: &Service) -> bool {
    match svc.type_() {
        "NodePort" => true,
        "LoadBalancer" => svc.spec.allocate_load_balancer_node_ports.unwrap_or(true),
        _ => false,
    }
}

pub(crate) fn node_port(p: &ServicePort) -> i64 {
    p.node_port.unwrap_or(0)
}

pub(crate) fn hc_node_port(svc: &Service) -> i64 {
    svc.spec.health_check_node_port.unwrap_or(0)
}

pub(crate) fn cluster_ip(svc: &Service) -> &str {
    svc.spec.cluster_ip.as_deref().unwrap_or("")
}

pub(crate) fn selector_empty(svc: &Service) -> bool {
    svc.spec.selector.as_ref().is_none_or(|s| s.is_empty())
}
