//! What consumers read: the user's own slices beside the controllers', and per Service port the
//! endpoints of every slice (the view kube-proxy and DNS use) and of the v1 Endpoints.

use crate::api::wellknown::{LABEL_MANAGED_BY, LABEL_SERVICE_NAME};
use crate::api::{EndpointSlice, Endpoints, SliceEndpoint};
use crate::endpoints::{BTreeSet, PodIndex, Written};
use crate::model::{ManagedBy, Objects, PortEndpoints, Service, ServicePort, ServiceSlice, SliceEndpointView};
use crate::util::ip;
use crate::{Body, Object};
/// The user's EndpointSlices labelled for this Service, except those a running controller
/// would delete or overwrite (labelled managed-by that controller).
pub(crate) fn user_slices(objects: &Objects, written: &Written, svc_obj: &Object, svc: &Service) -> Vec<ServiceSlice> {
    written
        .slices(objects, &svc_obj.namespace)
        .iter()
        .filter_map(|&i| objects.get(i).map(|o| (i, o)))
        .filter_map(|(i, o)| match &o.body {
            Body::EndpointSlice(s) if s.metadata.labels.get(LABEL_SERVICE_NAME) == Some(&svc_obj.name) => Some((i, s)),
            _ => None,
        })
        .filter(|(_, s)| replaced_by_controller(s, svc).is_none())
        .map(|(i, s)| ServiceSlice { managed_by: ManagedBy::User, object: Some(i), slice: s.clone() })
        .collect()
}

/// The controller that owns a slice labelled with its managed-by value, when that controller
/// is active for the Service (so the user's copy does not survive).
pub(crate) fn replaced_by_controller(slice: &EndpointSlice, svc: &Service) -> Option<ManagedBy> {
    match slice.metadata.labels.get(LABEL_MANAGED_BY).map(|s| s.as_str()) {
        Some("endpointslice-controller.k8s.io") if svc.has_selector() => Some(ManagedBy::Controller),
        Some("endpointslicemirroring-controller.k8s.io") => Some(ManagedBy::Mirroring),
        _ => None,
    }
}

/// The view of one Service port: the v1 Endpoints addresses for it, and the slice endpoints
/// kube-proxy and DNS read (matched by port name and protocol).
pub(crate) fn port_endpoints(
    pods: &PodIndex,
    sp: &ServicePort,
    endpoints: Option<&Endpoints>,
    slices: &[ServiceSlice],
) -> PortEndpoints {
    let name = sp.name.as_str();
    let protocol = sp.protocol.as_str();
    let mut ready = Vec::new();
    let mut not_ready = Vec::new();
    for subset in endpoints.map(|e| e.subsets.as_slice()).unwrap_or(&[]) {
        for p in subset.ports.iter().filter(|p| p.name.as_deref().unwrap_or("") == name && p.protocol == protocol) {
            ready.extend(subset.addresses.iter().map(|ad| ip::host_port(&ad.ip, p.port)));
            not_ready.extend(subset.not_ready_addresses.iter().map(|ad| ip::host_port(&ad.ip, p.port)));
        }
    }
    ip::sort_host_ports(&mut ready);
    ip::sort_host_ports(&mut not_ready);
    let mut slice_endpoints: Vec<SliceEndpointView> = Vec::new();
    let mut seen: BTreeSet<(String, i64)> = BTreeSet::new();
    for s in slices.iter().filter(|s| consumable(&s.slice)) {
        let ports = s
            .slice
            .ports
            .iter()
            .filter(|p| p.name.as_deref().unwrap_or("") == name && p.protocol == protocol && p.port != 0);
        for p in ports {
            for ep in &s.slice.endpoints {
                let Some(view) = endpoint_view(pods, s, ep, p.port) else {
                    continue;
                };
                if seen.insert((view.address.clone(), view.port)) {
                    slice_endpoints.push(view);
                }
            }
        }
    }
    crate::util::sort::sort_by_cached_key(&mut slice_endpoints, |x| (ip::sort_key(&x.address), x.port));
    PortEndpoints {
        name: name.to_string(),
        port: sp.port,
        protocol: sp.protocol,
        target: sp.target_port.to_string(),
        ready,
        not_ready,
        slice_endpoints,
    }
}

/// Every slice endpoint once (port 0), for headless DNS.
pub(crate) fn all_slice_endpoints(pods: &PodIndex, slices: &[ServiceSlice]) -> Vec<SliceEndpointView> {
    let mut out: Vec<SliceEndpointView> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for s in slices.iter().filter(|s| consumable(&s.slice)) {
        for ep in &s.slice.endpoints {
            let Some(view) = endpoint_view(pods, s, ep, 0) else {
                continue;
            };
            if seen.insert(view.address.clone()) {
                out.push(view);
            }
        }
    }
    crate::util::sort::sort_by_cached_key(&mut out, |x| ip::sort_key(&x.address));
    out
}

/// A selectorless Service read from a cluster whose v1 Endpoints object is not in the input
/// (`kubectl get endpointslices` without `endpoints`, e.g. `default/kubernetes`, which the API
/// server writes both of): the v1 view is what its live slices of the primary family hold —
/// ready, or not ready and not terminating, as the endpoints controller writes them.
pub(crate) fn endpoints_from_live_slices(svc: &Service, slices: &[ServiceSlice], ports: &mut [PortEndpoints]) {
    let live: Vec<&str> = slices
        .iter()
        .filter(|s| s.managed_by == ManagedBy::User && s.slice.metadata.live)
        .map(|s| s.slice.metadata.name.as_str())
        .collect();
    if live.is_empty() {
        return;
    }
    let primary_v4 = svc.spec.ip_families.first().is_none_or(|f| *f == crate::model::IpFamily::IPv4);
    for p in ports.iter_mut().filter(|p| p.ready.is_empty() && p.not_ready.is_empty()) {
        for e in p.slice_endpoints.iter().filter(|e| live.contains(&e.slice.as_str())) {
            if ip::parse(&e.address).is_none_or(|a| a.is_ipv4() != primary_v4) {
                continue;
            }
            let hp = ip::host_port(&e.address, e.port);
            if e.ready {
                p.ready.push(hp);
            } else if !e.terminating {
                p.not_ready.push(hp);
            }
        }
        ip::sort_host_ports(&mut p.ready);
        ip::sort_host_ports(&mut p.not_ready);
    }
}

/// IP slices only (kube-proxy and DNS ignore FQDN slices).
pub(crate) fn consumable(slice: &EndpointSlice) -> bool {
    slice.address_type == "IPv4" || slice.address_type == "IPv6"
}

pub(crate) fn endpoint_view(
    pods: &PodIndex,
    s: &ServiceSlice,
    ep: &SliceEndpoint,
    port: i64,
) -> Option<SliceEndpointView> {
    let address = ep.addresses.first()?.clone();
    Some(SliceEndpointView {
        address,
        port,
        ready: ep.conditions.is_ready(),
        serving: ep.conditions.is_serving(),
        terminating: ep.conditions.is_terminating(),
        node: ep.node_name.clone(),
        zone: ep.zone.clone(),
        hostname: ep.hostname.clone(),
        hints: ep.hints.clone(),
        // The pod the targetRef names; without one, the pod that has the address (a
        // hand-written endpoint that is a pod's IP).
        pod: match ep.target_ref.as_ref() {
            Some(r) if r.kind == "Pod" => {
                let namespace = if r.namespace.is_empty() { &s.slice.metadata.namespace } else { &r.namespace };
                pods.named(namespace, &r.name)
            }
            Some(_) => None,
            None => pods.with_ip(ep.addresses.first()?),
        },
        slice: s.slice.metadata.name.clone(),
        managed_by: s.managed_by,
    })
}
