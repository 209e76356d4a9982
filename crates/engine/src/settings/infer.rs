//! Settings inferred from the input's objects when no configuration states them: the Service
//! CIDRs from the Services' clusterIPs (`default/kubernetes` holds the first address of its
//! range), the pod CIDRs from the Nodes' podCIDRs and the pods' IPs, the nodes from the pods'
//! `nodeName` and `hostIP`, the version from the kubelets'.

use crate::model::{
    Body, NodesFrom, Object, Objects, Setting, SettingSource, DEFAULT_POD_CIDR, DEFAULT_POD_CIDR_V6,
    DEFAULT_SERVICE_CIDR, DEFAULT_SERVICE_CIDR_V6, NEWEST_MINOR, OLDEST_MINOR,
};
use crate::util::ip::{self, Cidr};

/// One inference: the value, what it rests on, and the object to point at.
pub(crate) struct Inferred<'a, T> {
    pub(crate) value: T,
    pub(crate) from: String,
    /// Where to report it (None: nothing in the input to point at).
    pub(crate) at: Option<(&'a Object, &'static str)>,
}

impl<T> Inferred<'_, T> {
    pub(crate) fn setting(&self) -> Setting<T>
    where
        T: Clone,
    {
        Setting { value: self.value.clone(), source: SettingSource::Inferred { from: self.from.clone() } }
    }
}

/// Addresses of one family, as values.
fn values(ips: &[String], v4: bool) -> Vec<u128> {
    ips.iter().filter_map(|s| ip::value(s)).filter(|(f, _)| *f == v4).map(|(_, v)| v).collect()
}

/// The smallest range holding `values`, preferring a /`prefer` (IPv4 /16, IPv6 /112) and, when
/// `anchor` (the first address of the range, `default/kubernetes`) is known, a range that starts
/// right before it.
fn range_for(v4: bool, values: &[u128], anchor: Option<u128>, prefer: u32) -> Option<Cidr> {
    if let Some(base) = anchor.and_then(|a| a.checked_sub(1)) {
        let at = |len: u32| Some(Cidr::from_value(v4, base, len)).filter(|c| c.base() == base);
        if let Some(c) = at(prefer).filter(|c| values.iter().all(|v| c.holds(*v))) {
            return Some(c);
        }
        let longest = if v4 { 30 } else { 126 };
        let widest = if v4 { 8 } else { 48 };
        if let Some(c) = (widest..=longest).rev().filter_map(at).find(|c| values.iter().all(|v| c.holds(*v))) {
            return Some(c);
        }
    }
    Cidr::covering(v4, values, prefer)
}

/// The addresses of the /`len` block that holds `anchor`, else of the block holding the most
/// addresses (the first such on a tie).
fn one_block(values: Vec<u128>, anchor: Option<u128>, v4: bool, len: u32) -> Vec<u128> {
    let block = |v: u128| Cidr::from_value(v4, v, len);
    let chosen = anchor.map(block).or_else(|| {
        let mut best: Option<(usize, Cidr)> = None;
        for v in &values {
            let b = block(*v);
            let n = values.iter().filter(|w| b.holds(**w)).count();
            if best.is_none_or(|(m, _)| n > m) {
                best = Some((n, b));
            }
        }
        best.map(|(_, b)| b)
    });
    match chosen {
        Some(b) => values.into_iter().filter(|v| b.holds(*v)).collect(),
        None => values,
    }
}

/// What one Service says about the cluster's families and ranges.
struct ServiceEvidence<'a> {
    object: &'a Object,
    key: String,
    ips: Vec<String>,
    wants_v6: bool,
    wants_dual: bool,
}

fn services(objects: &Objects) -> Vec<ServiceEvidence<'_>> {
    objects
        .iter()
        .filter(|o| o.valid)
        .filter_map(|o| match &o.body {
            Body::Service(s) => {
                let sp = &s.api.spec;
                let mut ips: Vec<String> = sp.cluster_ips.clone();
                if let Some(ip) = sp.cluster_ip.as_ref().filter(|ip| !ips.contains(ip)) {
                    ips.insert(0, ip.clone());
                }
                ips.retain(|ip| ip::parse(ip).is_some());
                let external_name = sp.type_.as_deref() == Some("ExternalName");
                Some(ServiceEvidence {
                    object: o,
                    key: format!("{}/{}", o.namespace, o.name),
                    wants_v6: !external_name && sp.ip_families.iter().any(|f| f == "IPv6"),
                    wants_dual: !external_name && sp.ip_family_policy.as_deref() == Some("RequireDualStack"),
                    ips,
                })
            }
            _ => None,
        })
        .collect()
}

/// The Service CIDRs the Services imply, or None when the default holds them all.
pub(crate) fn service_cidrs(objects: &Objects) -> Option<Inferred<'_, Vec<String>>> {
    let svcs = services(objects);
    let kubernetes = svcs.iter().find(|s| s.key == "default/kubernetes" && !s.ips.is_empty());
    let anchor = |v4: bool| kubernetes.and_then(|k| values(&k.ips, v4).first().copied());
    let all: Vec<String> = svcs.iter().flat_map(|s| s.ips.iter().cloned()).collect();
    // One range per family: addresses far from the others (another /12, or /48) are the
    // allocator's business (out of range), not evidence of a huge range.
    let v4s = one_block(values(&all, true), anchor(true), true, 12);
    let v6s = one_block(values(&all, false), anchor(false), false, 48);
    let default = Cidr::parse(DEFAULT_SERVICE_CIDR)?;
    let default_anchor = default.base() + 1;
    let v4_default = v4s.iter().all(|v| default.holds(*v)) && anchor(true).is_none_or(|a| a == default_anchor);
    let wants_v6 = !v6s.is_empty() || svcs.iter().any(|s| s.wants_v6 || s.wants_dual);
    let wants_v4 = !v4s.is_empty() || svcs.iter().any(|s| s.wants_dual);
    if v4_default && !wants_v6 {
        return None;
    }
    let v4 = if v4_default { Some(default) } else { range_for(true, &v4s, anchor(true), 16) };
    let v6 = if v6s.is_empty() {
        wants_v6.then(|| Cidr::parse(DEFAULT_SERVICE_CIDR_V6)).flatten()
    } else {
        range_for(false, &v6s, anchor(false), 112)
    };
    // The primary family is `default/kubernetes`' (it has the primary range's first address).
    let v6_primary = kubernetes.is_some_and(|k| anchor(true).is_none() && !values(&k.ips, false).is_empty());
    let mut cidrs: Vec<String> = Vec::new();
    let v4 = v4.filter(|_| wants_v4 || !v6_primary);
    for c in if v6_primary { [v6, v4] } else { [v4, v6] }.into_iter().flatten() {
        cidrs.push(c.to_string());
    }
    let with_ips = svcs.iter().filter(|s| !s.ips.is_empty()).count();
    let mut parts = Vec::new();
    if with_ips > 0 {
        let mut p = format!("the clusterIPs of {with_ips} Service{}", if with_ips == 1 { "" } else { "s" });
        if let Some(k) = kubernetes {
            p.push_str(&format!(" (default/kubernetes at {})", k.ips.join(",")));
        }
        parts.push(p);
    }
    let asks: Vec<&str> = svcs.iter().filter(|s| s.wants_v6 || s.wants_dual).map(|s| s.key.as_str()).take(3).collect();
    if !asks.is_empty() && v6s.is_empty() {
        parts.push(format!("{} asking for IPv6 or dual-stack", asks.join(", ")));
    }
    let from = parts.join(" and ");
    let first = kubernetes
        .or_else(|| {
            svcs.iter()
                .find(|s| !values(&s.ips, true).iter().all(|v| default.holds(*v)) || !values(&s.ips, false).is_empty())
        })
        .or_else(|| svcs.iter().find(|s| s.wants_v6 || s.wants_dual))?;
    let field = if first.ips.is_empty() { "spec" } else { "spec.clusterIP" };
    Some(Inferred { value: cidrs, from, at: Some((first.object, field)) })
}

/// The pod CIDRs the Nodes and pods imply (and an IPv6 one when the Services are dual-stack),
/// or None when the default holds them all.
pub(crate) fn pod_cidrs<'a>(objects: &'a Objects, service_cidrs: &[String]) -> Option<Inferred<'a, Vec<String>>> {
    let mut addrs: Vec<String> = Vec::new();
    let mut first: Option<(&Object, &'static str)> = None;
    let mut nodes = 0;
    let mut pods = 0;
    for o in objects.iter().filter(|o| o.valid) {
        match &o.body {
            Body::Node(n) if !n.pod_cidrs.is_empty() => {
                nodes += 1;
                addrs.extend(n.pod_cidrs.iter().filter_map(|c| Cidr::parse(c)).filter_map(|c| c.nth(0)));
                first.get_or_insert((o, "spec.podCIDR"));
            }
            // Pods a kubelet reported (read from a cluster): hand-written pod IPs are not evidence.
            Body::Pod(p) if !p.spec.host_network && (p.metadata.live || !p.status.host_ips.is_empty()) => {
                let ips: Vec<String> = p.status.pod_ip.iter().chain(p.status.pod_ips.iter()).cloned().collect();
                if ips.iter().any(|i| ip::parse(i).is_some()) {
                    pods += 1;
                    addrs.extend(ips);
                    first.get_or_insert((o, "status.podIP"));
                }
            }
            _ => {}
        }
    }
    let (v4s, v6s) = (values(&addrs, true), values(&addrs, false));
    let default = Cidr::parse(DEFAULT_POD_CIDR)?;
    let v4_default = v4s.iter().all(|v| default.holds(*v));
    let dual_services = service_cidrs.iter().filter_map(|c| Cidr::parse(c)).any(|c| !c.v4);
    let v6_primary = service_cidrs.first().and_then(|c| Cidr::parse(c)).is_some_and(|c| !c.v4);
    if v4_default && v6s.is_empty() && !dual_services {
        return None;
    }
    let v4 = if v4_default { Some(default) } else { Cidr::covering(true, &v4s, 16) };
    let v6 = if v6s.is_empty() { Cidr::parse(DEFAULT_POD_CIDR_V6) } else { Cidr::covering(false, &v6s, 56) };
    let v6 = v6.filter(|_| !v6s.is_empty() || dual_services);
    let cidrs: Vec<String> =
        if v6_primary { [v6, v4] } else { [v4, v6] }.into_iter().flatten().map(|c| c.to_string()).collect();
    let mut parts = Vec::new();
    if nodes > 0 {
        parts.push(format!("the podCIDRs of {nodes} Node{}", if nodes == 1 { "" } else { "s" }));
    }
    if pods > 0 {
        parts.push(format!("the IPs of {pods} pod{}", if pods == 1 { "" } else { "s" }));
    }
    if v6s.is_empty() && dual_services {
        parts.push("the dual-stack Service CIDRs".to_string());
    }
    Some(Inferred { value: cidrs, from: parts.join(" and "), at: first })
}

/// Where the nodes come from, when no Node is in the input: the pods that a kubelet reported
/// (`nodeName` with `hostIP`, or a pod read from a cluster).
pub(crate) fn nodes_from_pods(objects: &Objects) -> Option<Inferred<'_, NodesFrom>> {
    if objects.iter().any(|o| o.valid && matches!(o.body, Body::Node(_))) {
        return None;
    }
    let mut names: Vec<&str> = Vec::new();
    let mut first = None;
    for o in objects.iter().filter(|o| o.valid) {
        let Body::Pod(p) = &o.body else { continue };
        let Some(node) = p.spec.node_name.as_deref().filter(|n| !n.is_empty()) else { continue };
        if p.status.host_ips.is_empty() && !p.metadata.live {
            continue;
        }
        first.get_or_insert(o);
        if !names.contains(&node) {
            names.push(node);
        }
    }
    let o = first?;
    let shown: Vec<&str> = names.iter().copied().take(5).collect();
    let more =
        if names.len() > shown.len() { format!(" and {} more", names.len() - shown.len()) } else { String::new() };
    Some(Inferred {
        value: NodesFrom::Pods,
        from: format!("the nodeName and hostIP of the pods: {}{more}", shown.join(", ")),
        at: Some((o, "spec.nodeName")),
    })
}

/// The Kubernetes minor version the kubelets report (the newest), clamped to what the
/// playground models; and the version as written.
pub(crate) fn minor_version(objects: &Objects) -> Option<(Inferred<'_, u32>, u32)> {
    let mut best: Option<(u32, &Object, String)> = None;
    let mut count = 0;
    for o in objects.iter().filter(|o| o.valid) {
        let Body::Node(n) = &o.body else { continue };
        let Some(v) = n.kubelet_version.as_deref() else { continue };
        let Some(m) = super::stated::minor_of(v) else { continue };
        count += 1;
        if best.as_ref().is_none_or(|(b, _, _)| m > *b) {
            best = Some((m, o, v.to_string()));
        }
    }
    let (m, o, v) = best?;
    let value = m.clamp(OLDEST_MINOR, NEWEST_MINOR);
    let from = format!("the kubeletVersion of {count} Node{} ({v})", if count == 1 { "" } else { "s" });
    Some((Inferred { value, from, at: Some((o, "status.nodeInfo.kubeletVersion")) }, m))
}
