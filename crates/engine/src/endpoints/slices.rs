//! The EndpointSlice controller (`k8s.io/endpointslice` `Reconcile`): slices per address type,
//! grouped by resolved port list, at most 100 endpoints each; traffic-distribution hints.

use crate::api::wellknown::{
    ANNOTATION_TOPOLOGY_HINTS, ANNOTATION_TOPOLOGY_MODE, LABEL_HEADLESS, LABEL_MANAGED_BY, LABEL_SERVICE_NAME,
};
use crate::api::{EndpointConditions, EndpointHints, EndpointPort, EndpointSlice, ObjectMeta, SliceEndpoint};
use crate::endpoints::pods::{
    is_family, is_service_ip_set, pod_reference, should_pod_be_in_endpoints, should_set_hostname,
};
use crate::endpoints::{find_port, BTreeSet, Candidate, NodeInfo, Pod, SyncContext, MAX_ENDPOINTS_PER_SLICE};
use crate::labels::Labels;
use crate::model::{IpFamily, ManagedBy, ObjectId, Service, ServiceSlice, TrafficDistribution};
use crate::util::generated;
use crate::Object;
/// `Reconcile` for one address type, from scratch: endpoints grouped by their resolved port
/// list, at most 100 per slice, one placeholder slice when there are none.
pub(crate) fn endpointslice_controller_sync(
    ctx: &mut SyncContext,
    svc_obj: &Object,
    svc: &Service,
    candidates: &[Candidate],
    address_type: IpFamily,
) -> (Vec<ServiceSlice>, Vec<ObjectId>) {
    let publish_not_ready = svc.spec.publish_not_ready_addresses;
    let mut groups: Vec<(Vec<EndpointPort>, Vec<SliceEndpoint>)> = Vec::new();
    let mut skipped = Vec::new();
    for c in candidates {
        if !should_pod_be_in_endpoints(c.pod, true) {
            continue;
        }
        let ports = endpoint_ports(svc, c.pod);
        let node_name = c.pod.spec.node_name.as_deref().unwrap_or("");
        let node = ctx.nodes.get(node_name).copied();
        if node.is_none() && !publish_not_ready {
            skipped.push(c.id);
            continue;
        }
        let endpoint = pod_to_endpoint(c.pod, node, svc_obj, svc, address_type);
        if endpoint.addresses.is_empty() {
            continue;
        }
        match groups.iter_mut().find(|(p, _)| *p == ports) {
            Some((_, eps)) => eps.push(endpoint),
            None => groups.push((ports, vec![endpoint])),
        }
    }
    let mut slices = Vec::new();
    for (ports, endpoints) in groups {
        for chunk in endpoints.chunks(MAX_ENDPOINTS_PER_SLICE) {
            slices.push(new_endpoint_slice(ctx, svc_obj, svc, address_type, ports.clone(), chunk.to_vec()));
        }
    }
    if slices.is_empty() {
        slices.push(new_endpoint_slice(ctx, svc_obj, svc, address_type, Vec::new(), Vec::new()));
    }
    if let Some(node_hints) = traffic_distribution_hints(svc) {
        for s in &mut slices {
            add_same_zone_hints(s, node_hints);
        }
    }
    let slices = slices
        .into_iter()
        .map(|slice| ServiceSlice { managed_by: ManagedBy::Controller, object: None, slice })
        .collect();
    (slices, skipped)
}

/// `getEndpointPorts`: the Service ports this pod resolves, with their target numbers.
pub(crate) fn endpoint_ports(svc: &Service, pod: &Pod) -> Vec<EndpointPort> {
    svc.spec
        .ports
        .iter()
        .filter_map(|sp| {
            find_port(pod, sp).map(|port| EndpointPort {
                name: Some(sp.name.clone()),
                port,
                protocol: sp.protocol.to_string(),
            })
        })
        .collect()
}

/// `podToEndpoint`: serving = pod Ready, terminating = deletionTimestamp set, ready =
/// publishNotReadyAddresses or (serving and not terminating); node, zone, hostname.
pub(crate) fn pod_to_endpoint(
    pod: &Pod,
    node: Option<&NodeInfo>,
    svc_obj: &Object,
    svc: &Service,
    address_type: IpFamily,
) -> SliceEndpoint {
    let serving = pod.status.ready;
    let terminating = pod.is_terminating();
    let ready = svc.spec.publish_not_ready_addresses || (serving && !terminating);
    let addresses = pod
        .status
        .pod_ips
        .iter()
        .chain(pod.status.pod_ip.iter())
        .filter(|ip| is_family(ip, address_type))
        .take(1)
        .cloned()
        .collect();
    SliceEndpoint {
        addresses,
        conditions: EndpointConditions { ready: Some(ready), serving: Some(serving), terminating: Some(terminating) },
        hostname: should_set_hostname(pod, svc_obj),
        node_name: pod.spec.node_name.clone().filter(|n| !n.is_empty()),
        zone: node.and_then(|n| n.zone()).filter(|z| !z.is_empty()).map(str::to_string),
        target_ref: Some(pod_reference(pod)),
        hints: None,
    }
}

/// `newEndpointSlice`: `generateName: <svc>-`, the Service's labels (reserved ones dropped) plus
/// service-name, managed-by and, for a headless Service, the headless label.
pub(crate) fn new_endpoint_slice(
    ctx: &mut SyncContext,
    svc_obj: &Object,
    svc: &Service,
    address_type: IpFamily,
    ports: Vec<EndpointPort>,
    endpoints: Vec<SliceEndpoint>,
) -> EndpointSlice {
    let mut labels: Labels = crate::util::sort::map(
        svc.metadata.labels.iter().filter(|(k, _)| !is_reserved_label(k)).map(|(k, v)| (k.clone(), v.clone())),
    );
    if !is_service_ip_set(svc) {
        labels.insert(LABEL_HEADLESS.into(), String::new());
    }
    labels.insert(LABEL_SERVICE_NAME.into(), svc_obj.name.clone());
    labels.insert(LABEL_MANAGED_BY.into(), ManagedBy::Controller.as_str().into());
    let prefix = format!("{}-", svc_obj.name);
    // The name depends on the Service's identity and the address family only, so it stays the
    // same across edits of ports or pods (a real controller keeps its slices' names; several
    // slices of one Service and family differ by the salt `unique_name` adds).
    let seed = address_type.to_string();
    let name = slice_name(ctx.slice_names, &svc_obj.namespace, &prefix, &seed);
    EndpointSlice {
        metadata: ObjectMeta {
            name,
            generate_name: Some(prefix),
            namespace: svc_obj.namespace.clone(),
            labels,
            ..Default::default()
        },
        address_type: address_type.to_string(),
        endpoints,
        ports,
    }
}

/// `<prefix><5 chars>`, unique among the namespace's slices, drawn from `seed`.
pub(crate) fn slice_name(taken: &mut BTreeSet<(String, String)>, namespace: &str, prefix: &str, seed: &str) -> String {
    let prefix: String = prefix.chars().take(generated::MAX_PREFIX).collect();
    generated::unique_name(taken, namespace, &prefix, &format!("{namespace}/{prefix}/{seed}"))
}

pub(crate) fn is_reserved_label(key: &str) -> bool {
    key == LABEL_SERVICE_NAME || key == LABEL_MANAGED_BY || key == LABEL_HEADLESS
}

/// Whether `trafficDistribution` puts hints on the slices, and whether node hints too
/// (`PreferSameNode`). A `topology-mode: Auto` annotation takes precedence (its proportional
/// allocator is not modeled: no hints then).
pub(crate) fn traffic_distribution_hints(svc: &Service) -> Option<bool> {
    let annotations = &svc.metadata.annotations;
    let auto = annotations
        .get(ANNOTATION_TOPOLOGY_HINTS)
        .or_else(|| annotations.get(ANNOTATION_TOPOLOGY_MODE))
        .is_some_and(|v| v == "Auto" || v == "auto");
    if auto {
        return None;
    }
    match svc.spec.traffic_distribution? {
        TrafficDistribution::PreferClose | TrafficDistribution::PreferSameZone => Some(false),
        TrafficDistribution::PreferSameNode => Some(true),
    }
}

/// `preferCloseHeuristic.update`: every ready endpoint gets its zone (and node) as hint.
pub(crate) fn add_same_zone_hints(slice: &mut EndpointSlice, node_hints: bool) {
    for ep in slice.endpoints.iter_mut().filter(|e| e.conditions.ready == Some(true)) {
        let for_zones: Vec<String> = ep.zone.iter().cloned().collect();
        let for_nodes: Vec<String> = if node_hints { ep.node_name.iter().cloned().collect() } else { Vec::new() };
        ep.hints = (!for_zones.is_empty() || !for_nodes.is_empty()).then_some(EndpointHints { for_zones, for_nodes });
    }
}
