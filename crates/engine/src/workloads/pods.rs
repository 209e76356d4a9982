//! The pods the workload controllers create (Deployment → ReplicaSet → Pods, StatefulSet,
//! DaemonSet), named, labelled and scheduled as a real cluster would, deterministically.

use crate::api::wellknown::{LABEL_CONTROLLER_REVISION_HASH, LABEL_POD_TEMPLATE_HASH, LABEL_STATEFULSET_POD_NAME};
use crate::api::{ObjectMeta, Pod, PodSpec, PodStatus, Workload};
use crate::diag::Code;
use crate::labels::{LabelIndex, Labels};
use crate::model::{ClusterSettings, Kind};
use crate::util::generated;
use crate::util::hash::fnv32;
use crate::workloads::scheduler::{InputPod, Scheduler};
use crate::workloads::{Diagnostics, NodeInfo, Objects, MAX_PODS_PER_NODE, MAX_SIMULATED_PODS};
use crate::{Body, Diagnostic, Object, Severity};
use std::collections::BTreeMap;
use std::collections::BTreeSet;
/// One pod a controller would create, before it is pushed to `a.objects`.
pub(crate) struct PodPlan {
    name: String,
    labels: Labels,
    spec: PodSpec,
    /// A DaemonSet pod is bound to one node slot.
    node_slot: Option<usize>,
}

/// The pods of every valid workload whose pods the input does not already hold, and notes
/// about the workloads (capped, Pending) for `sink`.
pub fn create(objects: &Objects, nodes: &[NodeInfo], cluster: &ClusterSettings, sink: &mut Diagnostics) -> Vec<Object> {
    let input_pods: Vec<InputPod> = objects
        .pods()
        .map(|(_, o, p)| InputPod { namespace: o.namespace.clone(), labels: p.metadata.labels.clone() })
        .collect();
    let index = LabelIndex::new(input_pods.iter().map(|p| (p.namespace.as_str(), &p.labels)));
    let mut taken_names: BTreeSet<(String, String)> = crate::util::sort::set(
        objects.iter().filter(|o| o.kind == Kind::Pod).map(|o| (o.namespace.clone(), o.name.clone())),
    );
    let mut scheduler = Scheduler::new(objects, nodes, cluster);
    let mut budget = MAX_SIMULATED_PODS;
    let mut new_objects = Vec::new();
    for o in objects.iter().filter(|o| o.valid && o.kind.is_workload()) {
        let Body::Workload(w) = &o.body else { continue };
        let kind = &o.kind;
        if owns_input_pods(w, &o.namespace, &input_pods, &index) {
            continue;
        }
        let wanted = desired_pod_count(kind, w, scheduler.slots.len());
        let count = wanted.min(budget);
        budget -= count;
        let field = if *kind == Kind::DaemonSet { "spec.template" } else { "spec.replicas" };
        if count < wanted {
            sink.report(o, field, capped_notice(wanted, count));
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
            sink.report(o, field, pending_notice(pending, count, &scheduler));
        }
    }
    new_objects
}

/// Where the input already holds pods the workload's selector matches in its namespace, those
/// are its pods: the playground shows the state the user wrote.
pub(crate) fn owns_input_pods(w: &Workload, namespace: &str, input_pods: &[InputPod], index: &LabelIndex) -> bool {
    let Some(selector) = w.selector.as_ref().and_then(|s| s.to_selector().ok()) else {
        return false;
    };
    let candidates = index.candidates(namespace, &selector).iter().filter_map(|&i| input_pods.get(i as usize));
    candidates.into_iter().any(|p| p.namespace == namespace && selector.matches(&p.labels))
}

pub(crate) fn desired_pod_count(kind: &Kind, w: &Workload, ready_nodes: usize) -> usize {
    match kind {
        Kind::DaemonSet => ready_nodes,
        _ => usize::try_from(w.replicas.unwrap_or(1).max(0)).unwrap_or(usize::MAX),
    }
}

pub(crate) fn capped_notice(wanted: usize, count: usize) -> Diagnostic {
    Diagnostic::new(
        Severity::Warning,
        Code::SimulatedPodsCapped,
        format!("the playground simulates at most {MAX_SIMULATED_PODS} pods in all: {count} of the {wanted} pods of this workload are shown"),
    )
    .help("a real cluster would create them all (and leave those that do not fit Pending); lower `replicas` to see every pod")
}

pub(crate) fn pending_notice(pending: usize, count: usize, scheduler: &Scheduler) -> Diagnostic {
    let why = if scheduler.slots.is_empty() {
        "no node is Ready".to_string()
    } else {
        format!("the {} Ready node(s) are full ({MAX_PODS_PER_NODE} pods per node, the kubelet default, or no free IP in the pod CIDR)", scheduler.slots.len())
    };
    Diagnostic::new(Severity::Warning, Code::PodsPending, format!("{pending} of {count} pods stay Pending: {why}"))
        .help("Pending pods have no IP and are never endpoints; add Ready nodes or lower `replicas`")
}

/// The pods a controller creates: names, labels and spec, in creation order.
pub(crate) fn plan_pods(
    kind: &Kind,
    o: &Object,
    w: &Workload,
    count: usize,
    taken: &mut BTreeSet<(String, String)>,
) -> Vec<PodPlan> {
    match kind {
        Kind::ReplicaSet => replicaset_pods(&o.name, &o.namespace, w, w.template_labels.clone(), count, taken),
        Kind::StatefulSet => statefulset_pods(o, w, count),
        Kind::DaemonSet => daemonset_pods(o, w, count, taken),
        _ => deployment_pods(o, w, count, taken),
    }
}

/// Deployment → ReplicaSet `<name>-<pod-template-hash>` → pods `<rs>-<5 chars>`, each labelled
/// `pod-template-hash`.
pub(crate) fn deployment_pods(
    o: &Object,
    w: &Workload,
    count: usize,
    taken: &mut BTreeSet<(String, String)>,
) -> Vec<PodPlan> {
    let hash = pod_template_hash(w);
    let rs_name = format!("{}-{hash}", o.name);
    let mut labels = w.template_labels.clone();
    labels.insert(LABEL_POD_TEMPLATE_HASH.into(), hash);
    replicaset_pods(&rs_name, &o.namespace, w, labels, count, taken)
}

pub(crate) fn replicaset_pods(
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
pub(crate) fn statefulset_pods(o: &Object, w: &Workload, count: usize) -> Vec<PodPlan> {
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
pub(crate) fn daemonset_pods(
    o: &Object,
    w: &Workload,
    count: usize,
    taken: &mut BTreeSet<(String, String)>,
) -> Vec<PodPlan> {
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
pub(crate) fn bind_pod(
    o: &Object,
    plan: PodPlan,
    scheduler: &mut Scheduler,
    placed: &mut BTreeMap<usize, usize>,
) -> Pod {
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
            PodStatus {
                phase: Some("Running".into()),
                pod_ip: ip.first().cloned(),
                pod_ips: ip,
                ready: true,
                has_ready_condition: true,
                ..Default::default()
            }
        }
        None => PodStatus { phase: Some("Pending".into()), ..Default::default() },
    };
    let metadata =
        ObjectMeta { name: plan.name, namespace: o.namespace.clone(), labels: plan.labels, ..Default::default() };
    Pod { metadata, spec, status }
}

/// Picks a node and binds; a node whose pod CIDR turns out to be exhausted has no room left
/// afterwards, so the next pick goes elsewhere.
pub(crate) fn schedule(
    scheduler: &mut Scheduler,
    placed: &BTreeMap<usize, usize>,
    host_network: bool,
) -> Option<(usize, (String, Vec<String>))> {
    for _ in 0..=scheduler.slots.len() {
        let slot = scheduler.pick_node(placed, host_network)?;
        if let Some(b) = scheduler.bind(slot, host_network) {
            return Some((slot, b));
        }
    }
    None
}

pub(crate) fn simulated_object(o: &Object, pod: Pod) -> Object {
    Object {
        kind: Kind::Pod,
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
