//! Typed objects: small structs for the fields the engine reads, in the API's JSON shape (so
//! serialising a defaulted object gives what the API server would store).
//!
//! Decoding is lenient: [`crate::schema`] has already reported wrong types, so here a value of the
//! wrong type is simply absent.

use crate::labels::{LabelSelector, LabelSelectorRequirement, Labels};
use crate::yaml::{Node, Value};
use serde::Serialize;

/// A port number or an IANA port name (`targetPort`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i64),
    Str(String),
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(i) => write!(f, "{i}"),
            IntOrString::Str(s) => f.write_str(s),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generate_name: Option<String>,
    pub namespace: String,
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub labels: Labels,
    #[serde(skip_serializing_if = "Labels::is_empty")]
    pub annotations: Labels,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<String>,
}

// ---------------------------------------------------------------- Service

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub metadata: ObjectMeta,
    pub spec: ServiceSpec,
    pub status: ServiceStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSpec {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ServicePort>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<Labels>,
    #[serde(rename = "clusterIP", skip_serializing_if = "Option::is_none")]
    pub cluster_ip: Option<String>,
    #[serde(rename = "clusterIPs", skip_serializing_if = "Vec::is_empty")]
    pub cluster_ips: Vec<String>,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    #[serde(rename = "externalIPs", skip_serializing_if = "Vec::is_empty")]
    pub external_ips: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_affinity: Option<String>,
    #[serde(rename = "loadBalancerIP", skip_serializing_if = "Option::is_none")]
    pub load_balancer_ip: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_source_ranges: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_traffic_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub health_check_node_port: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publish_not_ready_addresses: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_affinity_config: Option<SessionAffinityConfig>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ip_families: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_family_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allocate_load_balancer_node_ports: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub load_balancer_class: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_traffic_policy: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traffic_distribution: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SessionAffinityConfig {
    #[serde(rename = "clientIP", skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<ClientIPConfig>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientIPConfig {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePort {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app_protocol: Option<String>,
    /// 0 when missing (the API server then reports it).
    pub port: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_port: Option<IntOrString>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_port: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceStatus {
    pub load_balancer: LoadBalancerStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LoadBalancerStatus {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ingress: Vec<LoadBalancerIngress>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancerIngress {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_mode: Option<String>,
}

impl Service {
    pub fn type_(&self) -> &str {
        self.spec.type_.as_deref().unwrap_or("ClusterIP")
    }
    /// `selector` set and non-empty: the controllers manage this Service's endpoints.
    pub fn has_selector(&self) -> bool {
        self.spec.selector.as_ref().is_some_and(|s| !s.is_empty())
    }
    pub fn is_headless(&self) -> bool {
        self.spec.cluster_ip.as_deref() == Some("None")
    }
}

// ---------------------------------------------------------------- Pod

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    pub metadata: ObjectMeta,
    pub spec: PodSpec,
    pub status: PodStatus,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subdomain: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub host_network: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub init_containers: Vec<Container>,
    pub containers: Vec<Container>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart_policy: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerPort {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub container_port: i64,
    /// Defaulted to TCP.
    pub protocol: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phase: Option<String>,
    #[serde(rename = "podIP", skip_serializing_if = "Option::is_none")]
    pub pod_ip: Option<String>,
    #[serde(rename = "podIPs", skip_serializing_if = "Vec::is_empty")]
    pub pod_ips: Vec<String>,
    /// The `Ready` condition is "True".
    pub ready: bool,
    /// A `Ready` condition was present at all (absent means "not ready" too, but says why).
    #[serde(skip)]
    pub has_ready_condition: bool,
}

impl Pod {
    pub fn is_terminating(&self) -> bool {
        self.metadata.deletion_timestamp.is_some()
    }
    pub fn is_terminal(&self) -> bool {
        matches!(self.status.phase.as_deref(), Some("Succeeded" | "Failed"))
    }
    /// The pod's IPv4 address, if it has one.
    pub fn ip(&self) -> Option<&str> {
        self.status.pod_ip.as_deref().or_else(|| self.status.pod_ips.first().map(|s| s.as_str()))
    }
}

// ---------------------------------------------------------------- Node, Namespace

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeInfo {
    pub name: String,
    pub labels: Labels,
    #[serde(rename = "internalIP", skip_serializing_if = "Option::is_none")]
    pub internal_ip: Option<String>,
    #[serde(rename = "podCIDR", skip_serializing_if = "Option::is_none")]
    pub pod_cidr: Option<String>,
    pub ready: bool,
}

impl NodeInfo {
    pub fn zone(&self) -> Option<&str> {
        self.labels.get("topology.kubernetes.io/zone").map(|s| s.as_str())
    }
}

// ---------------------------------------------------------------- Endpoints, EndpointSlice

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoints {
    pub metadata: ObjectMeta,
    pub subsets: Vec<EndpointSubset>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointSubset {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<EndpointAddress>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_ready_addresses: Vec<EndpointAddress>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointAddress {
    pub ip: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ObjectReference {
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    pub name: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointPort {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub port: i64,
    pub protocol: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointSlice {
    pub metadata: ObjectMeta,
    pub address_type: String,
    pub endpoints: Vec<SliceEndpoint>,
    pub ports: Vec<EndpointPort>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SliceEndpoint {
    pub addresses: Vec<String>,
    pub conditions: EndpointConditions,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_ref: Option<ObjectReference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hints: Option<EndpointHints>,
}

/// Conditions as written; `None` reads as ready/serving true, terminating false.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct EndpointConditions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ready: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serving: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminating: Option<bool>,
}

impl EndpointConditions {
    pub fn is_ready(&self) -> bool {
        self.ready.unwrap_or(true)
    }
    pub fn is_serving(&self) -> bool {
        self.serving.unwrap_or(true)
    }
    pub fn is_terminating(&self) -> bool {
        self.terminating.unwrap_or(false)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointHints {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub for_zones: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub for_nodes: Vec<String>,
}

// ---------------------------------------------------------------- workloads

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Workload {
    pub metadata: ObjectMeta,
    /// None for a DaemonSet (one pod per node); otherwise the default is 1.
    pub replicas: Option<i64>,
    pub selector: Option<LabelSelector>,
    pub template_labels: Labels,
    pub template_spec: PodSpec,
    /// StatefulSet `spec.serviceName`.
    pub service_name: Option<String>,
}

// ---------------------------------------------------------------- decoding

fn s(n: Option<&Node>) -> Option<String> {
    n.and_then(|n| n.as_str()).map(str::to_string)
}
fn i(n: Option<&Node>) -> Option<i64> {
    n.and_then(Node::as_i64)
}
fn b(n: Option<&Node>) -> Option<bool> {
    n.and_then(Node::as_bool)
}
fn strs(n: Option<&Node>) -> Vec<String> {
    n.and_then(|n| n.as_seq())
        .map(|s| s.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}
fn seq(n: Option<&Node>) -> &[Node] {
    n.and_then(|n| n.as_seq()).unwrap_or(&[])
}
/// map[string]string; entries whose value is not a string are skipped.
pub fn str_map(n: Option<&Node>) -> Option<Labels> {
    let m = n?.as_map()?;
    Some(m.iter().filter_map(|e| Some((e.key.as_str()?.to_string(), e.value.as_str()?.to_string()))).collect())
}
fn at<'a>(n: &'a Node, path: &[&str]) -> Option<&'a Node> {
    path.iter().try_fold(n, |n, k| n.get(k))
}

pub fn decode_meta(root: &Node) -> ObjectMeta {
    let m = root.get("metadata");
    ObjectMeta {
        name: s(m.and_then(|m| m.get("name"))).unwrap_or_default(),
        generate_name: s(m.and_then(|m| m.get("generateName"))),
        namespace: s(m.and_then(|m| m.get("namespace"))).unwrap_or_default(),
        labels: str_map(m.and_then(|m| m.get("labels"))).unwrap_or_default(),
        annotations: str_map(m.and_then(|m| m.get("annotations"))).unwrap_or_default(),
        deletion_timestamp: m
            .and_then(|m| m.get("deletionTimestamp"))
            .filter(|n| !n.is_null())
            .map(|n| n.raw.clone().unwrap_or_else(|| "set".into())),
    }
}

pub fn decode_service(root: &Node) -> Service {
    let sp = root.get("spec");
    let g = |k: &str| sp.and_then(|s| s.get(k));
    let ports = seq(g("ports"))
        .iter()
        .map(|p| ServicePort {
            name: s(p.get("name")),
            protocol: s(p.get("protocol")),
            app_protocol: s(p.get("appProtocol")),
            port: i(p.get("port")).unwrap_or(0),
            target_port: match p.get("targetPort").map(|t| &t.value) {
                Some(Value::Int(v)) => Some(IntOrString::Int(*v)),
                Some(Value::Str(v)) => Some(IntOrString::Str(v.clone())),
                _ => None,
            },
            node_port: i(p.get("nodePort")),
        })
        .collect();
    let timeout = sp.and_then(|s| at(s, &["sessionAffinityConfig", "clientIP", "timeoutSeconds"]));
    let affinity_cfg = g("sessionAffinityConfig").filter(|n| !n.is_null()).map(|c| SessionAffinityConfig {
        client_ip: c.get("clientIP").filter(|n| !n.is_null()).map(|_| ClientIPConfig { timeout_seconds: i(timeout) }),
    });
    let ingress = root
        .get("status")
        .and_then(|st| at(st, &["loadBalancer", "ingress"]))
        .map(|n| seq(Some(n)))
        .unwrap_or(&[])
        .iter()
        .map(|g| LoadBalancerIngress {
            ip: s(g.get("ip")),
            hostname: s(g.get("hostname")),
            ip_mode: s(g.get("ipMode")),
        })
        .collect();
    Service {
        metadata: decode_meta(root),
        spec: ServiceSpec {
            ports,
            selector: str_map(g("selector")),
            cluster_ip: s(g("clusterIP")),
            cluster_ips: strs(g("clusterIPs")),
            type_: s(g("type")),
            external_ips: strs(g("externalIPs")),
            session_affinity: s(g("sessionAffinity")),
            load_balancer_ip: s(g("loadBalancerIP")),
            load_balancer_source_ranges: strs(g("loadBalancerSourceRanges")),
            external_name: s(g("externalName")),
            external_traffic_policy: s(g("externalTrafficPolicy")),
            health_check_node_port: i(g("healthCheckNodePort")),
            publish_not_ready_addresses: b(g("publishNotReadyAddresses")),
            session_affinity_config: affinity_cfg,
            ip_families: strs(g("ipFamilies")),
            ip_family_policy: s(g("ipFamilyPolicy")),
            allocate_load_balancer_node_ports: b(g("allocateLoadBalancerNodePorts")),
            load_balancer_class: s(g("loadBalancerClass")),
            internal_traffic_policy: s(g("internalTrafficPolicy")),
            traffic_distribution: s(g("trafficDistribution")),
        },
        status: ServiceStatus { load_balancer: LoadBalancerStatus { ingress } },
    }
}

fn decode_container(c: &Node) -> Container {
    Container {
        name: s(c.get("name")).unwrap_or_default(),
        image: s(c.get("image")),
        restart_policy: s(c.get("restartPolicy")),
        ports: seq(c.get("ports"))
            .iter()
            .map(|p| ContainerPort {
                name: s(p.get("name")),
                container_port: i(p.get("containerPort")).unwrap_or(0),
                protocol: s(p.get("protocol")).unwrap_or_else(|| "TCP".into()),
            })
            .collect(),
    }
}

pub fn decode_pod_spec(sp: Option<&Node>) -> PodSpec {
    let g = |k: &str| sp.and_then(|s| s.get(k));
    PodSpec {
        node_name: s(g("nodeName")),
        hostname: s(g("hostname")),
        subdomain: s(g("subdomain")),
        host_network: b(g("hostNetwork")).unwrap_or(false),
        init_containers: seq(g("initContainers")).iter().map(decode_container).collect(),
        containers: seq(g("containers")).iter().map(decode_container).collect(),
    }
}

pub fn decode_pod(root: &Node) -> Pod {
    let st = root.get("status");
    let g = |k: &str| st.and_then(|s| s.get(k));
    let ready_cond = seq(g("conditions")).iter().find(|c| c.get("type").and_then(|t| t.as_str()) == Some("Ready"));
    Pod {
        metadata: decode_meta(root),
        spec: decode_pod_spec(root.get("spec")),
        status: PodStatus {
            phase: s(g("phase")),
            pod_ip: s(g("podIP")),
            pod_ips: seq(g("podIPs")).iter().filter_map(|p| s(p.get("ip"))).collect(),
            ready: ready_cond.and_then(|c| c.get("status")).and_then(|s| s.as_str()) == Some("True"),
            has_ready_condition: ready_cond.is_some(),
        },
    }
}

pub fn decode_node(root: &Node) -> NodeInfo {
    let meta = decode_meta(root);
    let st = root.get("status");
    let addresses = seq(st.and_then(|s| s.get("addresses")));
    let internal_ip = addresses
        .iter()
        .find(|a| a.get("type").and_then(|t| t.as_str()) == Some("InternalIP"))
        .and_then(|a| s(a.get("address")));
    let ready = seq(st.and_then(|s| s.get("conditions")))
        .iter()
        .find(|c| c.get("type").and_then(|t| t.as_str()) == Some("Ready"))
        .map(|c| c.get("status").and_then(|s| s.as_str()) == Some("True"))
        // A node written without status is taken as Ready: people write nodes to place pods.
        .unwrap_or(true);
    NodeInfo {
        name: meta.name,
        labels: meta.labels,
        internal_ip,
        pod_cidr: s(root.get("spec").and_then(|s| s.get("podCIDR"))),
        ready,
    }
}

fn decode_address(a: &Node) -> EndpointAddress {
    EndpointAddress {
        ip: s(a.get("ip")).unwrap_or_default(),
        hostname: s(a.get("hostname")),
        node_name: s(a.get("nodeName")),
        target_ref: a.get("targetRef").map(decode_ref),
    }
}

fn decode_ref(r: &Node) -> ObjectReference {
    ObjectReference {
        kind: s(r.get("kind")).unwrap_or_default(),
        namespace: s(r.get("namespace")).unwrap_or_default(),
        name: s(r.get("name")).unwrap_or_default(),
    }
}

fn decode_endpoint_port(p: &Node) -> EndpointPort {
    EndpointPort {
        name: s(p.get("name")),
        port: i(p.get("port")).unwrap_or(0),
        protocol: s(p.get("protocol")).unwrap_or_else(|| "TCP".into()),
    }
}

pub fn decode_endpoints(root: &Node) -> Endpoints {
    Endpoints {
        metadata: decode_meta(root),
        subsets: seq(root.get("subsets"))
            .iter()
            .map(|ss| EndpointSubset {
                addresses: seq(ss.get("addresses")).iter().map(decode_address).collect(),
                not_ready_addresses: seq(ss.get("notReadyAddresses")).iter().map(decode_address).collect(),
                ports: seq(ss.get("ports")).iter().map(decode_endpoint_port).collect(),
            })
            .collect(),
    }
}

pub fn decode_endpoint_slice(root: &Node) -> EndpointSlice {
    EndpointSlice {
        metadata: decode_meta(root),
        address_type: s(root.get("addressType")).unwrap_or_default(),
        endpoints: seq(root.get("endpoints"))
            .iter()
            .map(|e| {
                let c = e.get("conditions");
                let h = e.get("hints");
                SliceEndpoint {
                    addresses: strs(e.get("addresses")),
                    conditions: EndpointConditions {
                        ready: b(c.and_then(|c| c.get("ready"))),
                        serving: b(c.and_then(|c| c.get("serving"))),
                        terminating: b(c.and_then(|c| c.get("terminating"))),
                    },
                    hostname: s(e.get("hostname")),
                    node_name: s(e.get("nodeName")),
                    zone: s(e.get("zone")),
                    target_ref: e.get("targetRef").map(decode_ref),
                    hints: h.filter(|h| !h.is_null()).map(|h| EndpointHints {
                        for_zones: seq(h.get("forZones")).iter().filter_map(|z| s(z.get("name"))).collect(),
                        for_nodes: seq(h.get("forNodes")).iter().filter_map(|z| s(z.get("name"))).collect(),
                    }),
                }
            })
            .collect(),
        // An omitted port name means "" (discovery/v1 defaulting).
        ports: seq(root.get("ports"))
            .iter()
            .map(|p| {
                let mut port = decode_endpoint_port(p);
                port.name.get_or_insert_with(String::new);
                port
            })
            .collect(),
    }
}

pub fn decode_label_selector(n: Option<&Node>) -> Option<LabelSelector> {
    let n = n.filter(|n| !n.is_null())?;
    Some(LabelSelector {
        match_labels: str_map(n.get("matchLabels")).unwrap_or_default(),
        match_expressions: seq(n.get("matchExpressions"))
            .iter()
            .map(|e| LabelSelectorRequirement {
                key: s(e.get("key")).unwrap_or_default(),
                operator: s(e.get("operator")).unwrap_or_default(),
                values: strs(e.get("values")),
            })
            .collect(),
    })
}

pub fn decode_workload(root: &Node, kind: &str) -> Workload {
    let sp = root.get("spec");
    let g = |k: &str| sp.and_then(|s| s.get(k));
    let tpl = g("template");
    Workload {
        metadata: decode_meta(root),
        replicas: if kind == "DaemonSet" { None } else { Some(i(g("replicas")).unwrap_or(1)) },
        selector: decode_label_selector(g("selector")),
        template_labels: str_map(tpl.and_then(|t| at(t, &["metadata", "labels"]))).unwrap_or_default(),
        template_spec: decode_pod_spec(tpl.and_then(|t| t.get("spec"))),
        service_name: s(g("serviceName")),
    }
}

/// The original tree as a generic value (for "the object as stored" views).
pub fn to_value(n: &Node) -> yaml_serde::Value {
    use yaml_serde::Value as V;
    match &n.value {
        Value::Null => V::Null,
        Value::Bool(b) => V::Bool(*b),
        Value::Int(i) => V::Number((*i).into()),
        Value::Float(f) => V::Number((*f).into()),
        Value::Str(s) => V::String(s.clone()),
        Value::Seq(items) => V::Sequence(items.iter().map(to_value).collect()),
        Value::Map(entries) => {
            let mut m = yaml_serde::Mapping::new();
            for e in entries {
                m.insert(to_value(&e.key), to_value(&e.value));
            }
            V::Mapping(m)
        }
    }
}
