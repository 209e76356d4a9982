//! The Service as kube-proxy sees it: its policies with defaults filled in, the addresses it
//! captures, and the endpoints it reads per port and family.

use crate::api::wellknown::{LABEL_HEADLESS, LABEL_SERVICE_PROXY_NAME};
use crate::model::{IpMode, Protocol, Service, ServiceType, SessionAffinity, SliceEndpointView, TrafficPolicy};
use crate::proxy::Inputs;
use crate::util::ip;
use crate::util::ip::Cidr;
use crate::ServiceView;
use std::collections::HashMap;
/// `sessionAffinityConfig.clientIP.timeoutSeconds` default.
pub(super) const DEFAULT_AFFINITY_TIMEOUT: i64 = 10800;

/// The policy facts of one Service (defaults filled in where the API server would), and the
/// addresses kube-proxy captures for it.
#[derive(Clone)]
pub(crate) struct Policy<'a> {
    pub svc: &'a Service,
    /// The cluster's Kubernetes minor version.
    pub minor: u32,
    pub view: &'a ServiceView,
    /// `externalTrafficPolicy: Local` on an externally accessible Service.
    pub etp_local: bool,
    pub itp_local: bool,
    /// Trimmed `spec.loadBalancerSourceRanges` of the primary family (of the frontend's family
    /// after [`Policy::for_family`]); empty = any source.
    pub source_ranges: Vec<String>,
    pub affinity: Option<i64>,
    /// Valid cluster IPs, primary first.
    pub cluster_ips: Vec<String>,
    /// External IPs of the families the Service has a cluster IP of (each family's proxier
    /// captures its own).
    pub external_ips: Vec<String>,
    /// Load-balancer ingress IPs kube-proxy captures (ipMode VIP or unset; the Service's
    /// families).
    pub lb_vips: Vec<String>,
    /// Ingress IPs with ipMode Proxy (no rule: the load balancer connects to the nodePorts).
    pub lb_proxy_ips: Vec<String>,
}

impl<'a> Policy<'a> {
    pub(crate) fn new(a: &Inputs<'a>, view: &'a ServiceView) -> Option<Policy<'a>> {
        let svc = a.objects.get(view.object)?.service()?;
        let spec = &svc.spec;
        let externally = svc.externally_accessible();
        let affinity = (spec.session_affinity == SessionAffinity::ClientIp)
            .then(|| spec.affinity_timeout.filter(|t| *t > 0).unwrap_or(DEFAULT_AFFINITY_TIMEOUT));
        let mut cluster_ips: Vec<String> =
            spec.cluster_ips.iter().filter(|ip| ip::parse(ip).is_some()).cloned().collect();
        if cluster_ips.is_empty() {
            cluster_ips.extend(spec.cluster_ip.clone().filter(|ip| ip::parse(ip).is_some()));
        }
        let primary = cluster_ips.first().cloned().unwrap_or_default();
        let source_ranges = source_ranges_of(svc, &primary);
        // One proxier per family: each captures the addresses of its family, for a Service
        // with a cluster IP of that family (pkg/proxy/serviceport.go newBaseServiceInfo).
        let has_family = |ip: &String| cluster_ips.iter().any(|c| ip::same_family(c, ip));
        let is_lb = spec.type_ == ServiceType::LoadBalancer;
        let ingress = &svc.status.ingress;
        Some(Policy {
            svc,
            minor: a.minor,
            view,
            etp_local: externally && spec.external_traffic_policy == Some(TrafficPolicy::Local),
            itp_local: spec.internal_traffic_policy == Some(TrafficPolicy::Local),
            source_ranges,
            affinity,
            external_ips: spec.external_ips.iter().filter(|ip| has_family(ip)).cloned().collect(),
            lb_vips: ingress
                .iter()
                .filter(|g| is_lb && g.ip_mode.is_none_or(|m| m == IpMode::Vip))
                .filter_map(|g| g.ip.clone())
                .filter(|ip| has_family(ip))
                .collect(),
            lb_proxy_ips: ingress
                .iter()
                .filter(|g| is_lb && g.ip_mode == Some(IpMode::Proxy))
                .filter_map(|g| g.ip.clone())
                .collect(),
            cluster_ips,
        })
    }

    /// Why kube-proxy has no rules for this Service at all, if so (upstream `ShouldSkipService`
    /// and the informers' label selectors).
    pub(crate) fn unproxied(&self) -> Option<String> {
        let svc = self.svc;
        if let Some(p) = svc.metadata.labels.get(LABEL_SERVICE_PROXY_NAME) {
            return Some(format!(
                "labelled {LABEL_SERVICE_PROXY_NAME}={p}: the default kube-proxy ignores it (another proxy handles it)"
            ));
        }
        // Up to 1.35 one label selector (no proxy name, no headless label) filtered Services and
        // EndpointSlices alike; from 1.36 the Service informer drops only the proxy-name label
        // (cmd/kube-proxy/app/server.go).
        if self.minor <= 35 && svc.metadata.labels.contains_key(LABEL_HEADLESS) {
            return Some(format!(
                "labelled {LABEL_HEADLESS}: kube-proxy's informers filter out Services with that label (Kubernetes 1.35 and older)"
            ));
        }
        if svc.spec.type_ == ServiceType::ExternalName {
            return Some(format!(
                "ExternalName: DNS answers CNAME {}; kube-proxy programs nothing (no cluster IP, no port remapping)",
                svc.spec.external_name.as_deref().unwrap_or("-")
            ));
        }
        if svc.is_headless() {
            return Some("headless (clusterIP None): no virtual IP; DNS returns the pod IPs and clients connect to them directly".into());
        }
        if self.cluster_ips.is_empty() {
            return Some("no cluster IP allocated: kube-proxy skips the Service".into());
        }
        None
    }

    /// The primary cluster IP (its family is the family of the nodePort, external-IP and VIP
    /// rules shown).
    pub(crate) fn primary_ip(&self) -> &str {
        self.cluster_ips.first().map(String::as_str).unwrap_or("")
    }

    /// Whether the Service has a cluster IP of `ip`'s family: kube-proxy runs one proxier per
    /// family, and a proxier skips a Service without a cluster IP of its family
    /// (`GetClusterIPByFamily` in pkg/proxy/servicechangetracker.go); the one that has it
    /// programs the nodePort on the node addresses of its family, with that family's endpoints.
    pub(crate) fn has_family_of(&self, ip: &str) -> bool {
        self.cluster_ips.iter().any(|c| ip::same_family(c, ip))
    }

    /// The Service as the proxier of `ip`'s family sees it: its source ranges are that
    /// family's (the others are the other proxier's).
    pub(crate) fn for_family(&self, ip: &str) -> Policy<'a> {
        let mut p = self.clone();
        p.source_ranges = source_ranges_of(self.svc, ip);
        p
    }

    pub(crate) fn node_port(&self, port_idx: usize) -> Option<i64> {
        if !self.svc.has_node_ports() {
            return None;
        }
        self.svc.spec.ports.get(port_idx)?.node_port.filter(|p| *p > 0)
    }

    /// Per upstream `ExternallyAccessible()` for one service port.
    pub(crate) fn port_externally_accessible(&self, port_idx: usize) -> bool {
        self.node_port(port_idx).is_some() || !self.lb_vips.is_empty() || !self.external_ips.is_empty()
    }

    pub(crate) fn protocol(&self, port_idx: usize) -> Protocol {
        self.svc.spec.ports.get(port_idx).map_or(Protocol::Tcp, |p| p.protocol)
    }

    /// `default/web port 80/TCP`.
    pub(super) fn port_label(&self, port_idx: usize) -> String {
        format!(
            "{}/{} port {}/{}",
            self.view.namespace,
            self.view.name,
            self.svc.spec.ports.get(port_idx).map_or(0, |x| x.port),
            self.protocol(port_idx)
        )
    }

    /// The endpoints kube-proxy reads for one Service port and one IP family (that of
    /// `family_of`): deduplicated by address:port (a ready copy wins), without slices labelled
    /// `service.kubernetes.io/headless` (the only label kube-proxy 1.36+ filters slices by).
    pub(crate) fn endpoints(&self, port_idx: usize, family_of: &str) -> Vec<&'a SliceEndpointView> {
        let Some(pe) = self.view.endpoints.ports.get(port_idx) else {
            return Vec::new();
        };
        let ignored: Vec<&str> = self
            .view
            .endpoints
            .slices
            .iter()
            .filter(|s| {
                let l = &s.slice.metadata.labels;
                // From 1.36 the EndpointSlice informer filters the headless label only.
                (self.minor <= 35 && l.contains_key(LABEL_SERVICE_PROXY_NAME)) || l.contains_key(LABEL_HEADLESS)
            })
            .map(|s| s.slice.metadata.name.as_str())
            .collect();
        let v4 = ip::v4_or_unknown(family_of);
        let mut out: Vec<&SliceEndpointView> = Vec::new();
        let mut seen: HashMap<(&str, i64), usize> = HashMap::new();
        for ep in &pe.slice_endpoints {
            if ep.port <= 0
                || ep.port > 65535
                || ip::parse(ep.address.trim()).is_none_or(|a| a.is_ipv4() != v4)
                || ignored.contains(&ep.slice.as_str())
            {
                continue;
            }
            match seen.get(&(ep.address.as_str(), ep.port)) {
                Some(&i) => {
                    if ep.ready && !out[i].ready {
                        out[i] = ep;
                    }
                }
                None => {
                    seen.insert((ep.address.as_str(), ep.port), out.len());
                    out.push(ep);
                }
            }
        }
        out
    }
}

/// kube-proxy reads the field only (the annotation is for cloud providers), trimmed, of the
/// family of `family_of`; none left means no firewall at all.
fn source_ranges_of(svc: &Service, family_of: &str) -> Vec<String> {
    let v4 = ip::v4_or_unknown(family_of);
    svc.spec
        .load_balancer_source_ranges
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| Cidr::parse(r).is_some_and(|c| c.v4 == v4))
        .collect()
}
