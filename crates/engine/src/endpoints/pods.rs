//! Which pods are endpoints and how (`ShouldPodBeInEndpoints`, `FindPort`, hostnames, address
//! types).

use crate::api::{IntOrString, ObjectReference};
use crate::endpoints::Pod;
use crate::model::{IpFamily, Service, ServicePort};
use crate::Object;
/// `isServiceIPSet`: a cluster IP that is not "None". An unset clusterIP is taken as one the
/// allocator will fill (only `clusterIP: None` makes a Service headless).
pub(crate) fn is_service_ip_set(svc: &Service) -> bool {
    !svc.is_headless()
}

/// The Service's address types (`spec.ipFamilies`, default the cluster's IPv4).
pub(crate) fn address_types(svc: &Service) -> Vec<IpFamily> {
    let mut out: Vec<IpFamily> = Vec::new();
    for f in &svc.spec.ip_families {
        if !out.contains(f) {
            out.push(*f);
        }
    }
    if out.is_empty() {
        out.push(IpFamily::IPv4);
    }
    out
}

pub(crate) fn is_family(ip: &str, family: IpFamily) -> bool {
    IpFamily::of(ip) == Some(family)
}

/// The pod's IP of a family (`status.podIPs`, with `status.podIP` as its first entry).
pub(crate) fn pod_ip_of_family(pod: &Pod, family: IpFamily) -> Option<&str> {
    pod.status.pod_ip.iter().chain(pod.status.pod_ips.iter()).map(|s| s.as_str()).find(|ip| is_family(ip, family))
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
    match sp.target_port.clone() {
        IntOrString::Int(n) => Some(n),
        IntOrString::Str(name) => {
            let protocol = sp.protocol.as_str();
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
