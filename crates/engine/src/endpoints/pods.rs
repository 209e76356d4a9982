//! Which pods are endpoints and how (`ShouldPodBeInEndpoints`, `FindPort`, hostnames, address
//! types).

use crate::api::IntOrString;
use crate::api::ObjectReference;
use crate::api::Service;
use crate::api::ServicePort;
use crate::endpoints::Pod;
use crate::names;
use crate::Object;
pub(crate) fn port_name(sp: &ServicePort) -> &str {
    sp.name.as_deref().unwrap_or("")
}

/// `protocol` as defaulted (TCP).
pub(crate) fn port_protocol(sp: &ServicePort) -> &str {
    sp.protocol.as_deref().filter(|p| !p.is_empty()).unwrap_or("TCP")
}

/// The targetPort as defaulted: unset or 0 means the port itself.
pub(crate) fn target_port(sp: &ServicePort) -> IntOrString {
    match &sp.target_port {
        None | Some(IntOrString::Int(0)) => IntOrString::Int(sp.port),
        Some(t) => t.clone(),
    }
}

/// `isServiceIPSet`: a cluster IP that is not "None". An unset clusterIP is taken as one the
/// allocator will fill (only `clusterIP: None` makes a Service headless).
pub(crate) fn is_service_ip_set(svc: &Service) -> bool {
    !svc.is_headless()
}

/// The Service's address types (`spec.ipFamilies`, default the cluster's IPv4).
pub(crate) fn address_types(svc: &Service) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in &svc.spec.ip_families {
        let t = match f.as_str() {
            "IPv4" => "IPv4",
            "IPv6" => "IPv6",
            _ => continue,
        };
        if !out.contains(&t) {
            out.push(t);
        }
    }
    if out.is_empty() {
        out.push("IPv4");
    }
    out
}

pub(crate) fn is_family(ip: &str, address_type: &str) -> bool {
    match address_type {
        "IPv6" => names::is_ipv6(ip),
        _ => names::is_ipv4(ip),
    }
}

/// The pod's IP of a family (`status.podIPs`, with `status.podIP` as its first entry).
pub(crate) fn pod_ip_of_family<'p>(pod: &'p Pod, address_type: &str) -> Option<&'p str> {
    pod.status.pod_ip.iter().chain(pod.status.pod_ips.iter()).map(|s| s.as_str()).find(|ip| is_family(ip, address_type))
}

pub(crate) fn has_any_ip(pod: &Pod) -> bool {
    pod.status.pod_ip.as_deref().is_some_and(|s| !s.is_empty()) || !pod.status.pod_ips.is_empty()
}

/// `ShouldPodBeInEndpoints`: not terminal, has an IP, and not terminating unless tolerated.
pub(crate) fn should_pod_be_in_endpoints(pod: &Pod, include_terminating: bool) -> bool {
    !pod.is_terminal() && has_any_ip(pod) && (include_terminating || !pod.is_terminating())
}

/// `ShouldSetHostname`: the pod has `spec.hostname` and its `spec.subdomain` is the Service's
/// name (same namespace).
pub(crate) fn should_set_hostname(pod: &Pod, svc_obj: &Object) -> Option<String> {
    let hostname = pod.spec.hostname.as_deref().filter(|h| !h.is_empty())?;
    let same =
        pod.spec.subdomain.as_deref() == Some(svc_obj.name.as_str()) && pod.metadata.namespace == svc_obj.namespace;
    same.then(|| hostname.to_string())
}

/// `FindPort`: a number is used as is; a name is looked up by name **and protocol** in the
/// containers' ports, then in restartable init containers (sidecars).
pub fn find_port(pod: &Pod, sp: &ServicePort) -> Option<i64> {
    match target_port(sp) {
        IntOrString::Int(n) => Some(n),
        IntOrString::Str(name) => {
            let protocol = port_protocol(sp);
            let sidecars = pod.spec.init_containers.iter().filter(|c| c.restart_policy.as_deref() == Some("Always"));
            pod.spec
                .containers
                .iter()
                .chain(sidecars)
                .flat_map(|c| c.ports.iter())
                .find(|p| p.name.as_deref() == Some(name.as_str()) && p.protocol == protocol)
                .map(|p| p.container_port)
        }
    }
}

pub(crate) fn pod_reference(pod: &Pod) -> ObjectReference {
    ObjectReference { kind: "Pod".into(), namespace: pod.metadata.namespace.clone(), name: pod.metadata.name.clone() }
}
