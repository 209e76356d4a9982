//! The EndpointSlice mirroring controller: a selectorless Service's user Endpoints copied into
//! EndpointSlices (unless it opts out).

use crate::api::wellknown::{
    ANNOTATION_LAST_APPLIED, ANNOTATION_LEADER, ANNOTATION_TRIGGER_TIME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME,
    LABEL_SKIP_MIRROR,
};
use crate::api::{
    EndpointAddress, EndpointConditions, EndpointPort, EndpointSlice, Endpoints, ObjectMeta, SliceEndpoint,
};
use crate::endpoints::slices::slice_name;
use crate::endpoints::{SyncContext, Written, MAX_MIRRORED_PER_SUBSET};
use crate::labels::Labels;
use crate::model::{IpFamily, ManagedBy, ObjectId, Objects, ServiceSlice};
use crate::Body;
pub(crate) fn user_endpoints<'a>(
    objects: &'a Objects,
    written: &Written,
    namespace: &str,
    name: &str,
) -> Option<(ObjectId, &'a Endpoints)> {
    let i = written.endpoints(namespace, name)?;
    match &objects.get(i)?.body {
        Body::Endpoints(e) => Some((i, e)),
        _ => None,
    }
}

/// `skipMirror` (label `endpointslice.kubernetes.io/skip-mirror: "true"`) or the
/// leader-election annotation.
pub(crate) fn mirroring_skipped(ep: &Endpoints) -> bool {
    ep.metadata.labels.get(LABEL_SKIP_MIRROR).is_some_and(|v| v == "true")
        || ep.metadata.annotations.contains_key(ANNOTATION_LEADER)
}

/// The endpointslice-mirroring controller: one slice per (address type, port list), at most
/// 1000 addresses per subset; `addresses` → ready, `notReadyAddresses` → not ready.
pub(crate) fn mirror_endpoints(ctx: &mut SyncContext, ep_id: ObjectId, ep: &Endpoints) -> Vec<ServiceSlice> {
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
            let key = (address_type, ports.clone());
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
            let slice = mirrored_slice(ctx, ep, address_type, ports, endpoints);
            ServiceSlice { managed_by: ManagedBy::Mirroring, object: Some(ep_id), slice }
        })
        .collect()
}

/// (address type, ports): one mirrored slice each.
pub(crate) type MirrorKey = (IpFamily, Vec<EndpointPort>);

/// `addressToEndpoint`: IPs that do not parse are skipped.
pub(crate) fn address_to_endpoint(address: &EndpointAddress, ready: bool) -> Option<(IpFamily, SliceEndpoint)> {
    let address_type = IpFamily::of(&address.ip)?;
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
pub(crate) fn mirrored_slice(
    ctx: &mut SyncContext,
    ep: &Endpoints,
    address_type: IpFamily,
    ports: Vec<EndpointPort>,
    endpoints: Vec<SliceEndpoint>,
) -> EndpointSlice {
    let mut labels = ep.metadata.labels.clone();
    labels.insert(LABEL_SERVICE_NAME.into(), ep.metadata.name.clone());
    labels.insert(LABEL_MANAGED_BY.into(), ManagedBy::Mirroring.as_str().into());
    let annotations: Labels = crate::util::sort::map(
        ep.metadata
            .annotations
            .iter()
            .filter(|(k, _)| k.as_str() != ANNOTATION_TRIGGER_TIME && k.as_str() != ANNOTATION_LAST_APPLIED)
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    let prefix = format!("{}-", ep.metadata.name);
    // Stable across edits of the Endpoints' ports (see `new_endpoint_slice`).
    let seed = format!("mirror/{address_type}");
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
        address_type: address_type.to_string(),
        endpoints,
        ports,
    }
}
