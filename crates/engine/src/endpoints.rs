//! Stage 6: what the endpoints, EndpointSlice and EndpointSlice-mirroring controllers write for
//! each Service (reference §4), plus the user's own Endpoints / EndpointSlices that consumers read.
//!
//! Public types (read by `dns`, `proxy`, `checks` and the CLI):
//! * [`ServiceEndpoints`] — per Service: the v1 `Endpoints` object, every EndpointSlice that
//!   kube-proxy and DNS read for it ([`ServiceSlice`]), and a per-Service-port flattened view
//!   ([`PortEndpoints`]) with both the legacy Endpoints view (`ready` / `notReady` "ip:port") and
//!   the slice view ([`SliceEndpointView`]) that kube-proxy and DNS consume.

use crate::api::wellknown::*;
use crate::api::{
    EndpointAddress, EndpointConditions, EndpointHints, EndpointPort, EndpointSlice, EndpointSubset, Endpoints,
    IntOrString, NodeInfo, ObjectMeta, ObjectReference, Pod, Service, ServicePort, SliceEndpoint,
};
use crate::diag::Code;
use crate::diag::{Diagnostic, Severity};
use crate::labels::Labels;
use crate::model::*;
use crate::model::{Analysis, Body, Object};
use crate::names;
use crate::util::text::did_you_mean;
use crate::util::{generated, ip};
use std::collections::{BTreeMap, BTreeSet};

// ---------------------------------------------------------------- constants (upstream names)

/// The endpoints controller's `maxCapacity`.
pub const MAX_ENDPOINTS_ADDRESSES: usize = 1000;
/// `--max-endpoints-per-slice` default.
pub const MAX_ENDPOINTS_PER_SLICE: usize = 100;
/// `--mirroring-max-endpoints-per-subset` default.
pub const MAX_MIRRORED_PER_SUBSET: usize = 1000;
// ---------------------------------------------------------------- stage

/// A diagnostic to attach to an object once the computation (which borrows `a`) is done.
type Finding = (usize, &'static str, Diagnostic);

pub fn run(a: &mut Analysis) {
    let mut findings: Vec<Finding> = Vec::new();
    let nodes: BTreeMap<&str, &NodeInfo> = a.nodes.iter().map(|n| (n.name.as_str(), n)).collect();
    let mut slice_names: BTreeSet<(String, String)> =
        a.live("EndpointSlice").map(|(_, o)| (o.namespace.clone(), o.name.clone())).collect();
    let mut skipped: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let pods: PodIndex = a.pods().map(|(i, o, _)| ((o.namespace.clone(), o.name.clone()), i)).collect();
    let mut results = Vec::with_capacity(a.services.len());
    for view in &a.services {
        let mut ctx = SyncContext {
            a,
            nodes: &nodes,
            pods: &pods,
            slice_names: &mut slice_names,
            skipped: &mut skipped,
            findings: &mut findings,
        };
        results.push(sync_service(&mut ctx, view.object, &view.selected));
    }
    for (view, result) in a.services.iter_mut().zip(results) {
        view.endpoints = result;
    }
    check_manual_endpoints(a, &mut findings);
    check_manual_slices(a, &mut findings);
    check_pods_on_unknown_nodes(a, &skipped, &mut findings);
    for (obj, field, d) in findings {
        a.report(obj, field, d);
    }
}

/// Live pods by (namespace, name), for `targetRef` lookups.
type PodIndex = BTreeMap<(String, String), usize>;

/// What one Service sync reads and where it leaves side findings.
struct SyncContext<'a, 'b> {
    a: &'a Analysis,
    nodes: &'b BTreeMap<&'a str, &'a NodeInfo>,
    pods: &'b PodIndex,
    /// Slice names taken per namespace (input slices and generated ones).
    slice_names: &'b mut BTreeSet<(String, String)>,
    /// Pods the EndpointSlice controller skipped because their Node does not exist, with the
    /// Services concerned.
    skipped: &'b mut BTreeMap<usize, Vec<String>>,
    findings: &'b mut Vec<Finding>,
}

/// A selected pod: its object index and body.
#[derive(Clone, Copy)]
struct Candidate<'a> {
    index: usize,
    pod: &'a Pod,
}

fn sync_service(ctx: &mut SyncContext, svc_index: usize, selected: &[usize]) -> ServiceEndpoints {
    let a = ctx.a;
    let Some((svc_obj, svc)) = a.objects.get(svc_index).and_then(|o| o.service().map(|s| (o, s))) else {
        return ServiceEndpoints::default();
    };
    if svc.type_() == "ExternalName" {
        // No controller writes anything; the per-port entries stay (empty) so consumers can
        // index them like `spec.ports`.
        let ports = svc.spec.ports.iter().map(|sp| port_endpoints(ctx.pods, sp, None, &[])).collect();
        return ServiceEndpoints { ports, ..Default::default() };
    }
    let mut out = ServiceEndpoints::default();
    if svc.has_selector() {
        let candidates: Vec<Candidate> = selected
            .iter()
            .filter_map(|&i| a.objects.get(i).and_then(|o| o.pod()).map(|pod| Candidate { index: i, pod }))
            .collect();
        let (endpoints, total) = endpoints_controller_sync(svc_obj, svc, &candidates);
        if endpoints.metadata.annotations.contains_key(ANNOTATION_OVER_CAPACITY) {
            ctx.findings.push((svc_index, "", truncation_warning(svc_obj, total)));
        }
        out.endpoints = Some(endpoints);
        out.endpoints_source = Some(EndpointsSource::Controller);
        for family in address_types(svc) {
            out.slices.extend(endpointslice_controller_sync(ctx, svc_obj, svc, &candidates, family));
        }
    } else if let Some((ep_index, user)) = user_endpoints(a, &svc_obj.namespace, &svc_obj.name) {
        out.endpoints = Some(user.clone());
        out.endpoints_source = Some(EndpointsSource::User);
        if mirroring_skipped(user) {
            ctx.findings.push((ep_index, "metadata.labels", skip_mirror_notice(user)));
        } else {
            out.slices.extend(mirror_endpoints(ctx, ep_index, user));
        }
    }
    out.slices.extend(user_slices(a, svc_obj, svc));
    out.ports =
        svc.spec.ports.iter().map(|sp| port_endpoints(ctx.pods, sp, out.endpoints.as_ref(), &out.slices)).collect();
    out.all = all_slice_endpoints(ctx.pods, &out.slices);
    out
}

// ---------------------------------------------------------------- Service helpers

fn port_name(sp: &ServicePort) -> &str {
    sp.name.as_deref().unwrap_or("")
}

/// `protocol` as defaulted (TCP).
fn port_protocol(sp: &ServicePort) -> &str {
    sp.protocol.as_deref().filter(|p| !p.is_empty()).unwrap_or("TCP")
}

/// The targetPort as defaulted: unset or 0 means the port itself.
fn target_port(sp: &ServicePort) -> IntOrString {
    match &sp.target_port {
        None | Some(IntOrString::Int(0)) => IntOrString::Int(sp.port),
        Some(t) => t.clone(),
    }
}

/// `isServiceIPSet`: a cluster IP that is not "None". An unset clusterIP is taken as one the
/// allocator will fill (only `clusterIP: None` makes a Service headless).
fn is_service_ip_set(svc: &Service) -> bool {
    !svc.is_headless()
}

/// The Service's address types (`spec.ipFamilies`, default the cluster's IPv4).
fn address_types(svc: &Service) -> Vec<&'static str> {
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

fn is_family(ip: &str, address_type: &str) -> bool {
    match address_type {
        "IPv6" => names::is_ipv6(ip),
        _ => names::is_ipv4(ip),
    }
}

/// The pod's IP of a family (`status.podIPs`, with `status.podIP` as its first entry).
fn pod_ip_of_family<'p>(pod: &'p Pod, address_type: &str) -> Option<&'p str> {
    pod.status.pod_ip.iter().chain(pod.status.pod_ips.iter()).map(|s| s.as_str()).find(|ip| is_family(ip, address_type))
}

fn has_any_ip(pod: &Pod) -> bool {
    pod.status.pod_ip.as_deref().is_some_and(|s| !s.is_empty()) || !pod.status.pod_ips.is_empty()
}

/// `ShouldPodBeInEndpoints`: not terminal, has an IP, and not terminating unless tolerated.
fn should_pod_be_in_endpoints(pod: &Pod, include_terminating: bool) -> bool {
    !pod.is_terminal() && has_any_ip(pod) && (include_terminating || !pod.is_terminating())
}

/// `ShouldSetHostname`: the pod has `spec.hostname` and its `spec.subdomain` is the Service's
/// name (same namespace).
fn should_set_hostname(pod: &Pod, svc_obj: &Object) -> Option<String> {
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

fn pod_reference(pod: &Pod) -> ObjectReference {
    ObjectReference { kind: "Pod".into(), namespace: pod.metadata.namespace.clone(), name: pod.metadata.name.clone() }
}

fn truncation_warning(svc_obj: &Object, total: usize) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        Code::EndpointsTruncated,
        format!(
            "Endpoints {}/{} is over capacity: {total} addresses, only {MAX_ENDPOINTS_ADDRESSES} kept (annotation {ANNOTATION_OVER_CAPACITY}: truncated)",
            svc_obj.namespace, svc_obj.name
        ),
    )
    .help("the EndpointSlices still list every endpoint and kube-proxy uses them; only readers of the legacy Endpoints API see a partial list")
}

// ---------------------------------------------------------------- endpoints controller

/// One (address, port) pair before repacking.
struct SubsetEntry {
    address: EndpointAddress,
    ready: bool,
    /// None for a headless Service without ports.
    port: Option<EndpointPort>,
}

/// `syncService` of the endpoints controller: the v1 Endpoints object, and the number of
/// addresses before truncation.
fn endpoints_controller_sync(svc_obj: &Object, svc: &Service, candidates: &[Candidate]) -> (Endpoints, usize) {
    let tolerate_unready = svc.spec.publish_not_ready_addresses.unwrap_or(false);
    let family = address_types(svc).first().copied().unwrap_or("IPv4");
    let mut entries = Vec::new();
    for c in candidates {
        if !should_pod_be_in_endpoints(c.pod, tolerate_unready) {
            continue;
        }
        let Some(ip) = pod_ip_of_family(c.pod, family) else {
            continue;
        };
        let address = EndpointAddress {
            ip: ip.to_string(),
            hostname: should_set_hostname(c.pod, svc_obj),
            node_name: c.pod.spec.node_name.clone().filter(|n| !n.is_empty()),
            target_ref: Some(pod_reference(c.pod)),
        };
        let ready = tolerate_unready || c.pod.status.ready;
        if svc.spec.ports.is_empty() {
            if svc.is_headless() {
                entries.push(SubsetEntry { address, ready, port: None });
            }
            continue;
        }
        for sp in &svc.spec.ports {
            if let Some(port) = find_port(c.pod, sp) {
                let port = EndpointPort {
                    name: sp.name.clone().filter(|n| !n.is_empty()),
                    port,
                    protocol: port_protocol(sp).to_string(),
                };
                entries.push(SubsetEntry { address: address.clone(), ready, port: Some(port) });
            }
        }
    }
    let mut endpoints = Endpoints { metadata: endpoints_metadata(svc_obj, svc), subsets: repack_subsets(entries) };
    let total = endpoints.subsets.iter().map(|s| s.addresses.len() + s.not_ready_addresses.len()).sum();
    if truncate_endpoints(&mut endpoints.subsets) {
        endpoints.metadata.annotations.insert(ANNOTATION_OVER_CAPACITY.into(), "truncated".into());
    }
    (endpoints, total)
}

/// Name = Service name, labels = Service labels (plus the headless label when the Service has
/// no cluster IP).
fn endpoints_metadata(svc_obj: &Object, svc: &Service) -> ObjectMeta {
    let mut labels = svc.metadata.labels.clone();
    if is_service_ip_set(svc) {
        labels.remove(LABEL_HEADLESS);
    } else {
        labels.insert(LABEL_HEADLESS.into(), String::new());
    }
    ObjectMeta { name: svc_obj.name.clone(), namespace: svc_obj.namespace.clone(), labels, ..Default::default() }
}

type AddressKey = (String, Option<ObjectReference>);

/// `RepackSubsets`: each address once per port (not-ready wins over ready), then ports with the
/// same address set share a subset. Addresses and ports are sorted; subsets are sorted by their
/// ports (upstream sorts them by a hash, an order with no meaning).
fn repack_subsets(entries: Vec<SubsetEntry>) -> Vec<EndpointSubset> {
    let mut addresses: BTreeMap<AddressKey, EndpointAddress> = BTreeMap::new();
    let mut by_port: BTreeMap<Option<EndpointPort>, BTreeMap<AddressKey, bool>> = BTreeMap::new();
    for e in entries {
        let key = (e.address.ip.clone(), e.address.target_ref.clone());
        addresses.entry(key.clone()).or_insert(e.address);
        let set = by_port.entry(e.port).or_default();
        let ready = set.get(&key).map_or(e.ready, |was| *was && e.ready);
        set.insert(key, ready);
    }
    let mut groups: Vec<(BTreeMap<AddressKey, bool>, Vec<EndpointPort>)> = Vec::new();
    for (port, set) in by_port {
        let ports: Vec<EndpointPort> = port.into_iter().collect();
        match groups.iter_mut().find(|(s, _)| *s == set) {
            Some((_, ps)) => ps.extend(ports),
            None => groups.push((set, ports)),
        }
    }
    let mut subsets: Vec<EndpointSubset> = groups
        .into_iter()
        .map(|(set, mut ports)| {
            ports.sort();
            let pick = |want: bool| -> Vec<EndpointAddress> {
                set.iter().filter(|(_, r)| **r == want).filter_map(|(k, _)| addresses.get(k).cloned()).collect()
            };
            EndpointSubset { addresses: pick(true), not_ready_addresses: pick(false), ports }
        })
        .collect();
    subsets.sort_by(|x, y| x.ports.cmp(&y.ports));
    subsets
}

/// `truncateEndpoints`: keeps at most 1000 addresses, ready ones first, spread over subsets in
/// proportion (rounded up). Returns whether anything was cut.
fn truncate_endpoints(subsets: &mut [EndpointSubset]) -> bool {
    let total_ready: usize = subsets.iter().map(|s| s.addresses.len()).sum();
    let total_not_ready: usize = subsets.iter().map(|s| s.not_ready_addresses.len()).sum();
    if total_ready + total_not_ready <= MAX_ENDPOINTS_ADDRESSES {
        return false;
    }
    let truncate_ready = total_ready > MAX_ENDPOINTS_ADDRESSES;
    let (max, num_total) = if truncate_ready {
        (MAX_ENDPOINTS_ADDRESSES, total_ready)
    } else {
        (MAX_ENDPOINTS_ADDRESSES - total_ready, total_not_ready)
    };
    let mut can_be_added = max;
    for s in subsets.iter_mut() {
        let in_subset = if truncate_ready { s.addresses.len() } else { s.not_ready_addresses.len() };
        let to_be_added = (in_subset * max).div_ceil(num_total.max(1)).min(can_be_added);
        if truncate_ready {
            s.addresses.truncate(to_be_added);
            s.not_ready_addresses.clear();
            can_be_added -= s.addresses.len();
        } else {
            s.not_ready_addresses.truncate(to_be_added);
            can_be_added -= s.not_ready_addresses.len();
        }
    }
    true
}

// ---------------------------------------------------------------- EndpointSlice controller

/// `Reconcile` for one address type, from scratch: endpoints grouped by their resolved port
/// list, at most 100 per slice, one placeholder slice when there are none.
fn endpointslice_controller_sync(
    ctx: &mut SyncContext,
    svc_obj: &Object,
    svc: &Service,
    candidates: &[Candidate],
    address_type: &'static str,
) -> Vec<ServiceSlice> {
    let publish_not_ready = svc.spec.publish_not_ready_addresses.unwrap_or(false);
    let mut groups: Vec<(Vec<EndpointPort>, Vec<SliceEndpoint>)> = Vec::new();
    for c in candidates {
        if !should_pod_be_in_endpoints(c.pod, true) {
            continue;
        }
        let ports = endpoint_ports(svc, c.pod);
        let node_name = c.pod.spec.node_name.as_deref().unwrap_or("");
        let node = ctx.nodes.get(node_name).copied();
        if node.is_none() && !publish_not_ready {
            ctx.skipped.entry(c.index).or_default().push(format!("{}/{}", svc_obj.namespace, svc_obj.name));
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
    slices.into_iter().map(|slice| ServiceSlice { managed_by: ManagedBy::Controller, object: None, slice }).collect()
}

/// `getEndpointPorts`: the Service ports this pod resolves, with their target numbers.
fn endpoint_ports(svc: &Service, pod: &Pod) -> Vec<EndpointPort> {
    svc.spec
        .ports
        .iter()
        .filter_map(|sp| {
            find_port(pod, sp).map(|port| EndpointPort {
                name: Some(port_name(sp).to_string()),
                port,
                protocol: port_protocol(sp).to_string(),
            })
        })
        .collect()
}

/// `podToEndpoint`: serving = pod Ready, terminating = deletionTimestamp set, ready =
/// publishNotReadyAddresses or (serving and not terminating); node, zone, hostname.
fn pod_to_endpoint(
    pod: &Pod,
    node: Option<&NodeInfo>,
    svc_obj: &Object,
    svc: &Service,
    address_type: &str,
) -> SliceEndpoint {
    let serving = pod.status.ready;
    let terminating = pod.is_terminating();
    let ready = svc.spec.publish_not_ready_addresses.unwrap_or(false) || (serving && !terminating);
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
fn new_endpoint_slice(
    ctx: &mut SyncContext,
    svc_obj: &Object,
    svc: &Service,
    address_type: &str,
    ports: Vec<EndpointPort>,
    endpoints: Vec<SliceEndpoint>,
) -> EndpointSlice {
    let mut labels: Labels = svc
        .metadata
        .labels
        .iter()
        .filter(|(k, _)| !is_reserved_label(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !is_service_ip_set(svc) {
        labels.insert(LABEL_HEADLESS.into(), String::new());
    }
    labels.insert(LABEL_SERVICE_NAME.into(), svc_obj.name.clone());
    labels.insert(LABEL_MANAGED_BY.into(), ManagedBy::Controller.as_str().into());
    let prefix = format!("{}-", svc_obj.name);
    let seed =
        format!("{address_type}/{ports:?}/{}", endpoints.first().map(|e| e.addresses.join(",")).unwrap_or_default());
    let name = slice_name(ctx.slice_names, &svc_obj.namespace, &prefix, &seed);
    EndpointSlice {
        metadata: ObjectMeta {
            name,
            generate_name: Some(prefix),
            namespace: svc_obj.namespace.clone(),
            labels,
            ..Default::default()
        },
        address_type: address_type.into(),
        endpoints,
        ports,
    }
}

/// `<prefix><5 chars>`, unique among the namespace's slices, drawn from `seed`.
fn slice_name(taken: &mut BTreeSet<(String, String)>, namespace: &str, prefix: &str, seed: &str) -> String {
    let prefix: String = prefix.chars().take(generated::MAX_PREFIX).collect();
    generated::unique_name(taken, namespace, &prefix, &format!("{namespace}/{prefix}/{seed}"))
}

fn is_reserved_label(key: &str) -> bool {
    key == LABEL_SERVICE_NAME || key == LABEL_MANAGED_BY || key == LABEL_HEADLESS
}

/// Whether `trafficDistribution` puts hints on the slices, and whether node hints too
/// (`PreferSameNode`). A `topology-mode: Auto` annotation takes precedence (its proportional
/// allocator is not modeled: no hints then).
fn traffic_distribution_hints(svc: &Service) -> Option<bool> {
    let annotations = &svc.metadata.annotations;
    let auto = annotations
        .get(ANNOTATION_TOPOLOGY_HINTS)
        .or_else(|| annotations.get(ANNOTATION_TOPOLOGY_MODE))
        .is_some_and(|v| v == "Auto" || v == "auto");
    if auto {
        return None;
    }
    match svc.spec.traffic_distribution.as_deref()? {
        "PreferClose" | "PreferSameZone" => Some(false),
        "PreferSameNode" => Some(true),
        _ => None,
    }
}

/// `preferCloseHeuristic.update`: every ready endpoint gets its zone (and node) as hint.
fn add_same_zone_hints(slice: &mut EndpointSlice, node_hints: bool) {
    for ep in slice.endpoints.iter_mut().filter(|e| e.conditions.ready == Some(true)) {
        let for_zones: Vec<String> = ep.zone.iter().cloned().collect();
        let for_nodes: Vec<String> = if node_hints { ep.node_name.iter().cloned().collect() } else { Vec::new() };
        ep.hints = (!for_zones.is_empty() || !for_nodes.is_empty()).then_some(EndpointHints { for_zones, for_nodes });
    }
}

// ---------------------------------------------------------------- mirroring, user objects

fn user_endpoints<'a>(a: &'a Analysis, namespace: &str, name: &str) -> Option<(usize, &'a Endpoints)> {
    a.live("Endpoints").filter(|(_, o)| o.namespace == namespace && o.name == name).find_map(|(i, o)| match &o.body {
        Body::Endpoints(e) => Some((i, e)),
        _ => None,
    })
}

/// `skipMirror` (label `endpointslice.kubernetes.io/skip-mirror: "true"`) or the
/// leader-election annotation.
fn mirroring_skipped(ep: &Endpoints) -> bool {
    ep.metadata.labels.get(LABEL_SKIP_MIRROR).is_some_and(|v| v == "true")
        || ep.metadata.annotations.contains_key(ANNOTATION_LEADER)
}

fn skip_mirror_notice(ep: &Endpoints) -> Diagnostic {
    Diagnostic::new(
        Severity::Info,
        Code::EndpointsSkipMirror,
        format!("Endpoints {}/{} is not mirrored to an EndpointSlice ({LABEL_SKIP_MIRROR} or leader-election annotation)", ep.metadata.namespace, ep.metadata.name),
    )
    .help("kube-proxy and cluster DNS read only EndpointSlices: without a mirrored or hand-written slice they see no endpoints for this Service")
}

/// The endpointslice-mirroring controller: one slice per (address type, port list), at most
/// 1000 addresses per subset; `addresses` → ready, `notReadyAddresses` → not ready.
fn mirror_endpoints(ctx: &mut SyncContext, ep_index: usize, ep: &Endpoints) -> Vec<ServiceSlice> {
    let mut groups: Vec<(MirrorKey, Vec<SliceEndpoint>)> = Vec::new();
    for subset in &ep.subsets {
        let ports: Vec<EndpointPort> = subset
            .ports
            .iter()
            .map(|p| EndpointPort { name: Some(p.name.clone().unwrap_or_default()), ..p.clone() })
            .collect();
        let addresses =
            subset.addresses.iter().map(|a| (a, true)).chain(subset.not_ready_addresses.iter().map(|a| (a, false)));
        for (address, ready) in addresses.take(MAX_MIRRORED_PER_SUBSET) {
            let Some((address_type, endpoint)) = address_to_endpoint(address, ready) else {
                continue;
            };
            let key = (address_type.to_string(), ports.clone());
            let eps = match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, eps)) => eps,
                None => {
                    groups.push((key, Vec::new()));
                    match groups.last_mut() {
                        Some((_, eps)) => eps,
                        None => continue,
                    }
                }
            };
            if eps.len() < MAX_MIRRORED_PER_SUBSET && !eps.iter().any(|e| e.addresses == endpoint.addresses) {
                eps.push(endpoint);
            }
        }
    }
    groups
        .into_iter()
        .map(|((address_type, ports), endpoints)| {
            let slice = mirrored_slice(ctx, ep, &address_type, ports, endpoints);
            ServiceSlice { managed_by: ManagedBy::Mirroring, object: Some(ep_index), slice }
        })
        .collect()
}

/// (address type, ports): one mirrored slice each.
type MirrorKey = (String, Vec<EndpointPort>);

/// `addressToEndpoint`: IPs that do not parse are skipped.
fn address_to_endpoint(address: &EndpointAddress, ready: bool) -> Option<(&'static str, SliceEndpoint)> {
    let address_type = if names::is_ipv4(&address.ip) {
        "IPv4"
    } else if names::is_ipv6(&address.ip) {
        "IPv6"
    } else {
        return None;
    };
    let endpoint = SliceEndpoint {
        addresses: vec![address.ip.clone()],
        conditions: EndpointConditions { ready: Some(ready), serving: None, terminating: None },
        hostname: address.hostname.clone().filter(|h| !h.is_empty()),
        node_name: address.node_name.clone(),
        zone: None,
        target_ref: address.target_ref.clone(),
        hints: None,
    };
    Some((address_type, endpoint))
}

/// Mirrored slice metadata: the Endpoints' labels and annotations (minus trigger time and
/// last-applied), service-name and managed-by mirroring.
fn mirrored_slice(
    ctx: &mut SyncContext,
    ep: &Endpoints,
    address_type: &str,
    ports: Vec<EndpointPort>,
    endpoints: Vec<SliceEndpoint>,
) -> EndpointSlice {
    let mut labels = ep.metadata.labels.clone();
    labels.insert(LABEL_SERVICE_NAME.into(), ep.metadata.name.clone());
    labels.insert(LABEL_MANAGED_BY.into(), ManagedBy::Mirroring.as_str().into());
    let annotations: Labels = ep
        .metadata
        .annotations
        .iter()
        .filter(|(k, _)| k.as_str() != ANNOTATION_TRIGGER_TIME && k.as_str() != ANNOTATION_LAST_APPLIED)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let prefix = format!("{}-", ep.metadata.name);
    let seed = format!("mirror/{address_type}/{ports:?}");
    let name = slice_name(ctx.slice_names, &ep.metadata.namespace, &prefix, &seed);
    EndpointSlice {
        metadata: ObjectMeta {
            name,
            generate_name: Some(prefix),
            namespace: ep.metadata.namespace.clone(),
            labels,
            annotations,
            ..Default::default()
        },
        address_type: address_type.into(),
        endpoints,
        ports,
    }
}

/// The user's EndpointSlices labelled for this Service, except those a running controller
/// would delete or overwrite (labelled managed-by that controller).
fn user_slices(a: &Analysis, svc_obj: &Object, svc: &Service) -> Vec<ServiceSlice> {
    a.live("EndpointSlice")
        .filter(|(_, o)| o.namespace == svc_obj.namespace)
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
fn replaced_by_controller(slice: &EndpointSlice, svc: &Service) -> Option<ManagedBy> {
    match slice.metadata.labels.get(LABEL_MANAGED_BY).map(|s| s.as_str()) {
        Some("endpointslice-controller.k8s.io") if svc.has_selector() => Some(ManagedBy::Controller),
        Some("endpointslicemirroring-controller.k8s.io") => Some(ManagedBy::Mirroring),
        _ => None,
    }
}

// ---------------------------------------------------------------- consumer views

/// The view of one Service port: the v1 Endpoints addresses for it, and the slice endpoints
/// kube-proxy and DNS read (matched by port name and protocol).
fn port_endpoints(
    pods: &PodIndex,
    sp: &ServicePort,
    endpoints: Option<&Endpoints>,
    slices: &[ServiceSlice],
) -> PortEndpoints {
    let name = port_name(sp);
    let protocol = port_protocol(sp);
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
    slice_endpoints.sort_by_cached_key(|x| (ip::sort_key(&x.address), x.port));
    PortEndpoints {
        name: name.to_string(),
        port: sp.port,
        protocol: protocol.to_string(),
        target: target_port(sp).to_string(),
        ready,
        not_ready,
        slice_endpoints,
    }
}

/// Every slice endpoint once (port 0), for headless DNS.
fn all_slice_endpoints(pods: &PodIndex, slices: &[ServiceSlice]) -> Vec<SliceEndpointView> {
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
    out.sort_by_cached_key(|x| ip::sort_key(&x.address));
    out
}

/// IP slices only (kube-proxy and DNS ignore FQDN slices).
fn consumable(slice: &EndpointSlice) -> bool {
    slice.address_type == "IPv4" || slice.address_type == "IPv6"
}

fn endpoint_view(pods: &PodIndex, s: &ServiceSlice, ep: &SliceEndpoint, port: i64) -> Option<SliceEndpointView> {
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
        pod: ep.target_ref.as_ref().filter(|r| r.kind == "Pod").and_then(|r| {
            let namespace = if r.namespace.is_empty() { &s.slice.metadata.namespace } else { &r.namespace };
            pods.get(&(namespace.clone(), r.name.clone())).copied()
        }),
        slice: s.slice.metadata.name.clone(),
        managed_by: s.managed_by,
    })
}

// ---------------------------------------------------------------- checks

/// A user Endpoints with the name of a Service that has a selector: the endpoints controller
/// owns that object.
fn check_manual_endpoints(a: &Analysis, findings: &mut Vec<Finding>) {
    for (i, o) in a.live("Endpoints") {
        let Some((_, _, svc)) = a.service_objects().find(|(_, so, _)| so.namespace == o.namespace && so.name == o.name)
        else {
            continue;
        };
        if svc.has_selector() && svc.type_() != "ExternalName" {
            let d = Diagnostic::new(
                Severity::Warning,
                Code::ManualEndpointsOverwritten,
                format!("Endpoints {}/{} will be overwritten by the endpoints controller: Service {}/{} has a selector", o.namespace, o.name, o.namespace, o.name),
            )
            .help("remove this Endpoints object, or remove `spec.selector` from the Service to manage its endpoints yourself (they are then mirrored to an EndpointSlice)");
            findings.push((i, "subsets", d));
        }
    }
}

/// User EndpointSlices that kube-proxy and DNS ignore or that a controller replaces.
fn check_manual_slices(a: &Analysis, findings: &mut Vec<Finding>) {
    for (i, o) in a.live("EndpointSlice") {
        let Body::EndpointSlice(s) = &o.body else {
            continue;
        };
        match s.metadata.labels.get(LABEL_SERVICE_NAME).filter(|v| !v.is_empty()) {
            None => findings.push((i, "metadata.labels", missing_service_name(a, o))),
            Some(svc_name) => {
                let svc = a
                    .service_objects()
                    .find(|(_, so, _)| so.namespace == o.namespace && &so.name == svc_name)
                    .map(|(_, _, s)| s);
                match svc {
                    None => findings.push((i, "metadata.labels", unknown_service(a, o, svc_name))),
                    Some(svc) => {
                        if let Some(by) = replaced_by_controller(s, svc) {
                            findings.push((i, "metadata.labels", replaced_slice(o, by)));
                        }
                    }
                }
            }
        }
    }
}

fn missing_service_name(a: &Analysis, o: &Object) -> Diagnostic {
    let guess = a
        .service_objects()
        .filter(|(_, so, _)| so.namespace == o.namespace)
        .map(|(_, so, _)| so.name.as_str())
        .find(|n| o.name == *n || o.name.starts_with(&format!("{n}-")));
    let help = match guess {
        Some(n) => format!("add the label `{LABEL_SERVICE_NAME}: {n}` to attach it to Service {}/{n}", o.namespace),
        None => format!("add the label `{LABEL_SERVICE_NAME}: <service name>` to attach it to a Service"),
    };
    Diagnostic::new(
        Severity::Warning,
        Code::SliceMissingServiceName,
        format!(
            "EndpointSlice {}/{} has no `{LABEL_SERVICE_NAME}` label: kube-proxy and cluster DNS ignore it",
            o.namespace, o.name
        ),
    )
    .help(help)
}

fn unknown_service(a: &Analysis, o: &Object, svc_name: &str) -> Diagnostic {
    let names: Vec<&str> = a
        .service_objects()
        .filter(|(_, so, _)| so.namespace == o.namespace)
        .map(|(_, so, _)| so.name.as_str())
        .collect();
    let help = match did_you_mean(svc_name, names.iter().copied()) {
        Some(n) => format!("did you mean `{LABEL_SERVICE_NAME}: {n}`?"),
        None => {
            format!("create Service {}/{svc_name}, or label the slice with an existing Service's name", o.namespace)
        }
    };
    Diagnostic::new(
        Severity::Warning,
        Code::SliceUnknownService,
        format!("EndpointSlice {}/{} is labelled for Service \"{svc_name}\", which does not exist in namespace {}: nothing uses it", o.namespace, o.name, o.namespace),
    )
    .help(help)
}

fn replaced_slice(o: &Object, by: ManagedBy) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        Code::SliceManagedByController,
        format!("EndpointSlice {}/{} is labelled `{LABEL_MANAGED_BY}: {}`: that controller deletes or rewrites it, so it is not used as written", o.namespace, o.name, by.as_str()),
    )
    .help(format!("remove the `{LABEL_MANAGED_BY}` label (or set it to your own name) to keep a hand-written slice"))
}

/// Pods bound to a Node that does not exist: the EndpointSlice controller skips them.
fn check_pods_on_unknown_nodes(a: &Analysis, skipped: &BTreeMap<usize, Vec<String>>, findings: &mut Vec<Finding>) {
    let node_names: Vec<&str> = a.nodes.iter().map(|n| n.name.as_str()).collect();
    for (i, o, pod) in a.pods() {
        let node = pod.spec.node_name.as_deref().filter(|n| !n.is_empty());
        let services = skipped.get(&i);
        let missing = node.is_some_and(|n| !node_names.contains(&n));
        if (!missing || pod.is_terminal()) && services.is_none() {
            continue;
        }
        let effect = match services {
            Some(s) => format!("the EndpointSlice controller skips it for Service {}, so kube-proxy and DNS do not use it (the legacy Endpoints still lists it)", s.join(", ")),
            None => "a pod bound to a missing node never runs, and the EndpointSlice controller would skip it".into(),
        };
        let (message, help) = match node {
            Some(n) => {
                let hint = match did_you_mean(n, node_names.iter().copied()) {
                    Some(s) => format!("did you mean `nodeName: {s}`? "),
                    None => String::new(),
                };
                (
                    format!("pod {}/{} is bound to Node \"{n}\", which does not exist: {effect}", o.namespace, o.name),
                    format!("{hint}use one of the cluster's nodes ({}) or add a Node named {n}; a real cluster's pod garbage collector also deletes such pods", node_names.join(", ")),
                )
            }
            None => (
                format!("pod {}/{} has an IP but no `spec.nodeName`: {effect}", o.namespace, o.name),
                format!("set `spec.nodeName` to one of the cluster's nodes ({})", node_names.join(", ")),
            ),
        };
        findings.push((
            i,
            "spec.nodeName",
            Diagnostic::new(Severity::Warning, Code::PodOnUnknownNode, message).help(help),
        ));
    }
}

// ---------------------------------------------------------------- report sections

/// Fixture-test section `endpoints`: like `kubectl get endpoints` (wide), per Service:
/// `ns/name: ip:port, ...` (or `<none>`), then ` notReady: ...`; `-` when no Endpoints object.
pub fn report_endpoints(a: &Analysis) -> Vec<String> {
    a.services
        .iter()
        .map(|v| {
            let Some(ep) = &v.endpoints.endpoints else {
                return format!("{}/{}: -", v.namespace, v.name);
            };
            let (mut ready, mut not_ready) = (Vec::new(), Vec::new());
            for ss in &ep.subsets {
                collect_subset(&ss.addresses, &ss.ports, &mut ready);
                collect_subset(&ss.not_ready_addresses, &ss.ports, &mut not_ready);
            }
            ip::sort_host_ports(&mut ready);
            ip::sort_host_ports(&mut not_ready);
            let mut line = format!(
                "{}/{}: {}",
                v.namespace,
                v.name,
                if ready.is_empty() { "<none>".into() } else { ready.join(", ") }
            );
            if !not_ready.is_empty() {
                line.push_str(&format!(" notReady: {}", not_ready.join(", ")));
            }
            if v.endpoints.endpoints_source == Some(EndpointsSource::User) {
                line.push_str(" (user)");
            }
            if ep.metadata.annotations.contains_key(ANNOTATION_OVER_CAPACITY) {
                line.push_str(" (truncated)");
            }
            line
        })
        .collect()
}

fn collect_subset(addresses: &[EndpointAddress], ports: &[EndpointPort], out: &mut Vec<String>) {
    for ad in addresses {
        if ports.is_empty() {
            out.push(ad.ip.clone());
        }
        for p in ports {
            out.push(ip::host_port(&ad.ip, p.port));
        }
    }
}

/// Fixture-test section `slices`: one line per slice of each Service.
pub fn report_slices(a: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    for v in &a.services {
        for s in &v.endpoints.slices {
            out.push(slice_line(s));
        }
    }
    out
}

fn slice_line(s: &ServiceSlice) -> String {
    let sl = &s.slice;
    let ports: Vec<String> =
        sl.ports.iter().map(|p| format!("{}:{}/{}", p.name.as_deref().unwrap_or(""), p.port, p.protocol)).collect();
    let endpoints: Vec<String> = sl.endpoints.iter().map(endpoint_text).collect();
    format!(
        "{}/{} {} {} ports=[{}] endpoints=[{}]",
        sl.metadata.namespace,
        sl.metadata.name,
        s.managed_by.as_str(),
        sl.address_type,
        ports.join(" "),
        endpoints.join(", ")
    )
}

/// `10.244.1.2 ready,serving node=node-a zone=zone-a`: the conditions as consumers read them.
fn endpoint_text(ep: &SliceEndpoint) -> String {
    let c = &ep.conditions;
    let mut conds = Vec::new();
    if c.is_ready() {
        conds.push("ready");
    }
    if c.is_serving() {
        conds.push("serving");
    }
    if c.is_terminating() {
        conds.push("terminating");
    }
    let mut parts = vec![ep.addresses.join("+"), if conds.is_empty() { "-".into() } else { conds.join(",") }];
    if let Some(h) = &ep.hostname {
        parts.push(format!("host={h}"));
    }
    if let Some(n) = &ep.node_name {
        parts.push(format!("node={n}"));
    }
    if let Some(z) = &ep.zone {
        parts.push(format!("zone={z}"));
    }
    if let Some(h) = &ep.hints {
        let all: Vec<&str> = h.for_zones.iter().chain(h.for_nodes.iter()).map(|s| s.as_str()).collect();
        parts.push(format!("hints={}", all.join("+")));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;
    use crate::model::Source;

    fn run(yaml: &str) -> Analysis {
        analyze(&[Source::new("t.yaml", yaml)])
    }

    const NAMED: &str = r#"
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{name: web, port: 80, targetPort: http}, {name: admin, port: 81, protocol: UDP}]
---
apiVersion: v1
kind: Pod
metadata: {name: a, labels: {app: web}}
spec: {nodeName: node-a, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
status: {phase: Running, podIP: 10.244.1.10, conditions: [{type: Ready, status: "True"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, labels: {app: web}}
spec: {nodeName: node-b, containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]}
status: {phase: Running, podIP: 10.244.2.10, conditions: [{type: Ready, status: "False"}]}
"#;

    #[test]
    fn per_port_view_resolves_target_per_pod() {
        let a = run(NAMED);
        let v = &a.services[0].endpoints;
        assert_eq!(v.ports.len(), 2);
        let web = &v.ports[0];
        assert_eq!(
            (web.name.as_str(), web.port, web.protocol.as_str(), web.target.as_str()),
            ("web", 80, "TCP", "http")
        );
        assert_eq!(web.ready, vec!["10.244.1.10:8080"]);
        assert_eq!(web.not_ready, vec!["10.244.2.10:9090"]);
        let ports: Vec<(String, i64, bool)> =
            web.slice_endpoints.iter().map(|e| (e.address.clone(), e.port, e.ready)).collect();
        assert_eq!(ports, vec![("10.244.1.10".into(), 8080, true), ("10.244.2.10".into(), 9090, false)]);
        assert_eq!(web.slice_endpoints[0].pod, Some(1));
        assert_eq!(web.slice_endpoints[0].zone.as_deref(), Some("zone-a"));
        // targetPort omitted: the port itself, protocol kept.
        let admin = &v.ports[1];
        assert_eq!((admin.target.as_str(), admin.protocol.as_str()), ("81", "UDP"));
        assert_eq!(admin.ready, vec!["10.244.1.10:81"]);
        assert_eq!(v.all.len(), 2);
    }

    #[test]
    fn serializes_for_the_cli() {
        let a = run(NAMED);
        let json = serde_json::to_value(&a.services[0].endpoints).unwrap();
        assert_eq!(json["ports"][0]["ready"], serde_json::json!(["10.244.1.10:8080"]));
        assert_eq!(json["ports"][0]["notReady"], serde_json::json!(["10.244.2.10:9090"]));
        assert_eq!(json["slices"][0]["managedBy"], "endpointslice-controller.k8s.io");
        assert_eq!(json["endpoints"]["metadata"]["name"], "web");
    }

    #[test]
    fn repack_groups_ports_with_equal_address_sets() {
        let addr = |ip: &str| EndpointAddress { ip: ip.into(), ..Default::default() };
        let port = |n: i64| Some(EndpointPort { name: Some(format!("p{n}")), port: n, protocol: "TCP".into() });
        let entries = vec![
            SubsetEntry { address: addr("10.0.0.2"), ready: true, port: port(1) },
            SubsetEntry { address: addr("10.0.0.2"), ready: true, port: port(2) },
            SubsetEntry { address: addr("10.0.0.1"), ready: true, port: port(1) },
            SubsetEntry { address: addr("10.0.0.1"), ready: true, port: port(2) },
            // The same address again, not ready on port 1: not-ready wins.
            SubsetEntry { address: addr("10.0.0.2"), ready: false, port: port(1) },
        ];
        let subsets = repack_subsets(entries);
        assert_eq!(subsets.len(), 2);
        assert_eq!(subsets[0].ports.len(), 1);
        assert_eq!(subsets[0].addresses.iter().map(|a| a.ip.as_str()).collect::<Vec<_>>(), ["10.0.0.1"]);
        assert_eq!(subsets[0].not_ready_addresses.iter().map(|a| a.ip.as_str()).collect::<Vec<_>>(), ["10.0.0.2"]);
        assert_eq!(subsets[1].addresses.len(), 2);
    }

    #[test]
    fn truncation_prefers_ready_and_keeps_proportions() {
        let addrs = |n: usize, base: usize| {
            (0..n)
                .map(|i| EndpointAddress { ip: format!("10.0.{}.{}", base, i), ..Default::default() })
                .collect::<Vec<_>>()
        };
        let mut subsets = vec![
            EndpointSubset { addresses: addrs(600, 1), not_ready_addresses: addrs(300, 2), ports: Vec::new() },
            EndpointSubset { addresses: addrs(200, 3), not_ready_addresses: addrs(100, 4), ports: Vec::new() },
        ];
        assert!(truncate_endpoints(&mut subsets));
        // 800 ready kept; 200 not-ready places split 3:1 (rounded up).
        assert_eq!((subsets[0].addresses.len(), subsets[0].not_ready_addresses.len()), (600, 150));
        assert_eq!((subsets[1].addresses.len(), subsets[1].not_ready_addresses.len()), (200, 50));
        let mut small = vec![EndpointSubset { addresses: addrs(10, 1), ..Default::default() }];
        assert!(!truncate_endpoints(&mut small));
    }

    #[test]
    fn truncated_endpoints_keep_every_slice_endpoint() {
        let text = include_str!("../tests/fixtures/endpoints/truncated-endpoints.yaml");
        let a = run(text);
        let v = &a.services[0].endpoints;
        let ep = v.endpoints.as_ref().unwrap();
        assert_eq!(ep.subsets.iter().map(|s| s.addresses.len()).sum::<usize>(), MAX_ENDPOINTS_ADDRESSES);
        assert_eq!(ep.metadata.annotations.get(ANNOTATION_OVER_CAPACITY).map(|s| s.as_str()), Some("truncated"));
        assert_eq!(v.slices.len(), 11);
        assert!(v.slices.iter().all(|s| s.slice.endpoints.len() <= MAX_ENDPOINTS_PER_SLICE));
        assert_eq!(v.ports[0].slice_endpoints.len(), 1005);
        assert_eq!(v.ports[0].ready.len(), 1000);
    }

    #[test]
    fn controller_slice_metadata() {
        let a = run(r#"
apiVersion: v1
kind: Service
metadata: {name: db, labels: {team: data, kubernetes.io/service-name: spoof}}
spec: {clusterIP: None, selector: {app: db}}
"#);
        let v = &a.services[0].endpoints;
        let s = &v.slices[0].slice;
        assert!(s.metadata.name.starts_with("db-") && s.metadata.name.len() == 8, "{}", s.metadata.name);
        assert_eq!(s.metadata.generate_name.as_deref(), Some("db-"));
        assert_eq!(s.metadata.labels.get(LABEL_SERVICE_NAME).map(|s| s.as_str()), Some("db"));
        assert_eq!(
            s.metadata.labels.get(LABEL_MANAGED_BY).map(|s| s.as_str()),
            Some("endpointslice-controller.k8s.io")
        );
        assert_eq!(s.metadata.labels.get(LABEL_HEADLESS).map(|s| s.as_str()), Some(""));
        assert_eq!(s.metadata.labels.get("team").map(|s| s.as_str()), Some("data"));
        let ep = v.endpoints.as_ref().unwrap();
        assert_eq!(ep.metadata.labels.get(LABEL_HEADLESS).map(|s| s.as_str()), Some(""));
        assert!(ep.subsets.is_empty());
    }
}
