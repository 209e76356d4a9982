//! Decoding from the YAML tree, leniently: a value of the wrong type is absent (the schema
//! check has reported it).

use super::*;
use crate::labels::{LabelSelector, LabelSelectorRequirement, Labels};
use crate::yaml::{Node, Seq, Value};

fn s(n: Option<Node>) -> Option<String> {
    n.and_then(|n| n.as_str()).map(str::to_string)
}

fn i(n: Option<Node>) -> Option<i64> {
    n.and_then(|n| n.as_i64())
}

fn b(n: Option<Node>) -> Option<bool> {
    n.and_then(|n| n.as_bool())
}

fn strs(n: Option<Node>) -> Vec<String> {
    n.and_then(|n| n.as_seq())
        .map(|s| s.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

fn seq(n: Option<Node>) -> Seq {
    n.and_then(|n| n.as_seq()).unwrap_or_default()
}

/// map[string]string; entries whose value is not a string are skipped.
pub fn str_map(n: Option<Node>) -> Option<Labels> {
    let m = n?.as_map()?;
    Some(crate::util::sort::map(
        m.iter().filter_map(|e| Some((e.key.as_str()?.to_string(), e.value.as_str()?.to_string()))),
    ))
}

fn at<'t>(n: Node<'t>, path: &[&str]) -> Option<Node<'t>> {
    path.iter().try_fold(n, |n, k| n.get(k))
}

pub fn decode_meta(root: Node) -> ObjectMeta {
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
            .map(|n| n.raw().unwrap_or("set").to_string()),
        live: is_live(root),
    }
}

/// Whether a document is an object read from a cluster: `metadata.uid`, `resourceVersion` or
/// `creationTimestamp` are set only by the API server.
pub fn is_live(root: Node) -> bool {
    let m = root.get("metadata");
    ["uid", "resourceVersion", "creationTimestamp"]
        .iter()
        .any(|k| m.and_then(|m| m.get(k)).is_some_and(|n| !n.is_null() && n.as_str() != Some("")))
}

pub fn decode_service(root: Node) -> Service {
    let sp = root.get("spec");
    let g = |k: &str| sp.and_then(|s| s.get(k));
    let ports = seq(g("ports"))
        .iter()
        .map(|p| ServicePort {
            name: s(p.get("name")),
            protocol: s(p.get("protocol")),
            app_protocol: s(p.get("appProtocol")),
            port: i(p.get("port")).unwrap_or(0),
            target_port: match p.get("targetPort").map(|t| t.value()) {
                Some(Value::Int(v)) => Some(IntOrString::Int(v)),
                Some(Value::Str(v)) => Some(IntOrString::Str(v.to_string())),
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
        .unwrap_or_default()
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

fn decode_container(c: Node) -> Container {
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

pub fn decode_pod_spec(sp: Option<Node>) -> PodSpec {
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

pub fn decode_pod(root: Node) -> Pod {
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
            host_ips: {
                let mut v: Vec<String> = seq(g("hostIPs")).iter().filter_map(|p| s(p.get("ip"))).collect();
                if let Some(h) = s(g("hostIP")).filter(|h| !v.contains(h)) {
                    v.insert(0, h);
                }
                v
            },
            ready: ready_cond.and_then(|c| c.get("status")).and_then(|s| s.as_str()) == Some("True"),
            has_ready_condition: ready_cond.is_some(),
        },
    }
}

pub fn decode_node(root: Node) -> NodeInfo {
    let meta = decode_meta(root);
    let st = root.get("status");
    let addresses = seq(st.and_then(|s| s.get("addresses")));
    let internal_ips: Vec<String> = addresses
        .iter()
        .filter(|a| a.get("type").and_then(|t| t.as_str()) == Some("InternalIP"))
        .filter_map(|a| s(a.get("address")))
        .collect();
    let internal_ip = internal_ips.first().cloned();
    let spec = root.get("spec");
    let pod_cidr = s(spec.and_then(|s| s.get("podCIDR")));
    let mut pod_cidrs = strs(spec.and_then(|s| s.get("podCIDRs")));
    if let Some(c) = pod_cidr.as_ref().filter(|c| !pod_cidrs.contains(c)) {
        pod_cidrs.insert(0, c.clone());
    }
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
        pod_cidr: pod_cidr.or_else(|| pod_cidrs.first().cloned()),
        pod_cidrs,
        internal_ips,
        kubelet_version: s(st.and_then(|s| at(s, &["nodeInfo", "kubeletVersion"]))),
        ready,
    }
}

fn decode_address(a: Node) -> EndpointAddress {
    EndpointAddress {
        ip: s(a.get("ip")).unwrap_or_default(),
        hostname: s(a.get("hostname")),
        node_name: s(a.get("nodeName")),
        target_ref: a.get("targetRef").map(decode_ref),
    }
}

fn decode_ref(r: Node) -> ObjectReference {
    ObjectReference {
        kind: s(r.get("kind")).unwrap_or_default(),
        namespace: s(r.get("namespace")).unwrap_or_default(),
        name: s(r.get("name")).unwrap_or_default(),
    }
}

fn decode_endpoint_port(p: Node) -> EndpointPort {
    EndpointPort {
        name: s(p.get("name")),
        port: i(p.get("port")).unwrap_or(0),
        protocol: s(p.get("protocol")).unwrap_or_else(|| "TCP".into()),
    }
}

pub fn decode_endpoints(root: Node) -> Endpoints {
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

pub fn decode_endpoint_slice(root: Node) -> EndpointSlice {
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

pub fn decode_label_selector(n: Option<Node>) -> Option<LabelSelector> {
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

/// A workload; `daemon_set` for a DaemonSet, which has no `replicas` (one pod per node).
pub fn decode_workload(root: Node, daemon_set: bool) -> Workload {
    let sp = root.get("spec");
    let g = |k: &str| sp.and_then(|s| s.get(k));
    let tpl = g("template");
    Workload {
        metadata: decode_meta(root),
        replicas: if daemon_set { None } else { Some(i(g("replicas")).unwrap_or(1)) },
        selector: decode_label_selector(g("selector")),
        template_labels: str_map(tpl.and_then(|t| at(t, &["metadata", "labels"]))).unwrap_or_default(),
        template_spec: decode_pod_spec(tpl.and_then(|t| t.get("spec"))),
        service_name: s(g("serviceName")),
    }
}

/// The original tree as a generic value (for "the object as stored" views).
pub fn to_value<'t>(n: impl Into<Node<'t>>) -> yaml_serde::Value {
    use yaml_serde::Value as V;
    match n.into().value() {
        Value::Null => V::Null,
        Value::Bool(b) => V::Bool(b),
        Value::Int(i) => V::Number(i.into()),
        Value::Float(f) => V::Number(f.into()),
        Value::Str(s) => V::String(s.to_string()),
        Value::Seq(items) => V::Sequence(items.iter().map(to_value).collect()),
        Value::Map(entries) => {
            let mut m = yaml_serde::Mapping::new();
            for e in entries.iter() {
                m.insert(to_value(e.key), to_value(e.value));
            }
            V::Mapping(m)
        }
    }
}
