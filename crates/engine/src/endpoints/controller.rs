//! The endpoints controller: the v1 Endpoints object of a Service with a selector, repacked into
//! subsets and truncated at 1000 addresses (`pkg/controller/endpoint`).

use crate::api::wellknown::{ANNOTATION_OVER_CAPACITY, LABEL_HEADLESS};
use crate::api::{EndpointAddress, EndpointPort, EndpointSubset, Endpoints, ObjectMeta, ObjectReference};
use crate::endpoints::pods::{
    address_types, is_service_ip_set, pod_ip_of_family, pod_reference, should_pod_be_in_endpoints, should_set_hostname,
};
use crate::endpoints::{find_port, BTreeMap, Candidate, MAX_ENDPOINTS_ADDRESSES};
use crate::model::{IpFamily, Service};
use crate::Object;
/// One (address, port) pair before repacking.
pub(crate) struct SubsetEntry {
    address: EndpointAddress,
    ready: bool,
    /// None for a headless Service without ports.
    port: Option<EndpointPort>,
}

/// `syncService` of the endpoints controller: the v1 Endpoints object, and the number of
/// addresses before truncation.
pub(crate) fn endpoints_controller_sync(
    svc_obj: &Object,
    svc: &Service,
    candidates: &[Candidate],
) -> (Endpoints, usize) {
    let tolerate_unready = svc.spec.publish_not_ready_addresses;
    let family = address_types(svc).first().copied().unwrap_or(IpFamily::IPv4);
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
                    name: Some(sp.name.clone()).filter(|n| !n.is_empty()),
                    port,
                    protocol: sp.protocol.to_string(),
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
pub(crate) fn endpoints_metadata(svc_obj: &Object, svc: &Service) -> ObjectMeta {
    let mut labels = svc.metadata.labels.clone();
    if is_service_ip_set(svc) {
        labels.remove(LABEL_HEADLESS);
    } else {
        labels.insert(LABEL_HEADLESS.into(), String::new());
    }
    ObjectMeta { name: svc_obj.name.clone(), namespace: svc_obj.namespace.clone(), labels, ..Default::default() }
}

pub(crate) type AddressKey = (String, Option<ObjectReference>);

/// `RepackSubsets`: each address once per port (not-ready wins over ready), then ports with the
/// same address set share a subset. Addresses and ports are sorted; subsets are sorted by their
/// ports (upstream sorts them by a hash, an order with no meaning).
pub(crate) fn repack_subsets(entries: Vec<SubsetEntry>) -> Vec<EndpointSubset> {
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
            crate::util::sort::sort(&mut ports);
            let pick = |want: bool| -> Vec<EndpointAddress> {
                set.iter().filter(|(_, r)| **r == want).filter_map(|(k, _)| addresses.get(k).cloned()).collect()
            };
            EndpointSubset { addresses: pick(true), not_ready_addresses: pick(false), ports }
        })
        .collect();
    crate::util::sort::sort_by(&mut subsets, |x, y| x.ports.cmp(&y.ports));
    subsets
}

/// `truncateEndpoints`: keeps at most 1000 addresses, ready ones first, spread over subsets in
/// proportion (rounded up). Returns whether anything was cut.
pub(crate) fn truncate_endpoints(subsets: &mut [EndpointSubset]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{EndpointAddress, EndpointPort, EndpointSubset};

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
}
