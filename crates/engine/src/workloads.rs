//! Stage 4: the cluster's nodes, workload validation (API server, reference §2.8) and the pods
//! the workload controllers would create (Deployment → ReplicaSet → Pods, StatefulSet,
//! DaemonSet), scheduled onto the Ready nodes with IPs from each node's pod CIDR.
//!
//! Simulated pods are deterministic: names and IPs derive from stable hashes and input order,
//! never from a clock or randomness. Where the controller uses random suffixes, the suffix here
//! is a hash drawn from the same alphabet, so names look like a real cluster's.

use crate::api::wellknown::*;
use crate::api::{NodeInfo, ObjectMeta, Pod, PodSpec, PodStatus, Workload};
use crate::diag::Code;
use crate::diag::{Diagnostic, Severity};
use crate::labels::{LabelSelector, Labels, Selector};
use crate::model::{Analysis, Body, Object};
use crate::util::generated;
use crate::util::hash::fnv32;
use crate::util::ip::{self, Cidr};
use crate::yaml::{Pos, Span};
use std::collections::{BTreeMap, BTreeSet};

/// At most this many pods are simulated in one analysis (a `replicas: 1000000` must not hang
/// the browser).
pub const MAX_SIMULATED_PODS: usize = 5000;

/// kubelet's default `maxPods`: the scheduler places at most this many pods on a node.
pub const MAX_PODS_PER_NODE: usize = 110;

pub fn run(a: &mut Analysis) {
    collect_nodes(a);
    validate_workloads(a);
    create_workload_pods(a);
}

// ---------------------------------------------------------------- nodes

/// `a.nodes`: the input's valid Nodes, or the default three-node cluster. Nodes without a
/// `spec.podCIDR` get one (`10.244.N.0/24`, the first N no other node uses).
fn collect_nodes(a: &mut Analysis) {
    let mut nodes: Vec<NodeInfo> = a
        .objects
        .iter()
        .filter(|o| o.valid)
        .filter_map(|o| match &o.body {
            Body::Node(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    if nodes.is_empty() {
        nodes = default_nodes();
        a.default_nodes = true;
        if !a.objects.is_empty() {
            a.diagnostics.push(default_nodes_notice());
        }
    }
    assign_pod_cidrs(&mut nodes);
    a.nodes = nodes;
}

/// The cluster assumed when the input has no Node (reference §0.2).
pub fn default_nodes() -> Vec<NodeInfo> {
    ["a", "b", "c"]
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = format!("node-{s}");
            let mut labels = Labels::new();
            labels.insert(LABEL_HOSTNAME.into(), name.clone());
            labels.insert(LABEL_OS.into(), "linux".into());
            labels.insert(LABEL_ZONE.into(), format!("zone-{s}"));
            NodeInfo {
                name,
                labels,
                internal_ip: Some(format!("192.168.1.{}", 11 + i)),
                pod_cidr: Some(format!("10.244.{}.0/24", i + 1)),
                ready: true,
            }
        })
        .collect()
}

fn default_nodes_notice() -> Diagnostic {
    let mut d = Diagnostic::new(
        Severity::Info,
        Code::DefaultNodes,
        "no Node in the input: assuming the default cluster of three Ready nodes node-a, node-b and node-c (zones zone-a, zone-b, zone-c; pod CIDRs 10.244.1.0/24, 10.244.2.0/24, 10.244.3.0/24)",
    )
    .help("add Node objects to model your own cluster");
    let start = Pos { line: 1, column: 1 };
    d.span = Span { start, end: start };
    d
}

fn assign_pod_cidrs(nodes: &mut [NodeInfo]) {
    let mut used: BTreeSet<u32> =
        nodes.iter().filter_map(|n| n.pod_cidr.as_deref()).filter_map(default_range_index).collect();
    let mut next = 1u32;
    for node in nodes.iter_mut().filter(|n| n.pod_cidr.is_none()) {
        while used.contains(&next) {
            next += 1;
        }
        // Past 10.244.255.0/24 there is no room left in the default /16: leave the node without.
        if next <= 255 {
            node.pod_cidr = Some(format!("10.244.{next}.0/24"));
            used.insert(next);
        }
    }
}

/// An IPv4 CIDR as (network address, prefix length).
fn v4_cidr(cidr: &str) -> Option<(u32, u32)> {
    Cidr::parse(cidr).and_then(|c| Some((c.v4_network()?, c.len)))
}

/// N for a `10.244.N.x/..` CIDR.
fn default_range_index(cidr: &str) -> Option<u32> {
    let (base, _) = v4_cidr(cidr)?;
    (base >> 16 == (10 << 8 | 244)).then_some((base >> 8) & 0xff)
}

// ---------------------------------------------------------------- validation (§2.8)

/// Which workload kind, for the few places where validation differs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum WorkloadKind {
    Deployment,
    ReplicaSet,
    StatefulSet,
    DaemonSet,
}

impl WorkloadKind {
    fn of(kind: &str) -> Option<Self> {
        Some(match kind {
            "Deployment" => WorkloadKind::Deployment,
            "ReplicaSet" => WorkloadKind::ReplicaSet,
            "StatefulSet" => WorkloadKind::StatefulSet,
            "DaemonSet" => WorkloadKind::DaemonSet,
            _ => return None,
        })
    }
    /// The detail of the "empty selector" error, as each validator words it.
    fn empty_selector_detail(self) -> &'static str {
        match self {
            WorkloadKind::Deployment | WorkloadKind::ReplicaSet => "empty selector is invalid for deployment",
            WorkloadKind::StatefulSet => "empty selector is not valid for statefulset.",
            WorkloadKind::DaemonSet => "empty selector is invalid for daemonset",
        }
    }
}

/// One API-server error: field path, message, help.
struct FieldProblem {
    path: String,
    code: Code,
    message: String,
    help: String,
}

fn validate_workloads(a: &mut Analysis) {
    let mut problems = Vec::new();
    for (i, o) in a.objects.iter().enumerate().filter(|(_, o)| o.valid) {
        if let (Body::Workload(w), Some(kind)) = (&o.body, WorkloadKind::of(&o.kind)) {
            for p in validate_workload_spec(kind, w, &o.kind) {
                problems.push((i, p));
            }
        }
    }
    for (i, p) in problems {
        let d = Diagnostic::new(Severity::Error, p.code, p.message).help(p.help);
        a.reject(i, &p.path, d);
    }
}

/// `ValidateDeploymentSpec` / `ValidateReplicaSetSpec` / `ValidateStatefulSetSpec` /
/// `ValidateDaemonSetSpec`, the parts about replicas, the selector and the template labels.
fn validate_workload_spec(kind: WorkloadKind, w: &Workload, kind_name: &str) -> Vec<FieldProblem> {
    if let Some(p) = w.replicas.and_then(|r| replicas_overflow(kind_name, r)) {
        // The JSON decoder refuses the request before validation runs.
        return vec![p];
    }
    let mut out = Vec::new();
    if let Some(p) = w.replicas.and_then(validate_replicas) {
        out.push(p);
    }
    out.extend(validate_selector(kind, w.selector.as_ref()));
    out.extend(validate_template_labels(kind, w));
    out
}

/// `replicas` is an int32: a larger number does not even decode.
fn replicas_overflow(kind_name: &str, replicas: i64) -> Option<FieldProblem> {
    if i32::try_from(replicas).is_ok() {
        return None;
    }
    Some(FieldProblem {
        path: "spec.replicas".into(),
        code: Code::Int32Overflow,
        message: format!(
            "{kind_name} in version \"v1\" cannot be handled as a {kind_name}: json: cannot unmarshal number {replicas} into Go struct field {kind_name}Spec.spec.replicas of type int32"
        ),
        help: "`replicas` is a 32-bit integer; use a realistic number".into(),
    })
}

fn validate_replicas(replicas: i64) -> Option<FieldProblem> {
    (replicas < 0).then(|| FieldProblem {
        path: "spec.replicas".into(),
        code: Code::InvalidReplicas,
        message: format!("spec.replicas: Invalid value: {replicas}: must be greater than or equal to 0"),
        help: "set `replicas` to 0 or more".into(),
    })
}

fn validate_selector(kind: WorkloadKind, selector: Option<&LabelSelector>) -> Vec<FieldProblem> {
    let Some(sel) = selector else {
        // DaemonSet validation has no Required check: the nil selector only fails the
        // template-labels match below.
        if kind == WorkloadKind::DaemonSet {
            return Vec::new();
        }
        return vec![FieldProblem {
            path: "spec.selector".into(),
            code: Code::WorkloadSelector,
            message: "spec.selector: Required value".into(),
            help: "add `selector: {matchLabels: ...}` with the labels of `spec.template.metadata.labels` (apps/v1 does not derive it)".into(),
        }];
    };
    let mut out: Vec<FieldProblem> = sel
        .validate()
        .into_iter()
        .map(|e| FieldProblem {
            path: format!("spec.selector.{}", e.path),
            code: Code::WorkloadSelector,
            message: format!("spec.selector.{}: {}", e.path, e.message),
            help: selector_error_help(&e.message),
        })
        .collect();
    if sel.match_labels.is_empty() && sel.match_expressions.is_empty() {
        out.push(FieldProblem {
            path: "spec.selector".into(),
            code: Code::WorkloadSelector,
            message: format!("spec.selector: Invalid value: {}: {}", sel.to_json(), kind.empty_selector_detail()),
            help:
                "an empty selector would adopt every pod in the namespace; add `matchLabels` with the template's labels"
                    .into(),
        });
    }
    if sel.to_selector().is_err() {
        let detail = match kind {
            WorkloadKind::StatefulSet => String::new(),
            _ => ": invalid label selector".into(),
        };
        if kind != WorkloadKind::DaemonSet {
            out.push(FieldProblem {
                path: "spec.selector".into(),
                code: Code::WorkloadSelector,
                message: format!("spec.selector: Invalid value: {}{detail}", sel.to_json()),
                help: "fix the `matchExpressions` entries reported with it".into(),
            });
        }
    }
    out
}

fn selector_error_help(message: &str) -> String {
    if message.contains("'In' or 'NotIn'") && message.starts_with("Required") {
        "give `In`/`NotIn` at least one value in `values`".into()
    } else if message.contains("'Exists' or 'DoesNotExist'") {
        "remove `values`: `Exists`/`DoesNotExist` only test the key".into()
    } else if message.contains("not a valid selector operator") {
        "use one of `In`, `NotIn`, `Exists`, `DoesNotExist` (case-sensitive)".into()
    } else {
        "label keys must be qualified names and values valid label values".into()
    }
}

/// The template must carry labels the selector matches (`ValidatePodTemplateSpecForReplicaSet`
/// and siblings). Skipped when the selector cannot be converted, and (except for DaemonSets)
/// when it is empty.
fn validate_template_labels(kind: WorkloadKind, w: &Workload) -> Option<FieldProblem> {
    let selector = match &w.selector {
        Some(s) => s.to_selector().ok()?,
        None => Selector::nothing(),
    };
    if kind != WorkloadKind::DaemonSet && selector.is_empty() {
        return None;
    }
    if selector.matches(&w.template_labels) {
        return None;
    }
    Some(FieldProblem {
        path: "spec.template.metadata.labels".into(),
        code: Code::SelectorTemplateMismatch,
        message: format!(
            "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
            crate::labels::labels_json(&w.template_labels)
        ),
        help: format!(
            "the template's labels must satisfy the selector ({}); make them a superset of `matchLabels`",
            if selector.is_nothing() { "none given".to_string() } else { selector.to_string() }
        ),
    })
}

// ---------------------------------------------------------------- simulated pods

/// A pod already in the cluster (from the input): what scheduling and IP allocation must avoid.
struct InputPod {
    namespace: String,
    labels: Labels,
}

/// Per-node scheduling state: pods placed and the next free address of its pod CIDR.
struct NodeSlot {
    name: String,
    /// The node's InternalIP: the pod IP of a `hostNetwork` pod.
    internal_ip: Option<String>,
    pods: usize,
    /// The CIDR's network address and its usable host offsets (`.2` up to broadcast - 1).
    network: u32,
    next_offset: u32,
    last_offset: u32,
}

struct Scheduler {
    slots: Vec<NodeSlot>,
    used_ips: BTreeSet<u32>,
}

impl Scheduler {
    fn new(a: &Analysis) -> Self {
        let mut used_ips = BTreeSet::new();
        let mut per_node: BTreeMap<String, usize> = BTreeMap::new();
        for (_, _, pod) in a.pods() {
            for ip in pod.status.pod_ip.iter().chain(pod.status.pod_ips.iter()) {
                if let Some(v) = ip::parse_v4_sloppy(ip) {
                    used_ips.insert(u32::from(v));
                }
            }
            if let Some(n) = &pod.spec.node_name {
                if !pod.is_terminal() {
                    *per_node.entry(n.clone()).or_default() += 1;
                }
            }
        }
        let slots = a
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.ready)
            .map(|(i, n)| {
                let (network, prefix) = n
                    .pod_cidr
                    .as_deref()
                    .and_then(v4_cidr)
                    .filter(|(_, p)| *p <= 30)
                    .unwrap_or(((10 << 24) | (244 << 16) | (((i as u32 + 1) & 0xff) << 8), 24));
                let size = 1u64 << (32 - prefix);
                NodeSlot {
                    name: n.name.clone(),
                    internal_ip: n.internal_ip.clone(),
                    pods: per_node.get(&n.name).copied().unwrap_or(0),
                    network,
                    next_offset: 2,
                    last_offset: (size.saturating_sub(2)).min(u64::from(u32::MAX)) as u32,
                }
            })
            .collect();
        Scheduler { slots, used_ips }
    }

    fn has_room(&self, slot: usize, host_network: bool) -> bool {
        self.slots
            .get(slot)
            .is_some_and(|s| s.pods < MAX_PODS_PER_NODE && (host_network || s.next_offset <= s.last_offset))
    }

    /// The next free pod IP on a node (skipping IPs the input's pods already use).
    fn allocate_ip(&mut self, slot: usize) -> Option<String> {
        let s = self.slots.get_mut(slot)?;
        while s.next_offset <= s.last_offset {
            let ip = s.network.wrapping_add(s.next_offset);
            s.next_offset += 1;
            if self.used_ips.insert(ip) {
                return Some(ip::v4_text(ip));
            }
        }
        None
    }

    /// Picks a node for a pod: the Ready node with room that has the fewest pods of this
    /// workload, then the fewest pods overall, then the first in order (round-robin on an empty
    /// cluster).
    fn pick_node(&self, placed: &BTreeMap<usize, usize>, host_network: bool) -> Option<usize> {
        (0..self.slots.len())
            .filter(|&i| self.has_room(i, host_network))
            .min_by_key(|&i| (placed.get(&i).copied().unwrap_or(0), self.slots.get(i).map_or(0, |s| s.pods), i))
    }

    /// Binds a pod to a node slot: (node name, pod IP). A `hostNetwork` pod shares the node's
    /// address (and has none when the node has no InternalIP).
    fn bind(&mut self, slot: usize, host_network: bool) -> Option<(String, Option<String>)> {
        if !self.has_room(slot, host_network) {
            return None;
        }
        let ip = if host_network { self.slots.get(slot)?.internal_ip.clone() } else { Some(self.allocate_ip(slot)?) };
        let s = self.slots.get_mut(slot)?;
        s.pods += 1;
        Some((s.name.clone(), ip))
    }
}

/// One pod a controller would create, before it is pushed to `a.objects`.
struct PodPlan {
    name: String,
    labels: Labels,
    spec: PodSpec,
    /// A DaemonSet pod is bound to one node slot.
    node_slot: Option<usize>,
}

fn create_workload_pods(a: &mut Analysis) {
    let input_pods: Vec<InputPod> = a
        .pods()
        .map(|(_, o, p)| InputPod { namespace: o.namespace.clone(), labels: p.metadata.labels.clone() })
        .collect();
    let mut taken_names: BTreeSet<(String, String)> =
        a.objects.iter().filter(|o| o.kind == "Pod").map(|o| (o.namespace.clone(), o.name.clone())).collect();
    let mut scheduler = Scheduler::new(a);
    let mut budget = MAX_SIMULATED_PODS;
    let workloads: Vec<usize> = a
        .objects
        .iter()
        .enumerate()
        .filter(|(_, o)| o.valid && matches!(o.body, Body::Workload(_)) && WorkloadKind::of(&o.kind).is_some())
        .map(|(i, _)| i)
        .collect();
    let mut new_objects = Vec::new();
    let mut notes = Vec::new();
    for wi in workloads {
        let Some(o) = a.objects.get(wi) else { continue };
        let (Body::Workload(w), Some(kind)) = (&o.body, WorkloadKind::of(&o.kind)) else {
            continue;
        };
        if owns_input_pods(w, &o.namespace, &input_pods) {
            continue;
        }
        let wanted = desired_pod_count(kind, w, scheduler.slots.len());
        let count = wanted.min(budget);
        budget -= count;
        if count < wanted {
            notes.push((wi, capped_notice(wanted, count)));
        }
        let plans = plan_pods(kind, o, w, count, &mut taken_names);
        let mut placed: BTreeMap<usize, usize> = BTreeMap::new();
        let mut pending = 0usize;
        for plan in plans {
            let pod = bind_pod(o, plan, &mut scheduler, &mut placed);
            if pod.spec.node_name.is_none() {
                pending += 1;
            }
            new_objects.push(simulated_object(o, pod));
        }
        if pending > 0 {
            notes.push((wi, pending_notice(pending, count, &scheduler)));
        }
    }
    a.objects.extend(new_objects);
    for (wi, d) in notes {
        let field = match a.objects.get(wi) {
            Some(o) if o.kind == "DaemonSet" => "spec.template",
            _ => "spec.replicas",
        };
        a.report(wi, field, d);
    }
}

/// Where the input already holds pods the workload's selector matches in its namespace, those
/// are its pods: the playground shows the state the user wrote.
fn owns_input_pods(w: &Workload, namespace: &str, input_pods: &[InputPod]) -> bool {
    let Some(selector) = w.selector.as_ref().and_then(|s| s.to_selector().ok()) else {
        return false;
    };
    input_pods.iter().any(|p| p.namespace == namespace && selector.matches(&p.labels))
}

fn desired_pod_count(kind: WorkloadKind, w: &Workload, ready_nodes: usize) -> usize {
    match kind {
        WorkloadKind::DaemonSet => ready_nodes,
        _ => usize::try_from(w.replicas.unwrap_or(1).max(0)).unwrap_or(usize::MAX),
    }
}

fn capped_notice(wanted: usize, count: usize) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        Code::SimulatedPodsCapped,
        format!("the playground simulates at most {MAX_SIMULATED_PODS} pods in all: {count} of the {wanted} pods of this workload are shown"),
    )
    .help("a real cluster would create them all (and leave those that do not fit Pending); lower `replicas` to see every pod")
}

fn pending_notice(pending: usize, count: usize, scheduler: &Scheduler) -> Diagnostic {
    let why = if scheduler.slots.is_empty() {
        "no node is Ready".to_string()
    } else {
        format!("the {} Ready node(s) are full ({MAX_PODS_PER_NODE} pods per node, the kubelet default, or no free IP in the pod CIDR)", scheduler.slots.len())
    };
    Diagnostic::new(Severity::Warning, Code::PodsPending, format!("{pending} of {count} pods stay Pending: {why}"))
        .help("Pending pods have no IP and are never endpoints; add Ready nodes or lower `replicas`")
}

/// The pods a controller creates: names, labels and spec, in creation order.
fn plan_pods(
    kind: WorkloadKind,
    o: &Object,
    w: &Workload,
    count: usize,
    taken: &mut BTreeSet<(String, String)>,
) -> Vec<PodPlan> {
    match kind {
        WorkloadKind::Deployment => deployment_pods(o, w, count, taken),
        WorkloadKind::ReplicaSet => replicaset_pods(&o.name, &o.namespace, w, w.template_labels.clone(), count, taken),
        WorkloadKind::StatefulSet => statefulset_pods(o, w, count),
        WorkloadKind::DaemonSet => daemonset_pods(o, w, count, taken),
    }
}

/// Deployment → ReplicaSet `<name>-<pod-template-hash>` → pods `<rs>-<5 chars>`, each labelled
/// `pod-template-hash`.
fn deployment_pods(o: &Object, w: &Workload, count: usize, taken: &mut BTreeSet<(String, String)>) -> Vec<PodPlan> {
    let hash = pod_template_hash(w);
    let rs_name = format!("{}-{hash}", o.name);
    let mut labels = w.template_labels.clone();
    labels.insert(LABEL_POD_TEMPLATE_HASH.into(), hash);
    replicaset_pods(&rs_name, &o.namespace, w, labels, count, taken)
}

fn replicaset_pods(
    rs_name: &str,
    namespace: &str,
    w: &Workload,
    labels: Labels,
    count: usize,
    taken: &mut BTreeSet<(String, String)>,
) -> Vec<PodPlan> {
    (0..count)
        .map(|i| PodPlan {
            name: generated::unique_name(
                taken,
                namespace,
                &format!("{rs_name}-"),
                &format!("{namespace}/{rs_name}/{i}"),
            ),
            labels: labels.clone(),
            spec: w.template_spec.clone(),
            node_slot: None,
        })
        .collect()
}

/// StatefulSet pods `<name>-0..n-1`, with `hostname` = pod name and `subdomain` = serviceName.
fn statefulset_pods(o: &Object, w: &Workload, count: usize) -> Vec<PodPlan> {
    let revision = format!("{}-{}", o.name, pod_template_hash(w));
    (0..count)
        .map(|i| {
            let name = format!("{}-{i}", o.name);
            let mut labels = w.template_labels.clone();
            labels.insert(LABEL_STATEFULSET_POD_NAME.into(), name.clone());
            labels.insert("apps.kubernetes.io/pod-index".into(), i.to_string());
            labels.insert(LABEL_CONTROLLER_REVISION_HASH.into(), revision.clone());
            let mut spec = w.template_spec.clone();
            spec.hostname = Some(name.clone());
            spec.subdomain = w.service_name.clone().filter(|s| !s.is_empty());
            PodPlan { name, labels, spec, node_slot: None }
        })
        .collect()
}

/// DaemonSet: one pod `<name>-<5 chars>` per Ready node.
fn daemonset_pods(o: &Object, w: &Workload, count: usize, taken: &mut BTreeSet<(String, String)>) -> Vec<PodPlan> {
    let mut labels = w.template_labels.clone();
    labels.insert(LABEL_CONTROLLER_REVISION_HASH.into(), pod_template_hash(w));
    labels.insert("pod-template-generation".into(), "1".into());
    (0..count)
        .map(|i| PodPlan {
            name: generated::unique_name(
                taken,
                &o.namespace,
                &format!("{}-", o.name),
                &format!("{}/{}/{i}", o.namespace, o.name),
            ),
            labels: labels.clone(),
            spec: w.template_spec.clone(),
            node_slot: Some(i),
        })
        .collect()
}

/// Schedules the pod (or binds it to its DaemonSet node) and gives it an IP; Running and Ready
/// when it fits, Pending without node and IP otherwise.
fn bind_pod(o: &Object, plan: PodPlan, scheduler: &mut Scheduler, placed: &mut BTreeMap<usize, usize>) -> Pod {
    let host_network = plan.spec.host_network;
    let binding = match plan.node_slot {
        Some(slot) => scheduler.bind(slot, host_network).map(|b| (slot, b)),
        None => schedule(scheduler, placed, host_network),
    };
    let mut spec = plan.spec;
    let status = match binding {
        Some((slot, (node, ip))) => {
            *placed.entry(slot).or_default() += 1;
            spec.node_name = Some(node);
            let pod_ips = ip.iter().cloned().collect();
            PodStatus { phase: Some("Running".into()), pod_ip: ip, pod_ips, ready: true, has_ready_condition: true }
        }
        None => PodStatus { phase: Some("Pending".into()), ..Default::default() },
    };
    let metadata =
        ObjectMeta { name: plan.name, namespace: o.namespace.clone(), labels: plan.labels, ..Default::default() };
    Pod { metadata, spec, status }
}

/// Picks a node and binds; a node whose pod CIDR turns out to be exhausted has no room left
/// afterwards, so the next pick goes elsewhere.
fn schedule(
    scheduler: &mut Scheduler,
    placed: &BTreeMap<usize, usize>,
    host_network: bool,
) -> Option<(usize, (String, Option<String>))> {
    for _ in 0..=scheduler.slots.len() {
        let slot = scheduler.pick_node(placed, host_network)?;
        if let Some(b) = scheduler.bind(slot, host_network) {
            return Some((slot, b));
        }
    }
    None
}

fn simulated_object(o: &Object, pod: Pod) -> Object {
    Object {
        kind: "Pod".into(),
        api_version: "v1".into(),
        namespace: o.namespace.clone(),
        name: pod.metadata.name.clone(),
        source: o.source,
        span: o.span,
        root: o.root.clone(),
        valid: true,
        simulated: true,
        body: Body::Pod(pod),
    }
}

/// `pod-template-hash`: like the Deployment controller, a 32-bit FNV-1a hash of the template
/// written in decimal and each digit mapped through `SafeEncodeString` (up to 10 characters).
/// The hashed text is the playground's own rendering of the template, so the value is stable
/// but not the one a real cluster computes.
pub fn pod_template_hash(w: &Workload) -> String {
    let text = format!("{:?}|{:?}", w.template_labels, w.template_spec);
    generated::safe_encode(&fnv32(text.as_bytes()).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_parsing() {
        assert_eq!(v4_cidr("10.244.1.0/24"), Some((0x0af4_0100, 24)));
        assert_eq!(v4_cidr("10.244.1.7/24"), Some((0x0af4_0100, 24)));
        assert_eq!(v4_cidr("10.244.1.0/33"), None);
        assert_eq!(v4_cidr("fd00::/64"), None);
        assert_eq!(default_range_index("10.244.7.0/24"), Some(7));
    }

    #[test]
    fn derived_pod_cidrs_skip_used_ranges() {
        let mut nodes = vec![
            NodeInfo { name: "x".into(), pod_cidr: None, ..Default::default() },
            NodeInfo { name: "y".into(), pod_cidr: Some("10.244.1.0/24".into()), ..Default::default() },
            NodeInfo { name: "z".into(), pod_cidr: None, ..Default::default() },
        ];
        assign_pod_cidrs(&mut nodes);
        assert_eq!(nodes[0].pod_cidr.as_deref(), Some("10.244.2.0/24"));
        assert_eq!(nodes[2].pod_cidr.as_deref(), Some("10.244.3.0/24"));
    }

    #[test]
    fn hash_alphabet() {
        let h = generated::safe_encode("4294967295");
        assert_eq!(h.len(), 10);
        assert!(h.bytes().all(|b| generated::ALPHABET.contains(&b)));
    }
}
