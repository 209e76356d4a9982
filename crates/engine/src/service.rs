//! Stage 3: what the API server does with each Service, Endpoints and EndpointSlice document.
//!
//! Documents are taken in input order, as `kubectl apply -f` sends them. For each valid one:
//!
//! 1. **Create or update.** If an object with the same kind/namespace/name is already live (an
//!    earlier document was admitted), this document is an *update* of it (see [`crate::apply`]);
//!    otherwise a *create*. Cluster-wide allocations (clusterIPs, nodePorts) go to the first
//!    request.
//! 2. **Decode.** A number that does not fit the API's int32 (`port: 99999999999`) fails decoding
//!    and nothing else is checked.
//! 3. **Static defaulting** (`SetDefaults_Service`): `type`, `sessionAffinity` (+ its config),
//!    each port's `protocol` and `targetPort`, `externalTrafficPolicy`, `internalTrafficPolicy`,
//!    `allocateLoadBalancerNodePorts`, ingress `ipMode`.
//! 4. **BeginCreate / BeginUpdate.** clusterIP(s) normalisation; IP-family fields (policy, families,
//!    the clusterIP validation); allocation of the clusterIP from [`SERVICE_CIDR`], of nodePorts
//!    from [`NODE_PORT_RANGE`] (keyed by port *number*, so TCP/53 and UDP/53 share one) and of the
//!    `healthCheckNodePort`. An error here is the only error reported: it replaces validation.
//!    Allocation is deterministic: the start of the search is a hash of `namespace/name` (and port)
//!    in the upper band of the range, then linear probing, so the same manifest always gets the
//!    same addresses. 10.96.0.1 (`default/kubernetes`) and 10.96.0.10 (`kube-system/kube-dns`)
//!    are taken.
//! 5. **Validation** (`ValidateService`, plus `ValidateServiceUpdate` for an update). Every error
//!    is reported, with the API server's field path and message and a one-line `help`.
//! 6. On success the defaulted, allocated object is written back into
//!    [`Analysis::objects`]`[i].body`, so serialising it gives what the API server would store.
//!    `status.loadBalancer` written in the input is kept as the cloud controller's observed state
//!    (LoadBalancer Services only). A rejected document is marked invalid (it does not exist
//!    downstream); a rejected update leaves the earlier object as it was.
//!
//! Endpoints and EndpointSlices written by the user are validated the same way
//! (`ValidateEndpoints`, discovery `ValidateEndpointSlice`).
//!
//! Diagnostic codes are registered in [`crate::diag::Code`].

use crate::api::wellknown::{ANNOTATION_LB_SOURCE_RANGES, ANNOTATION_TOPOLOGY_HINTS, ANNOTATION_TOPOLOGY_MODE};
use crate::api::*;
use crate::diag::Code;
use crate::diag::FieldError;
use crate::diag::Severity;
use crate::labels::LabelSelector;
use crate::model::{Analysis, Body};
use crate::names;
use crate::util::hash::fnv64;
use crate::util::text::did_you_mean;
use crate::util::{ip, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The Service CIDR the playground's API server allocates clusterIPs from (IPv4 single-stack).
pub const SERVICE_CIDR: &str = "10.96.0.0/12";
/// The nodePort range (`--service-node-port-range`).
pub const NODE_PORT_RANGE: &str = "30000-32767";
/// The clusterIP of `default/kubernetes` (first address of the Service CIDR).
pub const KUBERNETES_SERVICE_IP: &str = "10.96.0.1";
/// The clusterIP of `kube-system/kube-dns` (kubeadm's choice, the 10th address).
pub const KUBE_DNS_SERVICE_IP: &str = "10.96.0.10";

// ============================================================================ field errors

// ============================================================================ predicates

/// `ExternallyAccessible`: LoadBalancer, NodePort, or ClusterIP with `externalIPs`.
pub fn externally_accessible(svc: &Service) -> bool {
    let t = svc.type_();
    t == "LoadBalancer" || t == "NodePort" || (t == "ClusterIP" && !svc.spec.external_ips.is_empty())
}

/// `NeedsHealthCheck`: a LoadBalancer with `externalTrafficPolicy: Local`.
pub fn needs_health_check(svc: &Service) -> bool {
    svc.type_() == "LoadBalancer" && svc.spec.external_traffic_policy.as_deref() == Some("Local")
}

/// The target port of a Service port as the API server stores it: an int or a name, with
/// `0`, `""` and absent defaulted to `port`.
pub fn service_port_target(port: &ServicePort) -> IntOrString {
    match &port.target_port {
        None | Some(IntOrString::Int(0)) => IntOrString::Int(port.port),
        Some(IntOrString::Str(s)) if s.is_empty() => IntOrString::Int(port.port),
        Some(t) => t.clone(),
    }
}

/// Headless: `clusterIPs` is exactly `["None"]` (after normalisation).
pub(crate) fn is_headless(svc: &Service) -> bool {
    svc.spec.cluster_ips.len() == 1 && svc.spec.cluster_ips.first().map(String::as_str) == Some("None")
}

pub(crate) fn needs_cluster_ip(svc: &Service) -> bool {
    svc.type_() != "ExternalName"
}

pub(crate) fn needs_node_port(svc: &Service) -> bool {
    matches!(svc.type_(), "NodePort" | "LoadBalancer")
}

fn should_allocate_node_ports(svc: &Service) -> bool {
    match svc.type_() {
        "NodePort" => true,
        "LoadBalancer" => svc.spec.allocate_load_balancer_node_ports.unwrap_or(true),
        _ => false,
    }
}

pub(crate) fn node_port(p: &ServicePort) -> i64 {
    p.node_port.unwrap_or(0)
}

pub(crate) fn hc_node_port(svc: &Service) -> i64 {
    svc.spec.health_check_node_port.unwrap_or(0)
}

pub(crate) fn cluster_ip(svc: &Service) -> &str {
    svc.spec.cluster_ip.as_deref().unwrap_or("")
}

fn selector_empty(svc: &Service) -> bool {
    svc.spec.selector.as_ref().is_none_or(|s| s.is_empty())
}

fn is_int32(v: i64) -> bool {
    i32::try_from(v).is_ok()
}

fn valid_port_num(p: i64) -> bool {
    (1..=65535).contains(&p)
}

const PORT_RANGE_MSG: &str = "must be between 1 and 65535, inclusive";
const PROTOCOLS: &[&str] = &["SCTP", "TCP", "UDP"];

// ============================================================================ allocation

/// 10.96.0.0/12
const CIDR_NET: u32 = 0x0A60_0000;
const CIDR_SIZE: u32 = 1 << 20;
/// KEP-3070: `min(max(16, size/16), 256)` addresses at the bottom are for static picks.
const IP_STATIC_BAND: u32 = 256;
const NODE_PORT_MIN: i64 = 30000;
const NODE_PORT_MAX: i64 = 32767;
/// KEP-3668: `min(max(16, size/32), 128)` ports at the bottom are for static picks.
const NODE_PORT_STATIC_BAND: i64 = 86;

/// What is taken cluster-wide, and by whom (for messages).
#[derive(Debug)]
pub(crate) struct Allocations {
    ips: BTreeMap<u32, String>,
    ports: BTreeMap<i64, String>,
}

/// The Services a kubeadm cluster already has, with their clusterIPs: applying one of them is an
/// update of the existing object, so it keeps (and may request) that address.
const BUILT_IN: &[(&str, u32)] = &[("default/kubernetes", CIDR_NET + 1), ("kube-system/kube-dns", CIDR_NET + 10)];

fn built_in_ip(key: &str) -> Option<u32> {
    BUILT_IN.iter().find(|(k, _)| *k == key).map(|(_, ip)| *ip)
}

impl Allocations {
    fn new() -> Self {
        let mut ips = BTreeMap::new();
        ips.insert(CIDR_NET + 1, "Service/default/kubernetes (the API server's own Service)".to_string());
        ips.insert(CIDR_NET + 10, "Service/kube-system/kube-dns (cluster DNS)".to_string());
        Allocations { ips, ports: BTreeMap::new() }
    }
}

/// Allocations made (and released) by one request; applied only if the request succeeds.
#[derive(Debug, Default)]
pub(crate) struct Txn {
    ips: Vec<u32>,
    ports: Vec<i64>,
    release_ips: Vec<u32>,
    release_ports: Vec<i64>,
}

impl Txn {
    fn ip_taken(&self, al: &Allocations, ip: u32) -> bool {
        al.ips.contains_key(&ip) || self.ips.contains(&ip)
    }
    fn port_taken(&self, al: &Allocations, p: i64) -> bool {
        al.ports.contains_key(&p) || self.ports.contains(&p)
    }
    fn commit(self, al: &mut Allocations, owner: &str) {
        for ip in self.release_ips {
            al.ips.remove(&ip);
        }
        for p in self.release_ports {
            al.ports.remove(&p);
        }
        for ip in self.ips {
            al.ips.insert(ip, owner.to_string());
        }
        for p in self.ports {
            al.ports.insert(p, owner.to_string());
        }
    }
}

/// The owner of an allocated value, for messages.
fn owner_of(owners: Option<&String>) -> &str {
    owners.map(String::as_str).unwrap_or("this Service")
}

struct Ctx<'a> {
    al: &'a Allocations,
    /// `namespace/name`: the seed for deterministic picks.
    key: String,
    txn: Txn,
}

impl Ctx<'_> {
    /// A free clusterIP: upper band first (from a hashed start, probing upwards), then the
    /// lower band.
    fn next_ip(&self) -> Option<u32> {
        let first = CIDR_NET + 1;
        let last = CIDR_NET + CIDR_SIZE - 2;
        let upper_start = first + IP_STATIC_BAND;
        let upper = last - upper_start + 1;
        let start = (fnv64(self.key.as_bytes()) % u64::from(upper)) as u32;
        let candidates = (0..upper).map(|i| upper_start + (start + i) % upper).chain(first..upper_start);
        candidates.into_iter().find(|ip| !self.txn.ip_taken(self.al, *ip))
    }

    /// A free nodePort, same scheme; `salt` separates the ports of one Service.
    fn next_port(&self, salt: &str) -> Option<i64> {
        let upper_start = NODE_PORT_MIN + NODE_PORT_STATIC_BAND;
        let upper = NODE_PORT_MAX - upper_start + 1;
        let start = (fnv64(format!("{}#{salt}", self.key).as_bytes()) % upper as u64) as i64;
        let candidates = (0..upper).map(|i| upper_start + (start + i) % upper).chain(NODE_PORT_MIN..upper_start);
        candidates.into_iter().find(|p| !self.txn.port_taken(self.al, *p))
    }

    /// `portallocator.Allocate`: the port must be in range and free.
    fn allocate_port(&mut self, p: i64) -> Result<(), (Code, String, String)> {
        if !(NODE_PORT_MIN..=NODE_PORT_MAX).contains(&p) {
            return Err((
                Code::NodeportOutOfRange,
                format!("provided port is not in the valid range. The range of valid ports is {NODE_PORT_RANGE}"),
                format!("pick a port between {NODE_PORT_MIN} and {NODE_PORT_MAX}, or leave `nodePort` out to get one allocated"),
            ));
        }
        if self.txn.port_taken(self.al, p) {
            let owner = owner_of(self.al.ports.get(&p));
            let free = (p + 1..=NODE_PORT_MAX).chain(NODE_PORT_MIN..p).find(|q| !self.txn.port_taken(self.al, *q));
            let suggestion = free.map(|q| format!(" ({q} is free)")).unwrap_or_default();
            return Err((
                Code::NodeportTaken,
                "provided port is already allocated".to_string(),
                format!("{p} is already used by {owner}; pick another port{suggestion} or leave `nodePort` out to get one allocated"),
            ));
        }
        self.txn.ports.push(p);
        Ok(())
    }
}

// ============================================================================ the stage

/// Runs the stage (see the module documentation).
pub fn run(a: &mut Analysis) {
    let mut al = Allocations::new();
    let mut live: HashMap<(String, String, String), usize> = HashMap::new();
    let mut retired = Vec::new();
    for idx in 0..a.objects.len() {
        let Some(o) = a.objects.get(idx) else {
            continue;
        };
        if o.simulated || !matches!(o.kind.as_str(), "Service" | "Endpoints" | "EndpointSlice") {
            continue;
        }
        let key = (o.kind.clone(), o.namespace.clone(), o.name.clone());
        let old = if o.name.is_empty() { None } else { live.get(&key).copied() };
        if !o.valid {
            if let Some(old) = old {
                crate::apply::note_refused(a, idx, old);
            }
            continue;
        }
        let old_body = old.and_then(|i| a.objects.get(i)).map(|o| o.body.clone());
        let outcome = match (&o.body, &old_body) {
            (Body::Service(s), old_b) => {
                let old_svc = match old_b {
                    Some(Body::Service(x)) => Some(x),
                    _ => None,
                };
                let seed = if o.name.is_empty() {
                    s.metadata.generate_name.clone().unwrap_or_default()
                } else {
                    o.name.clone()
                };
                admit_service(s.clone(), old_svc, &al, format!("{}/{}", o.namespace, seed))
                    .map(|(svc, txn, warns)| (Body::Service(svc), Some(txn), warns))
            }
            (Body::Endpoints(e), old_b) => {
                let old_e = match old_b {
                    Some(Body::Endpoints(x)) => Some(x),
                    _ => None,
                };
                finish(validate_endpoints(e, old_e), Body::Endpoints(e.clone()))
            }
            (Body::EndpointSlice(s), old_b) => {
                let old_s = match old_b {
                    Some(Body::EndpointSlice(x)) => Some(x),
                    _ => None,
                };
                finish(validate_endpoint_slice(s, old_s), Body::EndpointSlice(s.clone()))
            }
            _ => continue,
        };
        match outcome {
            Ok((body, txn, warns)) => {
                if let Some(txn) = txn {
                    let owner = crate::apply::describe(a, idx);
                    txn.commit(&mut al, &owner);
                    if let Body::Service(svc) = &body {
                        reown(&mut al, svc, &owner);
                    }
                }
                if let Some(o) = a.objects.get_mut(idx) {
                    o.body = body;
                }
                for w in warns {
                    a.emit(idx, w);
                }
                if let Some(old) = old {
                    crate::apply::note_update(a, idx, old);
                    retired.push(old);
                }
                if !key.2.is_empty() {
                    live.insert(key, idx);
                }
            }
            Err(errs) => {
                for e in errs {
                    a.emit(idx, e);
                }
                if let Some(o) = a.objects.get_mut(idx) {
                    o.valid = false;
                }
                if let Some(old) = old {
                    crate::apply::note_refused(a, idx, old);
                }
            }
        }
    }
    crate::apply::retire(a, retired);
}

type Outcome = Result<(Body, Option<Txn>, Vec<FieldError>), Vec<FieldError>>;

fn finish(findings: Vec<FieldError>, body: Body) -> Outcome {
    if findings.iter().any(FieldError::is_error) {
        Err(findings.into_iter().filter(FieldError::is_error).collect())
    } else {
        Ok((body, None, findings))
    }
}

/// After an update the kept allocations belong to the new document.
fn reown(al: &mut Allocations, svc: &Service, owner: &str) {
    for ip in svc.spec.cluster_ips.iter().filter_map(|s| ip::v4_bits(s)) {
        if let Some(o) = al.ips.get_mut(&ip) {
            *o = owner.to_string();
        }
    }
    let hc = hc_node_port(svc);
    for p in svc.spec.ports.iter().map(node_port).chain(std::iter::once(hc)) {
        if let Some(o) = al.ports.get_mut(&p) {
            *o = owner.to_string();
        }
    }
}

// ============================================================================ Service admission

/// Create (old = None) or update one Service. Ok: the stored object, its allocations and any
/// warnings. Err: why the API server refuses it.
fn admit_service(
    mut svc: Service,
    old: Option<&Service>,
    al: &Allocations,
    key: String,
) -> Result<(Service, Txn, Vec<FieldError>), Vec<FieldError>> {
    if let Some(e) = int32_overflow(&svc) {
        return Err(vec![e]);
    }
    clean_empty(&mut svc);
    set_defaults(&mut svc);
    let mut cx = Ctx { al, key, txn: Txn::default() };
    let mut warns = Vec::new();
    match old {
        None => {
            normalize_cluster_ips_create(&mut svc);
            init_ip_family_fields(&mut svc, None)?;
            alloc_cluster_ips(&mut svc, &mut cx)?;
            init_node_ports(&mut svc, &mut cx)?;
            if needs_health_check(&svc) {
                alloc_health_check_node_port(&mut svc, &mut cx)?;
            }
        }
        Some(old) => {
            crate::apply::patch_allocated_values(&mut svc, old);
            crate::apply::normalize_cluster_ips_update(&mut svc, old);
            if !crate::apply::matching_prefer_dual_stack(&svc, old) {
                init_ip_family_fields(&mut svc, Some(old))?;
                update_cluster_ips(&mut svc, old, &mut cx)?;
            }
            update_node_ports(&mut svc, old, &mut cx)?;
            update_health_check_node_port(&mut svc, old, &mut cx)?;
            // Status: the new document's observed state if it has one, else the live one's.
            if svc.status.load_balancer.ingress.is_empty() {
                svc.status = old.status.clone();
            }
            crate::apply::drop_type_dependent_fields(&mut svc, old);
        }
    }
    // The cloud controller writes load-balancer status only for LoadBalancer Services.
    if svc.type_() != "LoadBalancer" && !svc.status.load_balancer.ingress.is_empty() {
        warns.push(
            FieldError::raw(
                Code::LbStatusIgnored,
                "",
                "only a LoadBalancer Service has load-balancer status; this one is ignored".into(),
            )
            .at("status.loadBalancer".into())
            .severity(Severity::Info)
            .help("remove `status`, or set `type: LoadBalancer` if a cloud load balancer is meant"),
        );
        svc.status.load_balancer.ingress.clear();
    }
    warns.extend(check_lb_status(&mut svc));
    let mut errs = Vec::new();
    if let Some(old) = old {
        errs.extend(crate::apply::validate_service_update(&svc, old));
    }
    errs.extend(validate_service(&svc));
    if !errs.is_empty() {
        return Err(errs);
    }
    warns.extend(service_warnings(&svc));
    finalize(&mut svc);
    Ok((svc, cx.txn, warns))
}

/// The first int32 field whose value does not fit: the JSON decoder refuses the request.
fn int32_overflow(svc: &Service) -> Option<FieldError> {
    let fail = |path: String, go_field: &str, v: i64| {
        FieldError::raw(
            Code::Int32Overflow,
            "",
            format!("Service in version \"v1\" cannot be handled as a Service: json: cannot unmarshal number {v} into Go struct field {go_field} of type int32"),
        )
        .help("this number is far too large; ports are 1-65535")
        .near(path.clone())
        .at(path)
    };
    for (i, p) in svc.spec.ports.iter().enumerate() {
        if !is_int32(p.port) {
            return Some(fail(format!("spec.ports[{i}].port"), "ServicePort.spec.ports.port", p.port));
        }
        if let Some(IntOrString::Int(t)) = p.target_port {
            if !is_int32(t) {
                return Some(fail(format!("spec.ports[{i}].targetPort"), "ServicePort.spec.ports.targetPort", t));
            }
        }
        if let Some(n) = p.node_port.filter(|n| !is_int32(*n)) {
            return Some(fail(format!("spec.ports[{i}].nodePort"), "ServicePort.spec.ports.nodePort", n));
        }
    }
    if let Some(h) = svc.spec.health_check_node_port.filter(|n| !is_int32(*n)) {
        return Some(fail("spec.healthCheckNodePort".into(), "ServiceSpec.spec.healthCheckNodePort", h));
    }
    let t =
        svc.spec.session_affinity_config.as_ref().and_then(|c| c.client_ip.as_ref()).and_then(|c| c.timeout_seconds);
    if let Some(t) = t.filter(|t| !is_int32(*t)) {
        return Some(fail(
            "spec.sessionAffinityConfig.clientIP.timeoutSeconds".into(),
            "ClientIPConfig.spec.sessionAffinityConfig.clientIP.timeoutSeconds",
            t,
        ));
    }
    None
}

/// Empty strings in optional scalar fields mean "not set" (Go's zero value).
fn clean_empty(svc: &mut Service) {
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
fn normalize_cluster_ips_create(svc: &mut Service) {
    if let Some(ip) = svc.spec.cluster_ip.clone() {
        if svc.spec.cluster_ips.is_empty() {
            svc.spec.cluster_ips = vec![ip];
        }
    }
}

fn family_of(ip: &str) -> &'static str {
    if names::is_ipv4(ip) {
        "IPv4"
    } else if names::is_ipv6(ip) {
        "IPv6"
    } else {
        "unknown"
    }
}

/// `initIPFamilyFields` (storage/alloc.go) for an IPv4 single-stack cluster.
fn init_ip_family_fields(svc: &mut Service, old: Option<&Service>) -> Result<(), Vec<FieldError>> {
    if svc.type_() == "ExternalName" {
        return Ok(());
    }
    let inherited = svc.spec.ip_family_policy.is_none() && old.is_some_and(|o| o.spec.ip_family_policy.is_some());
    if svc.spec.ip_family_policy.is_none() {
        svc.spec.ip_family_policy = Some(if let Some(p) = old.and_then(|o| o.spec.ip_family_policy.clone()) {
            p
        } else if cluster_ip(svc) == "None" && selector_empty(svc) {
            "RequireDualStack".into()
        } else {
            "SingleStack".into()
        });
    }
    let errs = validate_cluster_ips_related(svc);
    if !errs.is_empty() {
        return Err(errs);
    }
    let policy = svc.spec.ip_family_policy.clone().unwrap_or_default();
    let mut el = Vec::new();
    if let Some(old) = old {
        if policy == "SingleStack" {
            if old.spec.cluster_ips == svc.spec.cluster_ips
                && cluster_ip(old) == cluster_ip(svc)
                && svc.spec.cluster_ips.len() > 1
            {
                svc.spec.cluster_ips.truncate(1);
            }
            if old.spec.ip_families == svc.spec.ip_families && svc.spec.ip_families.len() > 1 {
                svc.spec.ip_families.truncate(1);
            }
        } else {
            let pol = json::optional(svc.spec.ip_family_policy.as_deref());
            if !svc.spec.cluster_ips.is_empty() && svc.spec.cluster_ips.len() < old.spec.cluster_ips.len() {
                el.push(
                    FieldError::invalid(
                        Code::ReleaseRequiresSingleStack,
                        "spec.ipFamilyPolicy",
                        &pol,
                        "must be 'SingleStack' to release the secondary cluster IP",
                    )
                    .help("set `ipFamilyPolicy: SingleStack` to drop the second cluster IP"),
                );
            }
            if !svc.spec.ip_families.is_empty() && svc.spec.ip_families.len() < old.spec.ip_families.len() {
                el.push(
                    FieldError::invalid(
                        Code::ReleaseRequiresSingleStack,
                        "spec.ipFamilyPolicy",
                        &pol,
                        "must be 'SingleStack' to release the secondary IP family",
                    )
                    .help("set `ipFamilyPolicy: SingleStack` to drop the second IP family"),
                );
            }
        }
    }
    let pol = json::optional(svc.spec.ip_family_policy.as_deref());
    if policy == "SingleStack" {
        if svc.spec.cluster_ips.len() == 2 {
            el.push(
                FieldError::invalid(
                    Code::IpFamilyPolicySingleStack,
                    "spec.ipFamilyPolicy",
                    &pol,
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
                )
                .near("spec")
                .help("give one cluster IP (this cluster is IPv4 single-stack)"),
            );
        }
        if svc.spec.ip_families.len() == 2 {
            el.push(
                FieldError::invalid(
                    Code::IpFamilyPolicySingleStack,
                    "spec.ipFamilyPolicy",
                    &pol,
                    "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
                )
                .near("spec.ipFamilies")
                .help("list one IP family (this cluster is IPv4 single-stack)"),
            );
        }
    }
    for i in 0..svc.spec.cluster_ips.len() {
        let Some(ip) = svc.spec.cluster_ips.get(i).cloned() else {
            break;
        };
        if ip == "None" {
            break;
        }
        if i >= svc.spec.ip_families.len() {
            let fam = family_of(&ip);
            if fam != "IPv4" {
                el.push(
                    FieldError::invalid(
                        Code::IpFamilyNotConfigured,
                        &format!("spec.clusterIPs[{i}]"),
                        &json::list(&svc.spec.cluster_ips),
                        &format!("{fam} is not configured on this cluster"),
                    )
                    .near(if i == 0 { "spec.clusterIP" } else { "spec.clusterIPs" })
                    .help(format!(
                        "this cluster's Services are IPv4 only ({SERVICE_CIDR}); use an IPv4 address or leave it out"
                    )),
                );
            } else {
                svc.spec.ip_families.push("IPv4".into());
            }
        }
    }
    if !el.is_empty() {
        return Err(el);
    }
    // Headless + selectorless: anything goes; the other family is added unless SingleStack.
    if cluster_ip(svc) == "None" && selector_empty(svc) {
        if svc.spec.ip_families.is_empty() {
            svc.spec.ip_families.push("IPv4".into());
        }
        if svc.spec.ip_families.len() < 2 && policy != "SingleStack" {
            let other = if svc.spec.ip_families.first().map(String::as_str) == Some("IPv4") { "IPv6" } else { "IPv4" };
            svc.spec.ip_families.push(other.into());
        }
        return Ok(());
    }
    if policy == "RequireDualStack" {
        el.push(
            FieldError::invalid(Code::DualStackNotConfigured, "spec.ipFamilyPolicy", &pol, "this cluster is not configured for dual-stack services")
                .near("spec")
                .help(if inherited {
                    "the policy RequireDualStack is kept from the existing object and this cluster is IPv4 single-stack: set `ipFamilyPolicy: SingleStack`"
                } else {
                    "this cluster is IPv4 single-stack: use `ipFamilyPolicy: SingleStack` or `PreferDualStack`"
                }),
        );
    }
    for (i, fam) in svc.spec.ip_families.iter().enumerate() {
        if fam != "IPv4" {
            el.push(
                FieldError::invalid(
                    Code::IpFamilyNotConfigured,
                    &format!("spec.ipFamilies[{i}]"),
                    &json::quote(fam),
                    "not configured on this cluster",
                )
                .help("this cluster's Services are IPv4 only: use `ipFamilies: [IPv4]` or leave the field out"),
            );
        }
    }
    if !el.is_empty() {
        return Err(el);
    }
    if svc.spec.ip_families.is_empty() {
        svc.spec.ip_families.push("IPv4".into());
    }
    Ok(())
}

/// `ValidateServiceClusterIPsRelatedFields`.
pub(crate) fn validate_cluster_ips_related(svc: &Service) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if svc.type_() == "ExternalName" {
        return errs;
    }
    let ips = &svc.spec.cluster_ips;
    let ips_json = json::list(ips);
    let fams = &svc.spec.ip_families;
    if let Some(ip) = svc.spec.cluster_ip.as_deref() {
        if ips.is_empty() {
            errs.push(
                FieldError::required(Code::ClusteripsMismatch, "spec.clusterIPs", "")
                    .help("list the clusterIP first in `clusterIPs`"),
            );
        } else if ips.first().map(String::as_str) != Some(ip) {
            errs.push(
                FieldError::invalid(
                    Code::ClusteripsMismatch,
                    "spec.clusterIPs",
                    &ips_json,
                    "first value must match `clusterIP`",
                )
                .help(format!("make `clusterIPs[0]` equal to `clusterIP` ({ip}), or drop `clusterIPs`")),
            );
        }
    } else if !ips.is_empty() {
        errs.push(
            FieldError::invalid(
                Code::ClusteripsMismatch,
                "spec.clusterIPs",
                &ips_json,
                "must be empty when `clusterIP` is not specified",
            )
            .help("set `clusterIP` to the first value of `clusterIPs` too (or use only `clusterIP`)"),
        );
    }
    let mut seen = BTreeSet::new();
    for (i, fam) in fams.iter().enumerate() {
        let path = format!("spec.ipFamilies[{i}]");
        if fam != "IPv4" && fam != "IPv6" {
            let help = match did_you_mean(fam, ["IPv4", "IPv6"]) {
                Some(s) => format!("write `{s}` (the value is case-sensitive)"),
                None => "use IPv4 or IPv6".into(),
            };
            errs.push(FieldError::unsupported(Code::UnsupportedIpFamily, &path, fam, &["IPv4", "IPv6"]).help(help));
        }
        if !seen.insert(fam.as_str()) {
            errs.push(
                FieldError::duplicate(Code::DuplicateIpFamily, &path, &json::quote(fam))
                    .help("list each IP family once"),
            );
        }
    }
    if let Some(p) = svc.spec.ip_family_policy.as_deref() {
        const POLICIES: &[&str] = &["PreferDualStack", "RequireDualStack", "SingleStack"];
        if !POLICIES.contains(&p) {
            let help = match did_you_mean(p, POLICIES.iter().copied()) {
                Some(s) => format!("write `{s}`"),
                None => "use SingleStack (this cluster is IPv4 only), PreferDualStack or RequireDualStack".into(),
            };
            errs.push(
                FieldError::unsupported(Code::UnsupportedIpFamilyPolicy, "spec.ipFamilyPolicy", p, POLICIES).help(help),
            );
        }
    }
    let mut has_invalid = false;
    for (i, ip) in ips.iter().enumerate() {
        if i == 0 && ip == "None" {
            if ips.len() > 1 {
                has_invalid = true;
                errs.push(
                    FieldError::invalid(
                        Code::ClusteripNoneNotAlone,
                        "spec.clusterIPs",
                        &ips_json,
                        "'None' must be the first and only value",
                    )
                    .help("a headless Service has `clusterIP: None` and no addresses"),
                );
            }
            continue;
        }
        let msgs = names::is_valid_ip(ip);
        has_invalid |= !msgs.is_empty();
        for m in msgs {
            let help = if ip.eq_ignore_ascii_case("none") {
                "write `None` with a capital N for a headless Service".to_string()
            } else {
                format!("use an address inside {SERVICE_CIDR}, `None` for a headless Service, or leave it out to get one allocated")
            };
            errs.push(
                FieldError::invalid(Code::InvalidClusterIp, &format!("spec.clusterIPs[{i}]"), &json::quote(ip), &m)
                    .near(if i == 0 { "spec.clusterIP" } else { "spec.clusterIPs" })
                    .help(help),
            );
        }
    }
    if ips.len() > 2 {
        errs.push(
            FieldError::invalid(Code::TooManyClusterIps, "spec.clusterIPs", &ips_json, "may only hold up to 2 values")
                .help("give at most one IPv4 and one IPv6 address"),
        );
    }
    if has_invalid {
        return errs;
    }
    if ips.len() > 1 {
        let v4 = ips.iter().filter(|ip| names::is_ipv4(ip)).count();
        let v6 = ips.iter().filter(|ip| names::is_ipv6(ip)).count();
        if !(v4 > 0 && v6 > 0 && v4 + v6 == ips.len()) || ips.len() > 2 {
            errs.push(
                FieldError::invalid(
                    Code::ClusterIpsSameFamily,
                    "spec.clusterIPs",
                    &ips_json,
                    "may specify no more than one IP for each IP family",
                )
                .help("give at most one IPv4 and one IPv6 address"),
            );
        }
    }
    if !is_headless(svc) && !ips.is_empty() && !fams.is_empty() {
        for (i, ip) in ips.iter().enumerate() {
            let Some(fam) = fams.get(i) else { break };
            let wrong = (fam == "IPv4" && names::is_ipv6(ip)) || (fam == "IPv6" && !names::is_ipv6(ip));
            if wrong {
                errs.push(
                    FieldError::invalid(
                        Code::ClusterIpFamilyMismatch,
                        &format!("spec.clusterIPs[{i}]"),
                        &json::quote(ip),
                        &format!("expected an {fam} value as indicated by `ipFamilies[{i}]`"),
                    )
                    .near(if i == 0 { "spec.clusterIP" } else { "spec.clusterIPs" })
                    .help("make the address and `ipFamilies` agree"),
                );
            }
        }
    }
    errs
}

fn ip_alloc_error(svc: &Service, ip: &str, detail: &str, code: Code, help: String) -> FieldError {
    FieldError::invalid(
        code,
        "spec.clusterIPs",
        &json::list(&svc.spec.cluster_ips),
        &format!("failed to allocate IP {ip}: {detail}"),
    )
    .near("spec.clusterIP")
    .help(help)
}

/// `allocClusterIPs`: one address for the (single) IPv4 family.
fn alloc_cluster_ips(svc: &mut Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    if svc.type_() == "ExternalName" || svc.spec.cluster_ips.first().map(String::as_str) == Some("None") {
        return Ok(());
    }
    while svc.spec.cluster_ips.len() < svc.spec.ip_families.len() {
        svc.spec.cluster_ips.push(String::new());
    }
    for i in 0..svc.spec.ip_families.len() {
        let Some(requested) = svc.spec.cluster_ips.get(i).cloned() else {
            break;
        };
        let ip = if requested.is_empty() {
            match built_in_ip(&cx.key).filter(|_| i == 0).or_else(|| cx.next_ip()) {
                Some(ip) => ip,
                None => {
                    return Err(vec![FieldError::internal(
                        Code::ClusteripRangeFull,
                        "spec",
                        "failed to allocate a serviceIP: range is full",
                    )
                    .help("the Service CIDR has no free address left")])
                }
            }
        } else {
            let parsed = ip::v4_bits(&requested);
            let in_range = parsed.filter(|ip| *ip > CIDR_NET && *ip < CIDR_NET + CIDR_SIZE - 1);
            let Some(ip) = in_range else {
                return Err(vec![ip_alloc_error(
                    svc,
                    &requested,
                    "the provided network does not match the current range",
                    Code::ClusteripOutOfRange,
                    format!(
                        "a clusterIP must be inside the Service CIDR {SERVICE_CIDR} (10.96.0.1 to 10.111.255.254); leave it out to get one allocated"
                    ),
                )]);
            };
            if cx.txn.ip_taken(cx.al, ip) && built_in_ip(&cx.key) != Some(ip) {
                let owner = owner_of(cx.al.ips.get(&ip)).to_string();
                return Err(vec![ip_alloc_error(
                    svc,
                    &requested,
                    "provided IP is already allocated",
                    Code::ClusteripTaken,
                    format!("{requested} already belongs to {owner}; pick another address or leave `clusterIP` out to get a free one"),
                )]);
            }
            ip
        };
        cx.txn.ips.push(ip);
        if requested.is_empty() {
            let s = ip::v4_text(ip);
            if let Some(slot) = svc.spec.cluster_ips.get_mut(i) {
                *slot = s.clone();
            }
            if i == 0 {
                svc.spec.cluster_ip = Some(s);
            }
        }
    }
    Ok(())
}

fn node_port_error(i: usize, np: i64, (code, detail, help): (Code, String, String)) -> Vec<FieldError> {
    vec![FieldError::invalid(code, &format!("spec.ports[{i}].nodePort"), &np.to_string(), &detail)
        .near(format!("spec.ports[{i}]"))
        .help(help)]
}

fn port_full() -> Vec<FieldError> {
    vec![FieldError::internal(
        Code::NodeportAllocationFailed,
        "spec.ports",
        "failed to allocate a nodePort: range is full",
    )
    .help("every nodePort of the range is in use")]
}

/// `initNodePorts`: ports are keyed by their `port` number; the first requested nodePort for a
/// number is shared by every entry with that number.
fn init_node_ports(svc: &mut Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    if !needs_node_port(svc) {
        return Ok(());
    }
    let should_alloc = should_allocate_node_ports(svc);
    let mut by_port: HashMap<i64, i64> = HashMap::new();
    for i in 0..svc.spec.ports.len() {
        let Some(p) = svc.spec.ports.get(i) else {
            break;
        };
        let (port, np) = (p.port, node_port(p));
        if np == 0 && !should_alloc {
            continue;
        }
        let allocated = by_port.get(&port).copied().unwrap_or(0);
        let chosen = if allocated == 0 {
            let requested =
                svc.spec.ports.iter().find(|q| q.port == port && node_port(q) != 0).map(node_port).unwrap_or(0);
            if requested != 0 {
                cx.allocate_port(requested).map_err(|e| node_port_error(i, requested, e))?;
                requested
            } else {
                let Some(n) = cx.next_port(&port.to_string()) else {
                    return Err(port_full());
                };
                cx.txn.ports.push(n);
                n
            }
        } else if np == 0 {
            allocated
        } else if np != allocated {
            cx.allocate_port(np).map_err(|e| node_port_error(i, np, e))?;
            np
        } else {
            np
        };
        by_port.entry(port).or_insert(chosen);
        if let Some(p) = svc.spec.ports.get_mut(i) {
            p.node_port = Some(chosen);
        }
    }
    Ok(())
}

fn alloc_health_check_node_port(svc: &mut Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    let requested = hc_node_port(svc);
    if requested != 0 {
        if let Err((_, detail, help)) = cx.allocate_port(requested) {
            return Err(vec![FieldError::internal(
                Code::HealthCheckNodeportAllocationFailed,
                "spec.healthCheckNodePort",
                &format!("failed to allocate requested HealthCheck NodePort {requested}: {detail}"),
            )
            .help(help.replace("`nodePort`", "`healthCheckNodePort`"))]);
        }
    } else {
        let Some(n) = cx.next_port("healthCheckNodePort") else {
            return Err(vec![FieldError::internal(
                Code::HealthCheckNodeportAllocationFailed,
                "spec",
                "failed to allocate a HealthCheck NodePort 0: range is full",
            )
            .help("every nodePort of the range is in use")]);
        };
        cx.txn.ports.push(n);
        svc.spec.health_check_node_port = Some(n);
    }
    Ok(())
}

/// `updateClusterIPs` (single-stack: no up/downgrade).
fn update_cluster_ips(svc: &mut Service, old: &Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    if old.type_() == "ExternalName" && svc.type_() != "ExternalName" {
        return alloc_cluster_ips(svc, cx);
    }
    if is_headless(old) {
        return Ok(());
    }
    if old.type_() != "ExternalName" && svc.type_() == "ExternalName" {
        cx.txn.release_ips.extend(old.spec.cluster_ips.iter().filter_map(|s| ip::v4_bits(s)));
    }
    Ok(())
}

/// `txnUpdateNodePorts` / `updateNodePorts`.
fn update_node_ports(svc: &mut Service, old: &Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    let old_nps: Vec<i64> = old.spec.ports.iter().map(node_port).filter(|n| *n != 0).collect();
    if needs_node_port(old) && matches!(svc.type_(), "ExternalName" | "ClusterIP") {
        cx.txn.release_ports.extend(old_nps.iter().copied());
    }
    if !needs_node_port(svc) {
        return Ok(());
    }
    let should_alloc = should_allocate_node_ports(svc);
    let mut seen: Vec<(String, i64)> = Vec::new();
    let mut allocated_here = BTreeSet::new();
    for i in 0..svc.spec.ports.len() {
        let Some(p) = svc.spec.ports.get(i) else {
            break;
        };
        let (np, port, proto) = (node_port(p), p.port, p.protocol.clone().unwrap_or_default());
        if np == 0 && !should_alloc {
            continue;
        }
        let chosen = if np != 0 {
            if !old_nps.contains(&np) && !allocated_here.contains(&np) {
                cx.allocate_port(np).map_err(|e| node_port_error(i, np, e))?;
                allocated_here.insert(np);
            }
            np
        } else {
            let Some(n) = cx.next_port(&port.to_string()) else {
                return Err(port_full());
            };
            cx.txn.ports.push(n);
            n
        };
        if seen.contains(&(proto.clone(), chosen)) {
            return Err(vec![FieldError::internal(
                Code::DuplicateNodeport,
                &format!("spec.ports[{i}].nodePort"),
                &format!("duplicate nodePort: {{{proto} {chosen}}}"),
            )
            .help("use a different nodePort for each port of the same protocol")]);
        }
        seen.push((proto, chosen));
        if let Some(p) = svc.spec.ports.get_mut(i) {
            p.node_port = Some(chosen);
        }
    }
    let new_nps: Vec<i64> = svc.spec.ports.iter().map(node_port).collect();
    cx.txn.release_ports.extend(old_nps.iter().filter(|o| !new_nps.contains(o)));
    Ok(())
}

fn update_health_check_node_port(svc: &mut Service, old: &Service, cx: &mut Ctx) -> Result<(), Vec<FieldError>> {
    let (needed, needs) = (needs_health_check(old), needs_health_check(svc));
    if !needed && needs {
        alloc_health_check_node_port(svc, cx)?;
    }
    if needed && !needs && hc_node_port(old) != 0 {
        cx.txn.release_ports.push(hc_node_port(old));
    }
    Ok(())
}

// ============================================================================ validation

/// Which name rule `metadata.name` follows.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum NameRule {
    /// Services: an RFC 1035 label (must start with a letter).
    Dns1035Label,
    /// Endpoints, EndpointSlices: a DNS subdomain.
    Dns1123Subdomain,
}

/// A valid name close to `name`, for suggestions.
fn suggest_name(name: &str, rule: NameRule) -> Option<String> {
    let mut s: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || (c == '.' && rule == NameRule::Dns1123Subdomain) { c } else { '-' })
        .collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let mut s: String = s.trim_matches(['-', '.']).to_string();
    s.truncate(if rule == NameRule::Dns1035Label { 63 } else { 253 });
    let s = s.trim_end_matches(['-', '.']).to_string();
    let ok = match rule {
        NameRule::Dns1035Label => names::is_dns1035_label(&s).is_empty(),
        NameRule::Dns1123Subdomain => names::is_dns1123_subdomain(&s).is_empty(),
    };
    (ok && s != name).then_some(s)
}

/// `ValidateObjectMeta` (name, generateName, namespace, labels, annotations).
pub(crate) fn validate_meta(m: &ObjectMeta, rule: NameRule) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let check = |v: &str| match rule {
        NameRule::Dns1035Label => names::is_dns1035_label(v),
        NameRule::Dns1123Subdomain => names::is_dns1123_subdomain(v),
    };
    let what = match rule {
        NameRule::Dns1035Label => "a Service name must be lowercase letters, digits and '-', start with a letter and end with a letter or digit",
        NameRule::Dns1123Subdomain => "the name must be lowercase letters, digits, '-' and '.', starting and ending with a letter or digit",
    };
    if let Some(g) = m.generate_name.as_deref().filter(|g| !g.is_empty()) {
        // A trailing '-' is fine in a prefix.
        let masked = match g.strip_suffix('-') {
            Some(rest) => format!("{rest}a"),
            None => g.to_string(),
        };
        for msg in check(&masked) {
            errs.push(
                FieldError::invalid(Code::InvalidName, "metadata.generateName", &json::quote(g), &msg).help(what),
            );
        }
    }
    if !m.name.is_empty() {
        for msg in check(&m.name) {
            let help = match suggest_name(&m.name, rule) {
                Some(s) => format!("{what}, e.g. `{s}`"),
                None => what.to_string(),
            };
            errs.push(FieldError::invalid(Code::InvalidName, "metadata.name", &json::quote(&m.name), &msg).help(help));
        }
    }
    for msg in names::is_dns1123_label(&m.namespace) {
        errs.push(
            FieldError::invalid(Code::InvalidNamespace, "metadata.namespace", &json::quote(&m.namespace), &msg)
                .help("a namespace name is lowercase letters, digits and '-', e.g. `team-a`"),
        );
    }
    for (k, v) in &m.labels {
        let near = format!("metadata.labels[{k}]");
        for msg in names::is_qualified_name(k) {
            errs.push(
                FieldError::invalid(Code::InvalidLabel, "metadata.labels", &json::quote(k), &msg)
                    .point(near.clone())
                    .help("a label key is `[prefix/]name`: letters, digits, '-', '_', '.', starting and ending with a letter or digit"),
            );
        }
        for msg in names::is_valid_label_value(v) {
            errs.push(
                FieldError::invalid(Code::InvalidLabel, "metadata.labels", &json::quote(v), &msg)
                    .point(near.clone())
                    .help("a label value is at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit"),
            );
        }
    }
    let mut total = 0usize;
    for (k, v) in &m.annotations {
        total = total.saturating_add(k.len()).saturating_add(v.len());
        for msg in names::is_qualified_name(&k.to_lowercase()) {
            errs.push(
                FieldError::invalid(Code::InvalidAnnotation, "metadata.annotations", &json::quote(k), &msg)
                    .point(format!("metadata.annotations[{k}]"))
                    .help("an annotation key is `[prefix/]name`, like a label key"),
            );
        }
    }
    if total > 256 * 1024 {
        errs.push(
            FieldError::raw(
                Code::AnnotationsTooLong,
                "metadata.annotations",
                "Too long: may not be more than 262144 bytes".into(),
            )
            .help("annotations may hold 256 KiB in total; move large data to a ConfigMap"),
        );
    }
    errs
}

fn validate_dns1123_label(code: Code, path: &str, v: &str, help: &str) -> Vec<FieldError> {
    names::is_dns1123_label(v)
        .into_iter()
        .map(|m| FieldError::invalid(code, path, &json::quote(v), &m).help(help))
        .collect()
}

fn validate_qualified_name(code: Code, path: &str, v: &str, help: &str) -> Vec<FieldError> {
    names::is_qualified_name(v)
        .into_iter()
        .map(|m| FieldError::invalid(code, path, &json::quote(v), &m).help(help))
        .collect()
}

fn protocol_help(p: &str) -> String {
    match PROTOCOLS.iter().find(|x| x.eq_ignore_ascii_case(p)) {
        Some(x) => format!("write it in capitals: `{x}`"),
        None => "use TCP, UDP or SCTP (in capitals)".into(),
    }
}

/// `ValidateService` (pkg/apis/core/validation), on the defaulted object, in upstream order.
pub(crate) fn validate_service(svc: &Service) -> Vec<FieldError> {
    let sp = &svc.spec;
    let ty = svc.type_();
    let mut errs = validate_meta(&svc.metadata, NameRule::Dns1035Label);
    let ann = &svc.metadata.annotations;
    if let (Some(mode), Some(hints)) = (ann.get(ANNOTATION_TOPOLOGY_MODE), ann.get(ANNOTATION_TOPOLOGY_HINTS)) {
        if mode != hints {
            errs.push(
                FieldError::invalid(
                    Code::TopologyAnnotationMismatch,
                    &format!("metadata.annotations[{ANNOTATION_TOPOLOGY_MODE}]"),
                    &json::quote(mode),
                    &format!("must match annotations[{ANNOTATION_TOPOLOGY_HINTS}] when both are specified"),
                )
                .help(format!("remove the deprecated `{ANNOTATION_TOPOLOGY_HINTS}` annotation")),
            );
        }
    }
    let headless = is_headless(svc);
    if sp.ports.is_empty() && !headless && ty != "ExternalName" {
        errs.push(FieldError::required(Code::PortsRequired, "spec.ports", "").help(
            "add at least one port, e.g. `ports: [{port: 80}]` (only a headless or ExternalName Service may have none)",
        ));
    }
    match ty {
        "LoadBalancer" | "NodePort" if headless => {
            errs.push(
                FieldError::invalid(Code::HeadlessNotAllowed, "spec.clusterIPs[0]", &json::quote("None"), &format!("may not be set to 'None' for {ty} services"))
                    .near("spec.clusterIP")
                    .help(format!("a {ty} Service needs a cluster IP: remove `clusterIP: None`, or use `type: ClusterIP` for a headless Service")),
            );
        }
        "ExternalName" => {
            if !sp.cluster_ips.is_empty() {
                errs.push(
                    FieldError::forbidden(
                        Code::ClusteripNotAllowed,
                        "spec.clusterIPs",
                        "may not be set for ExternalName services",
                    )
                    .near("spec.clusterIP")
                    .help("remove `clusterIP`: an ExternalName Service is only a DNS CNAME and has no address"),
                );
            }
            if !sp.ip_families.is_empty() {
                errs.push(
                    FieldError::forbidden(
                        Code::IpFamiliesNotAllowed,
                        "spec.ipFamilies",
                        "may not be set for ExternalName services",
                    )
                    .help("remove `ipFamilies` from the ExternalName Service"),
                );
            }
            if sp.ip_family_policy.is_some() {
                errs.push(
                    FieldError::forbidden(
                        Code::IpFamilyPolicyNotAllowed,
                        "spec.ipFamilyPolicy",
                        "may not be set for ExternalName services",
                    )
                    .help("remove `ipFamilyPolicy` from the ExternalName Service"),
                );
            }
            let name = sp.external_name.as_deref().unwrap_or("");
            let cname = name.strip_suffix('.').unwrap_or(name);
            if cname.is_empty() {
                errs.push(FieldError::required(Code::ExternalNameRequired, "spec.externalName", "").help(
                    "set `externalName` to the DNS name this Service stands for, e.g. `my.database.example.com`",
                ));
            } else {
                for m in names::is_dns1123_subdomain(cname) {
                    errs.push(
                        FieldError::invalid(Code::InvalidExternalName, "spec.externalName", &json::quote(cname), &m)
                            .help(
                            "`externalName` is a lowercase DNS name such as `db.example.com` (no scheme, port or path)",
                        ),
                    );
                }
            }
        }
        _ => {}
    }
    // Ports.
    let mut names_seen = BTreeSet::new();
    let multi = sp.ports.len() > 1;
    for (i, p) in sp.ports.iter().enumerate() {
        let base = format!("spec.ports[{i}]");
        let name = p.name.as_deref().unwrap_or("");
        if multi && name.is_empty() {
            errs.push(
                FieldError::required(Code::PortNameRequired, &format!("{base}.name"), "")
                    .near(base.clone())
                    .help("a Service with several ports must name each one, e.g. `name: http`"),
            );
        } else if !name.is_empty() {
            errs.extend(validate_dns1123_label(
                Code::InvalidPortName,
                &format!("{base}.name"),
                name,
                "a port name is lowercase letters, digits and '-', e.g. `http` or `metrics`",
            ));
            if !names_seen.insert(name) {
                errs.push(
                    FieldError::duplicate(Code::DuplicatePortName, &format!("{base}.name"), &json::quote(name))
                        .help("give each port a different name"),
                );
            }
        }
        if !valid_port_num(p.port) {
            let help = if p.port == 0 {
                "add `port:` with the port the Service listens on (1-65535)"
            } else {
                "`port` is the Service's own port: a number from 1 to 65535"
            };
            errs.push(
                FieldError::invalid(Code::InvalidPort, &format!("{base}.port"), &p.port.to_string(), PORT_RANGE_MSG)
                    .near(base.clone())
                    .help(help),
            );
        }
        let proto = p.protocol.as_deref().unwrap_or("");
        if !PROTOCOLS.contains(&proto) {
            errs.push(
                FieldError::unsupported(Code::UnsupportedProtocol, &format!("{base}.protocol"), proto, PROTOCOLS)
                    .help(protocol_help(proto)),
            );
        }
        let tpath = format!("{base}.targetPort");
        match service_port_target(p) {
            IntOrString::Int(t) => {
                if !valid_port_num(t) {
                    let help = if p.port == 0 && t == 0 {
                        "`targetPort` defaults to `port`, which is missing: add `port:` (and `targetPort:` if the pods listen elsewhere)".to_string()
                    } else {
                        "`targetPort` is the pods' port: a number from 1 to 65535 or the name of a container port"
                            .to_string()
                    };
                    errs.push(
                        FieldError::invalid(Code::InvalidTargetPort, &tpath, &t.to_string(), PORT_RANGE_MSG)
                            .near(base.clone())
                            .help(help),
                    );
                }
            }
            IntOrString::Str(s) => {
                for m in names::is_valid_port_name(&s) {
                    let help = if s.trim().parse::<i64>().is_ok() {
                        format!(
                            "remove the quotes (`targetPort: {}`): a quoted number is read as a port name",
                            s.trim()
                        )
                    } else {
                        "a named targetPort must match a container port name: up to 15 lowercase letters, digits and '-', with at least one letter".into()
                    };
                    errs.push(FieldError::invalid(Code::InvalidTargetPort, &tpath, &json::quote(&s), &m).help(help));
                }
            }
        }
        if let Some(ap) = &p.app_protocol {
            errs.extend(validate_qualified_name(
                Code::InvalidAppProtocol,
                &format!("{base}.appProtocol"),
                ap,
                "use a protocol name such as `http`, `https` or `kubernetes.io/h2c`",
            ));
        }
    }
    // Selector.
    if let Some(sel) = &sp.selector {
        for (k, v) in sel {
            let one = LabelSelector {
                match_labels: [(k.clone(), v.clone())].into_iter().collect(),
                match_expressions: Vec::new(),
            };
            for fe in one.validate() {
                let help = "selector keys are label keys (`[prefix/]name`) and values are label values (at most 63 letters, digits, '-', '_', '.')";
                errs.push(
                    FieldError::raw(Code::InvalidSelector, "spec.selector", fe.message)
                        .point(format!("spec.selector[{k}]"))
                        .help(help),
                );
            }
        }
    }
    // Session affinity.
    match sp.session_affinity.as_deref() {
        None => errs.push(
            FieldError::required(Code::UnsupportedSessionAffinity, "spec.sessionAffinity", "")
                .help("set `sessionAffinity` to `None` or `ClientIP`"),
        ),
        Some("ClientIP") => {
            let t =
                sp.session_affinity_config.as_ref().and_then(|c| c.client_ip.as_ref()).and_then(|c| c.timeout_seconds);
            if let Some(t) = t.filter(|t| *t <= 0 || *t > 86400) {
                errs.push(
                    FieldError::invalid(
                        Code::InvalidSessionAffinityTimeout,
                        "spec.sessionAffinityConfig.clientIP.timeoutSeconds",
                        &t.to_string(),
                        "must be greater than 0 and less than 86400",
                    )
                    .help("use a timeout from 1 to 86400 seconds (one day); the default is 10800"),
                );
            }
        }
        Some("None") => {}
        Some(other) => {
            let help = match did_you_mean(other, ["ClientIP", "None"]) {
                Some(s) => format!("write `{s}` (the value is case-sensitive)"),
                None => "use `ClientIP` for sticky sessions or `None`".into(),
            };
            errs.push(
                FieldError::unsupported(
                    Code::UnsupportedSessionAffinity,
                    "spec.sessionAffinity",
                    other,
                    &["ClientIP", "None"],
                )
                .help(help),
            );
        }
    }
    errs.extend(validate_cluster_ips_related(svc));
    for (i, ip) in sp.external_ips.iter().enumerate() {
        let path = format!("spec.externalIPs[{i}]");
        let syntax = names::is_valid_ip(ip);
        let (msgs, help) = if !syntax.is_empty() {
            (syntax, "`externalIPs` holds IP addresses (not host names) that route to the cluster's nodes")
        } else {
            (
                names::validate_non_special_ip(ip),
                "use an address that reaches a node from outside; loopback, link-local and 0.0.0.0 are refused",
            )
        };
        for m in msgs {
            errs.push(FieldError::invalid(Code::InvalidExternalIp, &path, &json::quote(ip), &m).help(help));
        }
    }
    const TYPES: &[&str] = &["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    if !TYPES.contains(&ty) {
        let help = match did_you_mean(ty, TYPES.iter().copied()) {
            Some(s) => format!("write `{s}` (the value is case-sensitive)"),
            None => "use ClusterIP, NodePort, LoadBalancer or ExternalName".into(),
        };
        errs.push(FieldError::unsupported(Code::UnsupportedServiceType, "spec.type", ty, TYPES).help(help));
    }
    if ty == "ClusterIP" {
        for (i, p) in sp.ports.iter().enumerate() {
            if node_port(p) != 0 {
                errs.push(
                    FieldError::forbidden(
                        Code::NodeportNotAllowed,
                        &format!("spec.ports[{i}].nodePort"),
                        "may not be used when `type` is 'ClusterIP'",
                    )
                    .help("set `type: NodePort` (or LoadBalancer) to open a port on every node, or remove `nodePort`"),
                );
            }
        }
    }
    let mut node_ports = BTreeSet::new();
    for (i, p) in sp.ports.iter().enumerate() {
        let np = node_port(p);
        if np == 0 {
            continue;
        }
        if !node_ports.insert((p.protocol.clone(), np)) {
            errs.push(
                FieldError::duplicate(Code::DuplicateNodeport, &format!("spec.ports[{i}].nodePort"), &np.to_string())
                    .help("use a different nodePort for each port of the same protocol"),
            );
        }
    }
    let mut keys = BTreeSet::new();
    for (i, p) in sp.ports.iter().enumerate() {
        let proto = p.protocol.clone().unwrap_or_default();
        if !keys.insert((proto.clone(), p.port)) {
            let v = format!(
                "{{\"Name\":\"\",\"Protocol\":{},\"AppProtocol\":null,\"Port\":{},\"TargetPort\":0,\"NodePort\":0}}",
                json::quote(&proto),
                p.port
            );
            errs.push(FieldError::duplicate(Code::DuplicatePort, &format!("spec.ports[{i}]"), &v).help(format!(
                "port {}/{proto} is listed twice; change the port number or the protocol of one of them",
                p.port
            )));
        }
    }
    if !sp.load_balancer_source_ranges.is_empty() {
        let path = "spec.LoadBalancerSourceRanges";
        if ty != "LoadBalancer" {
            errs.push(
                FieldError::forbidden(Code::SourceRangesNotAllowed, path, "may only be used when `type` is 'LoadBalancer'")
                    .near("spec.loadBalancerSourceRanges")
                    .help("`loadBalancerSourceRanges` only restricts a cloud load balancer: use `type: LoadBalancer` or remove it"),
            );
        }
        for (i, r) in sp.load_balancer_source_ranges.iter().enumerate() {
            let v = r.trim();
            for m in names::is_valid_cidr(v) {
                errs.push(
                    FieldError::invalid(Code::InvalidSourceRange, &format!("{path}[{i}]"), &json::quote(v), &m)
                        .near(format!("spec.loadBalancerSourceRanges[{i}]"))
                        .help("write a CIDR such as `203.0.113.0/24` or `198.51.100.7/32`"),
                );
            }
        }
    } else if let Some(val) = ann.get(ANNOTATION_LB_SOURCE_RANGES) {
        let path = "metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]";
        if ty != "LoadBalancer" {
            errs.push(
                FieldError::forbidden(
                    Code::SourceRangesNotAllowed,
                    path,
                    "may only be used when `type` is 'LoadBalancer'",
                )
                .help("this annotation only restricts a cloud load balancer: use `type: LoadBalancer` or remove it"),
            );
        }
        let val = val.trim();
        if !val.is_empty() {
            for v in val.split(',').map(str::trim) {
                for m in names::is_valid_cidr(v) {
                    errs.push(
                        FieldError::invalid(Code::InvalidSourceRange, path, &json::quote(v), &m)
                            .help("write comma-separated CIDRs such as `203.0.113.0/24,198.51.100.7/32`"),
                    );
                }
            }
        }
    }
    if sp.allocate_load_balancer_node_ports.is_some() && ty != "LoadBalancer" {
        errs.push(
            FieldError::forbidden(
                Code::AllocateLbNodeportsNotAllowed,
                "spec.allocateLoadBalancerNodePorts",
                "may only be used when `type` is 'LoadBalancer'",
            )
            .help("remove `allocateLoadBalancerNodePorts`: it only applies to `type: LoadBalancer`"),
        );
    }
    if let Some(class) = &sp.load_balancer_class {
        if ty == "LoadBalancer" {
            errs.extend(validate_qualified_name(
                Code::InvalidLbClass,
                "spec.loadBalancerClass",
                class,
                "a load balancer class is a qualified name such as `example.com/internal-vip`",
            ));
        } else {
            errs.push(
                FieldError::forbidden(
                    Code::LbClassNotAllowed,
                    "spec.loadBalancerClass",
                    "may only be used when `type` is 'LoadBalancer'",
                )
                .help("remove `loadBalancerClass`: it only applies to `type: LoadBalancer`"),
            );
        }
    }
    // External traffic policy and health check.
    let etp = sp.external_traffic_policy.as_deref();
    if !externally_accessible(svc) {
        if let Some(e) = etp {
            errs.push(
                FieldError::invalid(Code::ExternalTrafficPolicyNotAllowed, "spec.externalTrafficPolicy", &json::quote(e), "may only be set for externally-accessible services")
                    .help("remove `externalTrafficPolicy`: it only applies to NodePort and LoadBalancer Services (or ClusterIP with `externalIPs`)"),
            );
        }
    } else {
        match etp {
            None => errs.push(
                FieldError::required(Code::UnsupportedExternalTrafficPolicy, "spec.externalTrafficPolicy", "")
                    .help("set `externalTrafficPolicy` to `Cluster` or `Local`"),
            ),
            Some("Cluster" | "Local") => {}
            Some(e) => {
                let help = match did_you_mean(e, ["Cluster", "Local"]) {
                    Some(s) => format!("write `{s}` (the value is case-sensitive)"),
                    None => "use `Cluster` (any node forwards) or `Local` (only nodes with a ready pod answer)".into(),
                };
                errs.push(
                    FieldError::unsupported(
                        Code::UnsupportedExternalTrafficPolicy,
                        "spec.externalTrafficPolicy",
                        e,
                        &["Cluster", "Local"],
                    )
                    .help(help),
                );
            }
        }
    }
    let hc = hc_node_port(svc);
    if !needs_health_check(svc) {
        if hc != 0 {
            errs.push(
                FieldError::invalid(
                    Code::HealthCheckNodeportNotAllowed,
                    "spec.healthCheckNodePort",
                    &hc.to_string(),
                    "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
                )
                .help("remove `healthCheckNodePort`: only a LoadBalancer with `externalTrafficPolicy: Local` has one"),
            );
        }
    } else if hc == 0 {
        errs.push(
            FieldError::required(Code::InvalidHealthCheckNodeport, "spec.healthCheckNodePort", "")
                .help("leave `healthCheckNodePort` out to get one allocated"),
        );
    } else if !valid_port_num(hc) {
        errs.push(
            FieldError::invalid(
                Code::InvalidHealthCheckNodeport,
                "spec.healthCheckNodePort",
                &hc.to_string(),
                PORT_RANGE_MSG,
            )
            .help("leave `healthCheckNodePort` out to get one allocated"),
        );
    }
    match sp.internal_traffic_policy.as_deref() {
        None if matches!(ty, "NodePort" | "LoadBalancer" | "ClusterIP") => errs.push(
            FieldError::required(Code::UnsupportedInternalTrafficPolicy, "spec.internalTrafficPolicy", "")
                .help("set `internalTrafficPolicy` to `Cluster` or `Local`"),
        ),
        None | Some("Cluster" | "Local") => {}
        Some(v) => {
            let help = match did_you_mean(v, ["Cluster", "Local"]) {
                Some(s) => format!("write `{s}` (the value is case-sensitive)"),
                None => "use `Cluster` or `Local` (only endpoints on the client's node)".into(),
            };
            errs.push(
                FieldError::unsupported(
                    Code::UnsupportedInternalTrafficPolicy,
                    "spec.internalTrafficPolicy",
                    v,
                    &["Cluster", "Local"],
                )
                .help(help),
            );
        }
    }
    if let Some(td) = sp.traffic_distribution.as_deref() {
        const TD: &[&str] = &["PreferClose", "PreferSameZone", "PreferSameNode"];
        if !TD.contains(&td) {
            let help = match did_you_mean(td, TD.iter().copied()) {
                Some(s) => format!("write `{s}` (the value is case-sensitive)"),
                None => "use `PreferSameZone` (alias `PreferClose`) or `PreferSameNode`, or remove the field".into(),
            };
            errs.push(
                FieldError::unsupported(Code::UnsupportedTrafficDistribution, "spec.trafficDistribution", td, TD)
                    .help(help),
            );
        }
    }
    errs
}

/// `GetWarningsForService`: what `kubectl` prints as `Warning:` for an accepted Service.
fn service_warnings(svc: &Service) -> Vec<FieldError> {
    let sp = &svc.spec;
    let mut w = Vec::new();
    let warn = |code: Code, path: &str, msg: String, help: &str| {
        FieldError::raw(code, "", msg).at(path.to_string()).severity(Severity::Warning).help(help)
    };
    if svc.metadata.annotations.contains_key("service.kubernetes.io/topology-aware-hints") {
        w.push(warn(
            Code::DeprecatedAnnotation,
            "metadata.annotations[service.kubernetes.io/topology-aware-hints]",
            "annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead".into(),
            "rename the annotation to `service.kubernetes.io/topology-mode` (or use `spec.trafficDistribution`)",
        ));
    }
    if is_headless(svc) {
        if sp.load_balancer_ip.is_some() {
            w.push(warn(
                Code::IgnoredField,
                "spec.loadBalancerIP",
                "spec.loadBalancerIP is ignored for headless services".into(),
                "remove `loadBalancerIP`",
            ));
        }
        if !sp.external_ips.is_empty() {
            w.push(warn(
                Code::IgnoredField,
                "spec.externalIPs",
                "spec.externalIPs is ignored for headless services".into(),
                "remove `externalIPs`: a headless Service has no virtual IP to expose",
            ));
        }
        if sp.session_affinity.as_deref() != Some("None") {
            w.push(warn(
                Code::IgnoredField,
                "spec.sessionAffinity",
                "spec.SessionAffinity is ignored for headless services".into(),
                "remove `sessionAffinity`: clients of a headless Service connect to pod IPs directly",
            ));
        }
    }
    if svc.type_() == "ExternalName" && !sp.external_ips.is_empty() {
        w.push(warn(
            Code::IgnoredField,
            "spec.externalIPs",
            "spec.externalIPs is ignored when spec.type is \"ExternalName\"".into(),
            "remove `externalIPs`",
        ));
    }
    if svc.type_() != "ExternalName" && sp.external_name.is_some() {
        w.push(warn(
            Code::IgnoredField,
            "spec.externalName",
            "spec.externalName is ignored when spec.type is not \"ExternalName\"".into(),
            "set `type: ExternalName` to make this Service a DNS alias, or remove `externalName`",
        ));
    }
    w
}

/// Checks the observed `status.loadBalancer` (what a cloud controller could have written);
/// entries it could not have written are dropped with a warning.
fn check_lb_status(svc: &mut Service) -> Vec<FieldError> {
    let mut w = Vec::new();
    let mut keep = Vec::new();
    for (i, ing) in std::mem::take(&mut svc.status.load_balancer.ingress).into_iter().enumerate() {
        let base = format!("status.loadBalancer.ingress[{i}]");
        let mut bad = Vec::new();
        if let Some(ip) = ing.ip.as_deref() {
            bad.extend(
                names::is_valid_ip(ip)
                    .into_iter()
                    .map(|m| FieldError::invalid(Code::InvalidLbStatus, &format!("{base}.ip"), &json::quote(ip), &m)),
            );
        }
        match (ing.ip_mode.as_deref(), ing.ip.as_deref()) {
            (Some(m), _) if m != "VIP" && m != "Proxy" => bad.push(FieldError::unsupported(
                Code::InvalidLbStatus,
                &format!("{base}.ipMode"),
                m,
                &["Proxy", "VIP"],
            )),
            (Some(_), None) => bad.push(FieldError::forbidden(
                Code::InvalidLbStatus,
                &format!("{base}.ipMode"),
                "may not be specified when `ip` is not",
            )),
            _ => {}
        }
        if bad.is_empty() {
            keep.push(ing);
        } else {
            w.extend(bad.into_iter().map(|e| {
                e.severity(Severity::Warning).help("a cloud controller could not write this status; it is ignored")
            }));
        }
    }
    svc.status.load_balancer.ingress = keep;
    w
}

/// The stored form: zero values dropped, ExternalName without `internalTrafficPolicy`
/// (read-time defaulting).
fn finalize(svc: &mut Service) {
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

// ============================================================================ Endpoints

fn endpoint_ip_errors(path: &str, ip: &str) -> Vec<FieldError> {
    let help =
        "an endpoint address is a pod's IP (or another routable IP): not a host name, loopback, link-local or 0.0.0.0";
    let mut errs: Vec<FieldError> = names::is_valid_ip(ip)
        .into_iter()
        .map(|m| FieldError::invalid(Code::InvalidEndpointIp, path, &json::quote(ip), &m).help(help))
        .collect();
    errs.extend(
        names::validate_non_special_ip(ip)
            .into_iter()
            .map(|m| FieldError::invalid(Code::InvalidEndpointIp, path, &json::quote(ip), &m).help(help)),
    );
    errs
}

fn node_name_errors(path: &str, n: &str) -> Vec<FieldError> {
    names::is_dns1123_subdomain(n)
        .into_iter()
        .map(|m| {
            FieldError::invalid(Code::InvalidEndpointNodeName, path, &json::quote(n), &m)
                .help("`nodeName` is the name of a Node, e.g. `node-a`")
        })
        .collect()
}

/// `ValidateEndpoints` for a user-written Endpoints object.
pub(crate) fn validate_endpoints(ep: &Endpoints, _old: Option<&Endpoints>) -> Vec<FieldError> {
    let mut errs = validate_meta(&ep.metadata, NameRule::Dns1123Subdomain);
    for (i, ss) in ep.subsets.iter().enumerate() {
        if let Some((j, p)) = ss.ports.iter().enumerate().find(|(_, p)| !is_int32(p.port)) {
            return vec![FieldError::raw(
                Code::Int32Overflow,
                "",
                format!(
                    "Endpoints in version \"v1\" cannot be handled as a Endpoints: json: cannot unmarshal number {} into Go struct field EndpointPort.subsets.ports.port of type int32",
                    p.port
                ),
            )
            .at(format!("subsets[{i}].ports[{j}].port"))
            .help("this number is far too large; ports are 1-65535")];
        }
    }
    for (i, ss) in ep.subsets.iter().enumerate() {
        let base = format!("subsets[{i}]");
        if ss.addresses.is_empty() && ss.not_ready_addresses.is_empty() {
            errs.push(
                FieldError::required(
                    Code::EndpointsSubsetEmpty,
                    &base,
                    "must specify `addresses` or `notReadyAddresses`",
                )
                .help("list the endpoint IPs under `addresses:` (or `notReadyAddresses:`)"),
            );
        }
        let groups = [("addresses", &ss.addresses), ("notReadyAddresses", &ss.not_ready_addresses)];
        for (field, list) in groups {
            for (j, addr) in list.iter().enumerate() {
                let apath = format!("{base}.{field}[{j}]");
                let ip_errs = endpoint_ip_errors(&format!("{apath}.ip"), &addr.ip);
                let (syntax, special): (Vec<_>, Vec<_>) =
                    ip_errs.into_iter().partition(|e| e.message.contains(", (e.g."));
                errs.extend(syntax);
                if let Some(h) = addr.hostname.as_deref().filter(|h| !h.is_empty()) {
                    errs.extend(validate_dns1123_label(
                        Code::InvalidEndpointHostname,
                        &format!("{apath}.hostname"),
                        h,
                        "a hostname is one lowercase DNS label, e.g. `web-0`",
                    ));
                }
                if let Some(n) = &addr.node_name {
                    errs.extend(node_name_errors(&format!("{apath}.nodeName"), n));
                }
                errs.extend(special);
            }
        }
        let multi = ss.ports.len() > 1;
        for (j, p) in ss.ports.iter().enumerate() {
            let ppath = format!("{base}.ports[{j}]");
            let name = p.name.as_deref().unwrap_or("");
            if multi && name.is_empty() {
                errs.push(
                    FieldError::required(Code::EndpointPortNameRequired, &format!("{ppath}.name"), "")
                        .near(ppath.clone())
                        .help("with several ports each needs a name, the same as the Service port's name"),
                );
            } else if !name.is_empty() {
                errs.extend(validate_dns1123_label(
                    Code::InvalidEndpointPortName,
                    &format!("{ppath}.name"),
                    name,
                    "a port name is lowercase letters, digits and '-', and must equal the Service port's name",
                ));
            }
            if !valid_port_num(p.port) {
                errs.push(
                    FieldError::invalid(
                        Code::InvalidEndpointPort,
                        &format!("{ppath}.port"),
                        &p.port.to_string(),
                        PORT_RANGE_MSG,
                    )
                    .near(ppath.clone())
                    .help("the port the endpoints listen on, 1-65535"),
                );
            }
            if !PROTOCOLS.contains(&p.protocol.as_str()) {
                errs.push(
                    FieldError::unsupported(
                        Code::UnsupportedProtocol,
                        &format!("{ppath}.protocol"),
                        &p.protocol,
                        PROTOCOLS,
                    )
                    .help(protocol_help(&p.protocol)),
                );
            }
        }
    }
    errs
}

/// discovery `ValidateEndpointSlice` (+ `addressType` immutability on update).
pub(crate) fn validate_endpoint_slice(s: &EndpointSlice, old: Option<&EndpointSlice>) -> Vec<FieldError> {
    let mut errs = validate_meta(&s.metadata, NameRule::Dns1123Subdomain);
    const TYPES: &[&str] = &["FQDN", "IPv4", "IPv6"];
    let at = s.address_type.as_str();
    if at.is_empty() {
        errs.push(
            FieldError::required(Code::AddressTypeRequired, "addressType", "")
                .help("add `addressType: IPv4` (or IPv6, FQDN)"),
        );
    } else if !TYPES.contains(&at) {
        let help = match did_you_mean(at, TYPES.iter().copied()) {
            Some(x) => format!("write `{x}` (the value is case-sensitive)"),
            None => "use IPv4, IPv6 or FQDN".into(),
        };
        errs.push(FieldError::unsupported(Code::UnsupportedAddressType, "addressType", at, TYPES).help(help));
    }
    if s.endpoints.len() > 1000 {
        errs.push(
            FieldError::too_many(Code::TooManyEndpoints, "endpoints", s.endpoints.len(), 1000)
                .help("split the endpoints over several slices"),
        );
    } else {
        for (i, ep) in s.endpoints.iter().enumerate() {
            let base = format!("endpoints[{i}]");
            let apath = format!("{base}.addresses");
            if ep.addresses.is_empty() {
                errs.push(
                    FieldError::required(Code::EndpointAddressesRequired, &apath, "must contain at least 1 address")
                        .near(base.clone())
                        .help("list the endpoint's IP under `addresses:`"),
                );
            } else if ep.addresses.len() > 100 {
                errs.push(
                    FieldError::too_many(Code::TooManyAddresses, &apath, ep.addresses.len(), 100)
                        .help("an endpoint has at most 100 addresses; use one endpoint per pod"),
                );
            }
            for (j, addr) in ep.addresses.iter().enumerate() {
                let p = format!("{apath}[{j}]");
                match at {
                    "IPv4" | "IPv6" => {
                        let ok = if at == "IPv4" { names::is_ipv4(addr) } else { names::is_ipv6(addr) };
                        if !ok {
                            errs.push(
                                FieldError::invalid(
                                    Code::InvalidEndpointIp,
                                    &p,
                                    &json::quote(addr),
                                    &format!("must be a valid {at} address"),
                                )
                                .help(format!("an `addressType: {at}` slice lists {at} addresses only")),
                            );
                        }
                        errs.extend(names::validate_non_special_ip(addr).into_iter().map(|m| {
                            FieldError::invalid(Code::InvalidEndpointIp, &p, &json::quote(addr), &m)
                                .help("use a routable pod IP: not loopback, link-local or 0.0.0.0")
                        }));
                    }
                    "FQDN" => errs.extend(fqdn_errors(&p, addr)),
                    _ => {}
                }
            }
            if let Some(n) = &ep.node_name {
                errs.extend(node_name_errors(&format!("{base}.nodeName"), n));
            }
            if let Some(h) = &ep.hostname {
                errs.extend(validate_dns1123_label(
                    Code::InvalidEndpointHostname,
                    &format!("{base}.hostname"),
                    h,
                    "a hostname is one lowercase DNS label, e.g. `web-0`",
                ));
            }
            if let Some(h) = &ep.hints {
                let fz = format!("{base}.hints.forZones");
                if h.for_zones.len() > 8 {
                    errs.push(
                        FieldError::too_many(Code::TooManyZoneHints, &fz, h.for_zones.len(), 8)
                            .help("list at most 8 zones"),
                    );
                } else {
                    let mut seen = BTreeSet::new();
                    for (k, z) in h.for_zones.iter().enumerate() {
                        let zp = format!("{fz}[{k}].name");
                        if !seen.insert(z.as_str()) {
                            errs.push(
                                FieldError::duplicate(Code::DuplicateZoneHint, &zp, &json::quote(z))
                                    .help("list each zone once"),
                            );
                        }
                        for m in names::is_valid_label_value(z) {
                            errs.push(
                                FieldError::invalid(Code::InvalidZoneHint, &zp, &json::quote(z), &m)
                                    .help("a zone name is a label value, e.g. `zone-a`"),
                            );
                        }
                    }
                }
            }
        }
    }
    if s.ports.len() > 20000 {
        errs.push(
            FieldError::too_many(Code::TooManyPorts, "ports", s.ports.len(), 20000)
                .help("split the ports over several slices"),
        );
    } else {
        let mut seen = BTreeSet::new();
        for (i, p) in s.ports.iter().enumerate() {
            let base = format!("ports[{i}]");
            let name = p.name.as_deref().unwrap_or("");
            if !name.is_empty() {
                errs.extend(validate_dns1123_label(
                    Code::InvalidEndpointPortName,
                    &format!("{base}.name"),
                    name,
                    "a port name is lowercase letters, digits and '-', and must equal the Service port's name",
                ));
            }
            if !seen.insert(name) {
                errs.push(
                    FieldError::duplicate(Code::DuplicateEndpointPortName, &format!("{base}.name"), &json::quote(name))
                        .near(base.clone())
                        .help("give each port a different name (an omitted name counts as \"\")"),
                );
            }
            if !PROTOCOLS.contains(&p.protocol.as_str()) {
                errs.push(
                    FieldError::unsupported(
                        Code::UnsupportedProtocol,
                        &format!("{base}.protocol"),
                        &p.protocol,
                        PROTOCOLS,
                    )
                    .help(protocol_help(&p.protocol)),
                );
            }
        }
    }
    if let Some(old) = old {
        if old.address_type != s.address_type {
            errs.push(
                FieldError::invalid(Code::AddressTypeImmutable, "addressType", &json::quote(at), "field is immutable")
                    .help(format!(
                        "an EndpointSlice keeps its addressType ({}); create a slice with another name instead",
                        old.address_type
                    )),
            );
        }
    }
    errs
}

/// `IsFullyQualifiedDomainName`.
fn fqdn_errors(path: &str, name: &str) -> Vec<FieldError> {
    let help = "an FQDN address is a DNS name with at least two labels, e.g. `db.example.com`";
    if name.is_empty() {
        return vec![FieldError::required(Code::InvalidEndpointIp, path, "").help(help)];
    }
    let name = name.strip_suffix('.').unwrap_or(name);
    let errs = names::is_dns1123_subdomain(name);
    if !errs.is_empty() {
        return vec![FieldError::invalid(Code::InvalidEndpointIp, path, &json::quote(name), &errs.join(",")).help(help)];
    }
    if name.split('.').count() < 2 {
        return vec![FieldError::invalid(
            Code::InvalidEndpointIp,
            path,
            &json::quote(name),
            "should be a domain with at least two segments separated by dots",
        )
        .help(help)];
    }
    for label in name.split('.') {
        let errs = names::is_dns1123_label(label);
        if !errs.is_empty() {
            return vec![
                FieldError::invalid(Code::InvalidEndpointIp, path, &json::quote(label), &errs.join(",")).help(help)
            ];
        }
    }
    Vec::new()
}

// ============================================================================ report

fn port_text(p: &ServicePort) -> String {
    let mut s = String::new();
    if let Some(n) = p.name.as_deref().filter(|n| !n.is_empty()) {
        s.push_str(n);
        s.push(' ');
    }
    s.push_str(&format!("{}/{}->{}", p.port, p.protocol.as_deref().unwrap_or("TCP"), service_port_target(p)));
    if node_port(p) != 0 {
        s.push_str(&format!(" nodePort={}", node_port(p)));
    }
    if let Some(ap) = &p.app_protocol {
        s.push_str(&format!(" appProtocol={ap}"));
    }
    s
}

/// One line per valid Service, in input order, with its stored (defaulted, allocated) fields.
pub fn report(a: &Analysis) -> Vec<String> {
    a.service_objects()
        .map(|(_, o, svc)| {
            let sp = &svc.spec;
            let mut f = vec![format!("{}/{}", o.namespace, o.name), format!("type={}", svc.type_())];
            if let Some(n) = &sp.external_name {
                f.push(format!("externalName={n}"));
            }
            if let Some(ip) = &sp.cluster_ip {
                f.push(format!("clusterIP={ip}"));
            }
            if sp.cluster_ips.len() > 1 {
                f.push(format!("clusterIPs={}", sp.cluster_ips.join(",")));
            }
            let ports: Vec<String> = sp.ports.iter().map(port_text).collect();
            f.push(format!("ports=[{}]", ports.join(", ")));
            match sp.session_affinity.as_deref() {
                Some("ClientIP") => {
                    let t = sp
                        .session_affinity_config
                        .as_ref()
                        .and_then(|c| c.client_ip.as_ref())
                        .and_then(|c| c.timeout_seconds)
                        .unwrap_or(0);
                    f.push(format!("sessionAffinity=ClientIP(timeoutSeconds={t})"));
                }
                Some(x) => f.push(format!("sessionAffinity={x}")),
                None => {}
            }
            let opt = |k: &str, v: &Option<String>| v.as_ref().map(|v| format!("{k}={v}"));
            f.extend(opt("externalTrafficPolicy", &sp.external_traffic_policy));
            f.extend(opt("internalTrafficPolicy", &sp.internal_traffic_policy));
            if !sp.ip_families.is_empty() {
                f.push(format!("ipFamilies={}", sp.ip_families.join(",")));
            }
            f.extend(opt("ipFamilyPolicy", &sp.ip_family_policy));
            if let Some(h) = sp.health_check_node_port {
                f.push(format!("healthCheckNodePort={h}"));
            }
            if !sp.external_ips.is_empty() {
                f.push(format!("externalIPs=[{}]", sp.external_ips.join(", ")));
            }
            f.extend(opt("loadBalancerIP", &sp.load_balancer_ip));
            if !sp.load_balancer_source_ranges.is_empty() {
                f.push(format!("loadBalancerSourceRanges=[{}]", sp.load_balancer_source_ranges.join(", ")));
            }
            f.extend(opt("loadBalancerClass", &sp.load_balancer_class));
            if let Some(b) = sp.allocate_load_balancer_node_ports {
                f.push(format!("allocateLoadBalancerNodePorts={b}"));
            }
            f.extend(opt("trafficDistribution", &sp.traffic_distribution));
            if sp.publish_not_ready_addresses == Some(true) {
                f.push("publishNotReadyAddresses=true".into());
            }
            let ingress: Vec<String> = svc
                .status
                .load_balancer
                .ingress
                .iter()
                .map(|i| match (&i.ip, &i.hostname, &i.ip_mode) {
                    (Some(ip), _, Some(m)) => format!("{ip}({m})"),
                    (Some(ip), _, None) => ip.clone(),
                    (None, Some(h), _) => h.clone(),
                    _ => "-".into(),
                })
                .collect();
            if !ingress.is_empty() {
                f.push(format!("ingress=[{}]", ingress.join(", ")));
            }
            f.join(" ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze;
    use crate::model::Source;

    fn run(yaml: &str) -> Analysis {
        analyze(&[Source::new("t.yaml", yaml)])
    }

    fn svc<'a>(a: &'a Analysis, name: &str) -> &'a Service {
        a.service_objects().find(|(_, o, _)| o.name == name).map(|(_, _, s)| s).expect("service")
    }

    #[test]
    fn allocation_is_deterministic_and_in_the_upper_bands() {
        let y =
            "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  type: NodePort\n  ports: [{port: 80}]\n";
        let (a, b) = (run(y), run(y));
        let (s1, s2) = (svc(&a, "web"), svc(&b, "web"));
        assert_eq!(s1, s2);
        let ip = ip::v4_bits(s1.spec.cluster_ip.as_deref().unwrap_or("")).expect("an IPv4 clusterIP");
        assert!((CIDR_NET + 1 + IP_STATIC_BAND..CIDR_NET + CIDR_SIZE - 1).contains(&ip), "{ip:x}");
        let np = node_port(&s1.spec.ports[0]);
        assert!((NODE_PORT_MIN + NODE_PORT_STATIC_BAND..=NODE_PORT_MAX).contains(&np), "{np}");
    }

    #[test]
    fn reapplying_the_same_manifest_is_a_no_op_update() {
        let doc = "apiVersion: v1\nkind: Service\nmetadata: {name: lb}\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  ports: [{name: http, port: 80}, {name: dns, port: 53, protocol: UDP}]\n";
        let once = run(doc);
        let twice = run(&format!("{doc}---\n{doc}"));
        assert_eq!(svc(&once, "lb"), svc(&twice, "lb"));
        assert_eq!(twice.service_objects().count(), 1);
        assert!(!twice.has_errors(), "{:?}", twice.diagnostics);
        assert!(twice.diagnostics.iter().any(|d| d.code == Code::UpdatesEarlier));
    }

    #[test]
    fn huge_and_negative_numbers_do_not_panic() {
        for v in ["99999999999", "-99999999999", "9223372036854775807", "-9223372036854775808", "-1", "0", "2147483647"]
        {
            let y = format!(
                "apiVersion: v1\nkind: Service\nmetadata: {{name: x}}\nspec:\n  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: {v}\n  sessionAffinity: ClientIP\n  sessionAffinityConfig: {{clientIP: {{timeoutSeconds: {v}}}}}\n  ports: [{{port: {v}, targetPort: {v}, nodePort: {v}}}]\n"
            );
            let a = run(&y);
            assert!(a.has_errors(), "{v}");
        }
    }

    #[test]
    fn stored_form_serializes_like_the_api_server() {
        let a = run("apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n");
        let json = serde_json::to_value(svc(&a, "web")).expect("json");
        let spec = &json["spec"];
        assert_eq!(spec["type"], "ClusterIP");
        assert_eq!(spec["sessionAffinity"], "None");
        assert_eq!(spec["internalTrafficPolicy"], "Cluster");
        assert_eq!(spec["ipFamilyPolicy"], "SingleStack");
        assert_eq!(spec["ipFamilies"], serde_json::json!(["IPv4"]));
        assert_eq!(spec["ports"][0]["protocol"], "TCP");
        assert_eq!(spec["ports"][0]["targetPort"], 80);
        assert_eq!(spec["clusterIPs"][0], spec["clusterIP"]);
        assert!(spec.get("externalTrafficPolicy").is_none());
        assert!(spec["ports"][0].get("nodePort").is_none());
    }

    #[test]
    fn json_rendering_matches_go() {
        assert_eq!(json::quote("a\"b<c>&"), r#""a\"b\u003cc\u003e\u0026""#);
        assert_eq!(json::list(&["1.1.1.1"]), r#"["1.1.1.1"]"#);
        assert_eq!(json::optional(None), "null");
    }

    #[test]
    fn target_port_defaulting() {
        let p = |t: Option<IntOrString>| ServicePort { port: 80, target_port: t, ..Default::default() };
        assert_eq!(service_port_target(&p(None)), IntOrString::Int(80));
        assert_eq!(service_port_target(&p(Some(IntOrString::Int(0)))), IntOrString::Int(80));
        assert_eq!(service_port_target(&p(Some(IntOrString::Str(String::new())))), IntOrString::Int(80));
        assert_eq!(service_port_target(&p(Some(IntOrString::Str("http".into())))), IntOrString::Str("http".into()));
    }
}
