//! # `no-ready-pods`
//!
//! *What.* The selector picks pods but none of them can receive traffic. The message counts each
//! reason: no status at all, no IP yet, finished (Succeeded/Failed), terminating, not Ready (Ready
//! condition not `"True"`), no Ready condition, bound to a Node that does not exist. With
//! `publishNotReadyAddresses: true` only "no status", "no IP" and "finished" count.
//!
//! *Why.* Such a Service has endpoints only under `notReadyAddresses` (or none): kube-proxy has
//! nothing to send to and a headless Service's name does not resolve. A pod written without
//! `status` is not Ready — in a real cluster the kubelet writes it, so add a status (or use a
//! workload, whose simulated pods run) to model a running pod. The EndpointSlice controller skips
//! pods on unknown nodes (reference §7.11).
//!
//! *Example.* Two selected pods with `conditions: [{type: Ready, status: "False"}]` → `the Service
//! selects 2 pods but none can receive traffic: 2 are not Ready (Ready condition not True)`.

use crate::checks::words::pods_word;
use crate::checks::{Pod, Service, Subject};
use crate::diag::Code;
use crate::model::Diagnostics;
use crate::{Analysis, Diagnostic, Object, Severity};
pub(super) fn check(s: &Subject, sink: &mut Diagnostics) {
    if let Some(d) = no_ready_pods(s.a, s.svc, &s.selected) {
        sink.report(s.object, "spec.selector", d);
    }
}

/// Why a selected pod does not receive traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Unready {
    Finished,
    NoStatus,
    NoIp,
    Terminating,
    NotReady,
    NoReadyCondition,
    UnknownNode,
}

impl Unready {
    /// "2 are terminating", "1 has no IP yet", ...
    fn counted(self, n: usize) -> String {
        let one = n == 1;
        let (is, has) = if one { ("is", "has") } else { ("are", "have") };
        match self {
            Unready::Finished => format!("{n} {have} finished (phase Succeeded or Failed)", have = has),
            Unready::NoStatus => format!("{n} {has} no status (so no IP and no Ready condition)"),
            Unready::NoIp => format!("{n} {has} no IP yet"),
            Unready::Terminating => format!("{n} {is} terminating"),
            Unready::NotReady => format!("{n} {is} not Ready (Ready condition not True)"),
            Unready::NoReadyCondition => format!("{n} {has} no Ready condition"),
            Unready::UnknownNode => format!("{n} {is} on a node that does not exist"),
        }
    }
}

/// Why a selected pod does not receive traffic (None: it does).
fn unready_reason(a: &Analysis, p: &Pod, publish: bool) -> Option<Unready> {
    if p.is_terminal() {
        return Some(Unready::Finished);
    }
    if p.status.phase.is_none() && p.ip().is_none() && !p.status.has_ready_condition {
        return Some(Unready::NoStatus);
    }
    if p.ip().is_none() {
        return Some(Unready::NoIp);
    }
    if publish {
        return None;
    }
    if p.is_terminating() {
        return Some(Unready::Terminating);
    }
    if !p.status.ready {
        return Some(if p.status.has_ready_condition { Unready::NotReady } else { Unready::NoReadyCondition });
    }
    if let Some(node) = p.spec.node_name.as_deref() {
        if a.node(node).is_none() {
            return Some(Unready::UnknownNode);
        }
    }
    None
}

fn no_ready_pods(a: &Analysis, svc: &Service, selected: &[(&Object, &Pod)]) -> Option<Diagnostic> {
    if selected.is_empty() {
        return None;
    }
    let publish = svc.spec.publish_not_ready_addresses;
    let mut reasons: Vec<(Unready, usize)> = Vec::new();
    for (_, p) in selected {
        let r = unready_reason(a, p, publish)?;
        match reasons.iter_mut().find(|(x, _)| *x == r) {
            Some((_, n)) => *n += 1,
            None => reasons.push((r, 1)),
        }
    }
    crate::util::sort::sort_by_key(&mut reasons, |r| std::cmp::Reverse(r.1));
    let breakdown: Vec<String> = reasons.iter().map(|(r, n)| r.counted(*n)).collect();
    let help = match reasons.first().map(|(r, _)| *r) {
        Some(Unready::NoStatus | Unready::NoReadyCondition) => {
            "a pod written without `status` is not Ready (the kubelet writes it in a real cluster): add `status: {phase: Running, podIP: ..., conditions: [{type: Ready, status: \"True\"}]}` to model a running pod, or use a workload"
        }
        Some(Unready::Terminating) => "terminating pods are not Ready: while no Ready endpoint exists kube-proxy still sends new connections to the ones that are serving, until they go; wait for their replacements, or check why those are not Ready",
        Some(Unready::UnknownNode) => "add the Node to the input (or fix `spec.nodeName`): the EndpointSlice controller skips pods on unknown nodes",
        Some(Unready::NoIp) => "pods get an IP when they are scheduled and started: give them `status.podIP`, or check why they are Pending",
        Some(Unready::Finished) => "finished pods never serve again: the Service needs running pods",
        _ => "a Service sends traffic only to Ready pods: fix the readiness probe, or set `publishNotReadyAddresses: true` if clients must reach unready pods (peer discovery)",
    };
    Some(
        Diagnostic::new(
            Severity::Warning,
            Code::NoReadyPods,
            format!(
                "the Service selects {} but none can receive traffic: {}",
                pods_word(selected.len()),
                breakdown.join(", ")
            ),
        )
        .help(help),
    )
}
