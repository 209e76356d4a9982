//! Static defaulting (`SetDefaults_Service`) and the normalisations around it.

use crate::api::{ClientIPConfig, Service, SessionAffinityConfig};
use crate::service::predicates::{externally_accessible, service_port_target};
/// Empty strings in optional scalar fields mean "not set" (Go's zero value).
pub(crate) fn clean_empty(svc: &mut Service) {
    let sp = &mut svc.spec;
    for f in [
        &mut sp.cluster_ip,
        &mut sp.type_,
        &mut sp.session_affinity,
        &mut sp.external_name,
        &mut sp.external_traffic_policy,
        &mut sp.load_balancer_ip,
    ] {
        if f.as_deref() == Some("") {
            *f = None;
        }
    }
    for p in &mut sp.ports {
        if p.protocol.as_deref() == Some("") {
            p.protocol = None;
        }
        if p.name.as_deref() == Some("") {
            p.name = None;
        }
    }
    if sp.health_check_node_port == Some(0) {
        sp.health_check_node_port = None;
    }
}

/// `SetDefaults_Service` (pkg/apis/core/v1/defaults.go).
pub(crate) fn set_defaults(svc: &mut Service) {
    let sp = &mut svc.spec;
    if sp.session_affinity.is_none() {
        sp.session_affinity = Some("None".into());
    }
    match sp.session_affinity.as_deref() {
        Some("None") => sp.session_affinity_config = None,
        Some("ClientIP") => {
            let has_timeout = sp
                .session_affinity_config
                .as_ref()
                .and_then(|c| c.client_ip.as_ref())
                .and_then(|c| c.timeout_seconds)
                .is_some();
            if !has_timeout {
                sp.session_affinity_config =
                    Some(SessionAffinityConfig { client_ip: Some(ClientIPConfig { timeout_seconds: Some(10800) }) });
            }
        }
        _ => {}
    }
    if sp.type_.is_none() {
        sp.type_ = Some("ClusterIP".into());
    }
    for p in &mut sp.ports {
        if p.protocol.is_none() {
            p.protocol = Some("TCP".into());
        }
        p.target_port = Some(service_port_target(p));
    }
    if externally_accessible(svc) && svc.spec.external_traffic_policy.is_none() {
        svc.spec.external_traffic_policy = Some("Cluster".into());
    }
    let sp = &mut svc.spec;
    if sp.internal_traffic_policy.is_none()
        && matches!(sp.type_.as_deref(), Some("NodePort" | "LoadBalancer" | "ClusterIP"))
    {
        sp.internal_traffic_policy = Some("Cluster".into());
    }
    if sp.type_.as_deref() == Some("LoadBalancer") {
        if sp.allocate_load_balancer_node_ports.is_none() {
            sp.allocate_load_balancer_node_ports = Some(true);
        }
        for ing in &mut svc.status.load_balancer.ingress {
            if ing.ip.as_deref().is_some_and(|ip| !ip.is_empty()) && ing.ip_mode.is_none() {
                ing.ip_mode = Some("VIP".into());
            }
        }
    }
}

/// BeginCreate: a client that sets only `clusterIP` gets `clusterIPs` filled in.
pub(crate) fn normalize_cluster_ips_create(svc: &mut Service) {
    if let Some(ip) = svc.spec.cluster_ip.clone() {
        if svc.spec.cluster_ips.is_empty() {
            svc.spec.cluster_ips = vec![ip];
        }
    }
}

/// The stored form: zero values and an empty selector dropped (the v1 types' `omitempty`),
/// ExternalName without `internalTrafficPolicy` (read-time defaulting).
pub(crate) fn finalize(svc: &mut Service) {
    if svc.spec.selector.as_ref().is_some_and(|s| s.is_empty()) {
        svc.spec.selector = None;
    }
    for p in &mut svc.spec.ports {
        if p.node_port == Some(0) {
            p.node_port = None;
        }
    }
    if svc.spec.health_check_node_port == Some(0) {
        svc.spec.health_check_node_port = None;
    }
    if svc.type_() == "ExternalName" {
        svc.spec.internal_traffic_policy = None;
    }
}
