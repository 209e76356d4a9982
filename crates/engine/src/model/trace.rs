//! A traced connection: where it starts, the hops it takes, and where it ends.

use serde::Serialize;

/// Where a traced connection starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TraceSource {
    /// A pod, from its IP on its node (`pod:NAMESPACE/NAME`).
    Pod { namespace: String, name: String },
    /// A client outside the cluster whose packets arrive at `node` (`external@NODE`).
    External { node: String },
    /// A host-network process on `node` (`host:NODE`).
    Host { node: String },
}

impl TraceSource {
    /// Parses `pod:NAMESPACE/NAME` (or `pod:NAME` in `default`), `external@NODE` or `host:NODE`.
    pub fn parse(s: &str) -> Result<TraceSource, String> {
        let s = s.trim();
        let bad = |why: &str| {
            Err(format!("bad source `{s}`: {why} (expected pod:NAMESPACE/NAME, external@NODE or host:NODE)"))
        };
        if let Some(rest) = s.strip_prefix("pod:") {
            let (ns, name) = match rest.split_once('/') {
                Some((ns, name)) => (ns, name),
                None => ("default", rest),
            };
            if ns.is_empty() || name.is_empty() || name.contains('/') {
                return bad("a pod needs a namespace and a name");
            }
            return Ok(TraceSource::Pod { namespace: ns.to_string(), name: name.to_string() });
        }
        if let Some(node) = s.strip_prefix("external@") {
            if node.is_empty() {
                return bad("the node name is missing");
            }
            return Ok(TraceSource::External { node: node.to_string() });
        }
        if let Some(node) = s.strip_prefix("host:") {
            if node.is_empty() {
                return bad("the node name is missing");
            }
            return Ok(TraceSource::Host { node: node.to_string() });
        }
        bad("unknown kind of source")
    }
}

impl std::fmt::Display for TraceSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TraceSource::Pod { namespace, name } => write!(f, "pod:{namespace}/{name}"),
            TraceSource::External { node } => write!(f, "external@{node}"),
            TraceSource::Host { node } => write!(f, "host:{node}"),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TraceVerdict {
    /// Reaches one or more pods (or a node-level listener), with the shares in `pods`.
    Delivered,
    /// Reaches the pods in `pods`, but `reason` warns that it may fail there (e.g. no container
    /// declares the target port: it works only if a process listens on it).
    AtRisk,
    /// Reaches the pods in `pods` only if something Kubernetes does not do holds, as `reason`
    /// says (an external client to a cluster IP: only if the network routes the Service CIDR to a
    /// node).
    Conditional,
    /// Leaves the cluster (an ExternalName's CNAME, a name CoreDNS forwards upstream): `reason`
    /// says where; what happens there is not modelled.
    LeavesCluster,
    /// Dropped or rejected (see `reason`).
    Dropped,
}

impl TraceVerdict {
    /// The word of the CLI's JSON (`delivered`, `at-risk`, `conditional`, `leaves-cluster`, `dropped`).
    pub fn as_str(self) -> &'static str {
        match self {
            TraceVerdict::Delivered => "delivered",
            TraceVerdict::AtRisk => "at-risk",
            TraceVerdict::Conditional => "conditional",
            TraceVerdict::LeavesCluster => "leaves-cluster",
            TraceVerdict::Dropped => "dropped",
        }
    }

    /// Whether the trace ends at pods of this cluster (`pods` lists them with their shares).
    pub fn reaches_pods(self) -> bool {
        matches!(self, TraceVerdict::Delivered | TraceVerdict::AtRisk | TraceVerdict::Conditional)
    }
}

/// A pod the connection may reach, with its share of new connections.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TracePod {
    /// Empty for an endpoint that is not a known pod (e.g. from a hand-written Endpoints).
    pub namespace: String,
    pub name: String,
    pub ip: String,
    pub port: i64,
    pub probability: f64,
}

/// One step of the story.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Hop {
    /// Where: `pod default/client`, `DNS`, `load balancer 192.0.2.127`, `node-b`, ...
    pub at: String,
    /// What happens there.
    pub action: HopAction,
    /// One line of explanation in plain words.
    pub detail: String,
}

/// What happens at one hop of a trace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HopAction {
    /// The source sends the packet.
    Send,
    /// A name is resolved (cluster DNS, or the client's resolver).
    Resolve,
    /// One of several addresses is chosen.
    Choose,
    /// A remark that does not move the packet.
    Note,
    /// The packet is routed to the node that handles it.
    Route,
    /// A load balancer forwards it to a node.
    Forward,
    /// A load balancer proxies it (ipMode Proxy, or a hostname).
    Proxy,
    /// A node answers itself (the health-check nodePort).
    Answer,
    /// kube-proxy's rule for the frontend matches.
    KubeProxy,
    /// ClientIP affinity keeps the client on its endpoint.
    SessionAffinity,
    /// The destination is rewritten to an endpoint.
    Dnat,
    /// The source is rewritten to the node's address.
    Snat,
    /// The source is kept.
    NoSnat,
    /// The packet reaches a pod (or a node-level listener).
    Deliver,
    /// Silently dropped.
    Drop,
    /// Rejected (ICMP unreachable / TCP reset).
    Reject,
}

impl HopAction {
    /// The word the trace shows (and the CLI's JSON carries).
    pub fn as_str(self) -> &'static str {
        match self {
            HopAction::Send => "send",
            HopAction::Resolve => "resolve",
            HopAction::Choose => "choose",
            HopAction::Note => "note",
            HopAction::Route => "route",
            HopAction::Forward => "forward",
            HopAction::Proxy => "proxy",
            HopAction::Answer => "answer",
            HopAction::KubeProxy => "kube-proxy",
            HopAction::SessionAffinity => "session affinity",
            HopAction::Dnat => "DNAT",
            HopAction::Snat => "SNAT",
            HopAction::NoSnat => "no SNAT",
            HopAction::Deliver => "deliver",
            HopAction::Drop => "drop",
            HopAction::Reject => "reject",
        }
    }

    /// Where the packet's fate is decided (kube-proxy's rule, the rewrite, or the end).
    pub fn decides(self) -> bool {
        matches!(self, HopAction::KubeProxy | HopAction::Dnat | HopAction::Drop | HopAction::Reject)
    }
}

impl std::fmt::Display for HopAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for HopAction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The outcome of a trace (the CLI's JSON contract: `verdict`, `reason`, `pods`, `hops`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trace {
    pub verdict: TraceVerdict,
    pub reason: Option<String>,
    /// Sorted by namespace, name (then ip, port); empty when dropped.
    pub pods: Vec<TracePod>,
    pub hops: Vec<Hop>,
}
