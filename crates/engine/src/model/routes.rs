//! The proxy stage's output: what kube-proxy programs for each Service, as a routing table.

use serde::Serialize;

/// Where a packet comes from, as kube-proxy on the node that handles it classifies it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Source address in the cluster CIDR (a pod that is not host-network).
    #[default]
    Pod,
    /// Source address outside the cluster, arriving at the node from the network.
    External,
    /// Source address local to the node (a host-network process on it).
    Host,
}

impl SourceKind {
    pub const ALL: [SourceKind; 3] = [SourceKind::Pod, SourceKind::External, SourceKind::Host];
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Pod => "pod",
            SourceKind::External => "external",
            SourceKind::Host => "host",
        }
    }
}

/// Which kind of address a frontend is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FrontendKind {
    /// `clusterIP:port` (internal traffic).
    ClusterIP,
    /// `nodeIP:nodePort` of one node (external traffic).
    NodePort,
    /// `status.loadBalancer.ingress[].ip:port` with ipMode VIP or unset (external traffic).
    LoadBalancer,
    /// `spec.externalIPs[]:port` (external traffic).
    ExternalIP,
}

impl FrontendKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FrontendKind::ClusterIP => "clusterIP",
            FrontendKind::NodePort => "nodePort",
            FrontendKind::LoadBalancer => "loadBalancer",
            FrontendKind::ExternalIP => "externalIP",
        }
    }
    /// The words used in explanations.
    pub fn words(self) -> &'static str {
        match self {
            FrontendKind::ClusterIP => "cluster IP",
            FrontendKind::NodePort => "nodePort",
            FrontendKind::LoadBalancer => "load-balancer IP",
            FrontendKind::ExternalIP => "external IP",
        }
    }
    pub fn is_external(self) -> bool {
        self != FrontendKind::ClusterIP
    }
}

/// What happens to a new connection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// DNAT to one of `endpoints`.
    #[default]
    Forward,
    /// The Service port has no usable endpoint anywhere: ICMP unreachable / TCP reset.
    Reject,
    /// Silently dropped (a Local traffic policy with no local endpoint, or a source range).
    Drop,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Forward => "FORWARD",
            Verdict::Reject => "REJECT",
            Verdict::Drop => "DROP",
        }
    }
}

/// One endpoint a route may pick.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteEndpoint {
    pub address: String,
    pub port: i64,
    /// The pod behind the endpoint, when it is a known pod.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pod: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// The share of new connections (1/n: iptables `statistic random`, nftables `numgen`).
    pub probability: f64,
    /// Picked only because no ready endpoint exists (serving and terminating).
    pub terminating: bool,
}

impl RouteEndpoint {
    /// `web-1 10.244.1.5:8080`, or `10.1.2.3:8080` for an endpoint that is not a known pod.
    pub fn label(&self) -> String {
        match &self.pod {
            Some(p) => format!("{p} {}", crate::util::ip::host_port(&self.address, self.port)),
            None => crate::util::ip::host_port(&self.address, self.port),
        }
    }
}

/// Why a route drops or rejects new connections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DropReason {
    /// REJECT: the Service port (`namespace/name port 80/TCP`) has no ready endpoint anywhere;
    /// `not_ready` endpoints exist but cannot be used.
    NoEndpoints { service_port: String, not_ready: usize },
    /// DROP: the policy (`externalTrafficPolicy` or `internalTrafficPolicy`) is Local and the
    /// node has no local endpoint.
    NoLocalEndpoint { policy: &'static str },
    /// DROP: the source is not in `loadBalancerSourceRanges`.
    SourceRange { source: RangeSource, ranges: Vec<String> },
}

/// The source a `loadBalancerSourceRanges` check looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RangeSource {
    /// A known client address.
    Address(String),
    /// The node's own address (a host-network client on it).
    NodeAddress(String),
    /// The node's pod CIDR (pods on it).
    PodCidr(String),
}

impl DropReason {
    /// The reason in plain words, for a route on `node`.
    pub fn text(&self, node: &str) -> String {
        match self {
            DropReason::NoEndpoints { service_port, not_ready: 0 } => format!("{service_port} has no endpoints"),
            DropReason::NoEndpoints { service_port, not_ready } => {
                format!("{service_port} has no ready endpoint, {not_ready} not ready")
            }
            DropReason::NoLocalEndpoint { policy } => format!("{node} has no local endpoint and {policy} is Local"),
            DropReason::SourceRange { source, ranges } => {
                let who = match source {
                    RangeSource::Address(ip) => format!("source {ip}"),
                    RangeSource::NodeAddress(ip) => format!("{node}'s address {ip}"),
                    RangeSource::PodCidr(cidr) => format!("the pod CIDR {cidr}"),
                };
                format!("{who} is not in loadBalancerSourceRanges ({})", ranges.join(", "))
            }
        }
    }
}

/// What kube-proxy on one node does with one kind of source for one frontend.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    pub node: String,
    pub source: SourceKind,
    pub verdict: Verdict,
    /// Forward: the index in [`PortRoutes::sets`] of the endpoints a new connection may go to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<usize>,
    /// Forward: the source address is masqueraded to the node's (the pod does not see the client).
    pub snat: bool,
    /// Why the source is or is not masqueraded, in plain words.
    pub snat_reason: String,
    /// Which rule chain decides, in plain words (e.g. "nodePort rule → KUBE-EXT → KUBE-SVL").
    pub rule: String,
    /// Drop / Reject: why.
    #[serde(skip)]
    pub reason: Option<DropReason>,
    /// Short remarks (pod short-circuit, topology, terminating fallback, source ranges).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Route {
    /// Why the route drops or rejects, in plain words (None when it forwards).
    pub fn reason_text(&self) -> Option<String> {
        self.reason.as_ref().map(|r| r.text(&self.node))
    }
}

/// One address:port kube-proxy captures, and its routes per node and source.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Frontend {
    pub kind: FrontendKind,
    /// The address (for a node without an InternalIP: the node's name).
    pub ip: String,
    pub port: i64,
    /// NodePort: the node whose address this is (only that node's rules handle it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    /// In node order, then pod / external / host.
    pub routes: Vec<Route>,
}

/// The frontends of one Service port.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PortRoutes {
    /// The Service port name ("" when unnamed).
    pub name: String,
    pub port: i64,
    pub protocol: super::Protocol,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i64>,
    pub frontends: Vec<Frontend>,
    /// The distinct candidate sets the routes pick from (each endpoint with its equal share),
    /// sorted by pod then address; shared by routes so that large clusters stay small.
    pub sets: Vec<Vec<RouteEndpoint>>,
}

impl PortRoutes {
    /// The endpoints a route may pick (empty for Drop / Reject).
    pub fn endpoints(&self, r: &Route) -> &[RouteEndpoint] {
        r.set.and_then(|i| self.sets.get(i)).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// `sessionAffinity: ClientIP`: the candidate sets are the same; a client IP then keeps the
/// endpoint it got while less than `timeout_seconds` passed since its last new connection.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientIpAffinity {
    pub timeout_seconds: i64,
}

/// What kube-proxy's health-check server on one node answers.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeHealth {
    pub node: String,
    /// 200 with at least one local ready endpoint, else 503.
    pub status: u16,
    /// Distinct local ready endpoint addresses over all the Service's ports.
    pub local_endpoints: usize,
}

/// `healthCheckNodePort` (LoadBalancer with externalTrafficPolicy Local).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    /// None when not allocated.
    pub port: Option<i64>,
    pub nodes: Vec<NodeHealth>,
}

/// What kube-proxy does for one Service.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRoutes {
    /// Why kube-proxy programs nothing for the Service (headless, ExternalName, no cluster IP,
    /// handled by another proxy), if so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unproxied: Option<String>,
    /// Facts about the Service as a whole in plain words (load balancer pending, ipMode Proxy...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_affinity: Option<ClientIpAffinity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheck>,
    /// Per Service port, in `spec.ports` order.
    pub ports: Vec<PortRoutes>,
}
